import {
  comingOccurrences,
  firstOccurrenceWithoutTime,
  isCalendarDate,
  localDateOf,
  occurrenceContent,
  occurrenceDates,
  seriesHorizonNeedsRenewal,
  seriesScheduleSpec,
  seriesTimingProblems,
  type SeriesTiming,
} from './series-rule';

const berlinDaily: SeriesTiming = {
  rule: { frequency: 'daily', every: 1 },
  time: '09:00',
  timeZone: 'Europe/Berlin',
  startDate: '2027-03-01',
  end: { type: 'never' },
};

describe('occurrenceDates', () => {
  test('daily every 3 days counts from the start date, across months', () => {
    const timing = { ...berlinDaily, rule: { frequency: 'daily' as const, every: 3 } };
    expect(occurrenceDates(timing, '2027-03-25', '2027-04-05')).toEqual(['2027-03-25', '2027-03-28', '2027-03-31', '2027-04-03']);
  });

  test('weekly every 2 weeks on chosen days counts weeks from the week of the start (Monday first)', () => {
    // 2027-03-03 is a Wednesday: its week (from Monday 03-01) is the first
    const timing = {
      ...berlinDaily,
      startDate: '2027-03-03',
      rule: { frequency: 'weekly' as const, every: 2, days: ['MONDAY' as const, 'FRIDAY' as const] },
    };
    expect(occurrenceDates(timing, '2027-03-01', '2027-03-31')).toEqual(['2027-03-05', '2027-03-15', '2027-03-19', '2027-03-29']);
  });

  test('monthly every 5 months on day 31 only has the months with a 31st, and crosses years', () => {
    const timing = { ...berlinDaily, startDate: '2027-01-01', rule: { frequency: 'monthly' as const, every: 5, dayOfMonth: 31 } };
    // January; June, November, April 2028, September, February 2029 have no 31st; July; December
    expect(occurrenceDates(timing, '2027-01-01', '2029-12-31')).toEqual(['2027-01-31', '2029-07-31', '2029-12-31']);
  });

  test('nothing before the start date', () => {
    expect(occurrenceDates({ ...berlinDaily, startDate: '2027-03-10' }, '2027-03-08', '2027-03-11')).toEqual(['2027-03-10', '2027-03-11']);
  });
});

describe('seriesScheduleSpec', () => {
  test('every day is one calendar entry in the series zone, from the start of its first day', () => {
    const spec = seriesScheduleSpec(berlinDaily, [], '2027-02-01');
    expect(spec).toEqual({
      calendars: [{ hour: 9, minute: 0, comment: 'every day at 09:00' }],
      skip: [],
      timezone: 'Europe/Berlin',
      startAt: new Date('2027-02-28T23:00:00Z'),
    });
  });

  test('weekly and monthly every 1 use the weekday and day-of-month fields', () => {
    const weekly = seriesScheduleSpec(
      { ...berlinDaily, rule: { frequency: 'weekly', every: 1, days: ['TUESDAY', 'THURSDAY'] } },
      [],
      '2027-02-01',
    );
    expect(weekly.calendars).toEqual([
      { dayOfWeek: ['TUESDAY', 'THURSDAY'], hour: 9, minute: 0, comment: 'every week on TUESDAY, THURSDAY at 09:00' },
    ]);
    const monthly = seriesScheduleSpec({ ...berlinDaily, rule: { frequency: 'monthly', every: 1, dayOfMonth: 15 } }, [], '2027-02-01');
    expect(monthly.calendars).toEqual([{ dayOfMonth: 15, hour: 9, minute: 0, comment: 'every month on day 15 at 09:00' }]);
  });

  test('every N > 1 is written out month by month up to the end date, which ends the spec that evening', () => {
    const timing: SeriesTiming = { ...berlinDaily, rule: { frequency: 'daily', every: 10 }, end: { type: 'on', date: '2027-04-20' } };
    const spec = seriesScheduleSpec(timing, [], '2027-02-01');
    expect(spec.calendars.map(({ year, month, dayOfMonth }) => ({ year, month, dayOfMonth }))).toEqual([
      { year: 2027, month: 'MARCH', dayOfMonth: [1, 11, 21, 31] },
      { year: 2027, month: 'APRIL', dayOfMonth: [10, 20] },
    ]);
    // the last second of 20 April in Berlin (summer time, UTC+2)
    expect(spec.endAt).toEqual(new Date('2027-04-20T21:59:59Z'));
  });

  test('every N > 1 without an end reaches ten years ahead of today, not back to a past start', () => {
    const spec = seriesScheduleSpec(
      { ...berlinDaily, startDate: '2020-01-01', rule: { frequency: 'monthly', every: 2, dayOfMonth: 1 } },
      [],
      '2027-02-10',
    );
    expect(spec.calendars[0]).toMatchObject({ year: 2027, month: 'MARCH' });
    expect(spec.calendars.at(-1)).toMatchObject({ year: 2037, month: 'JANUARY' });
  });

  test('a skipped occurrence is left out at its local wall-clock time', () => {
    const spec = seriesScheduleSpec(berlinDaily, [new Date('2027-03-29T07:00:00Z')], '2027-02-01');
    expect(spec.skip).toEqual([{ year: 2027, month: 'MARCH', dayOfMonth: 29, hour: 9, minute: 0, comment: 'skipped' }]);
  });
});

describe('comingOccurrences', () => {
  const mondaysAndWednesdays: SeriesTiming = {
    ...berlinDaily,
    startDate: '2027-03-01',
    rule: { frequency: 'weekly', every: 2, days: ['MONDAY', 'WEDNESDAY'] },
    end: { type: 'after', count: 3 },
  };

  test('the next times on the zone clock, across the change to summer time, up to the end count', () => {
    const never: SeriesTiming = { ...mondaysAndWednesdays, end: { type: 'never' } };
    expect(comingOccurrences(never, new Date('2027-02-01T00:00:00Z'), 5)).toEqual([
      new Date('2027-03-01T08:00:00Z'),
      new Date('2027-03-03T08:00:00Z'),
      new Date('2027-03-15T08:00:00Z'),
      new Date('2027-03-17T08:00:00Z'),
      // after the clocks went forward on 28 March
      new Date('2027-03-29T07:00:00Z'),
    ]);
    expect(comingOccurrences(mondaysAndWednesdays, new Date('2027-02-01T00:00:00Z'), 5)).toHaveLength(3);
    // an edited series counts the posts it has already created
    expect(comingOccurrences(mondaysAndWednesdays, new Date('2027-02-01T00:00:00Z'), 5, 1)).toEqual([new Date('2027-03-01T08:00:00Z')]);
  });

  test("today's time, once passed, is not coming", () => {
    const now = new Date('2027-03-01T08:00:00Z');
    expect(comingOccurrences({ ...mondaysAndWednesdays, end: { type: 'never' } }, now, 2)).toEqual([
      new Date('2027-03-03T08:00:00Z'),
      new Date('2027-03-15T08:00:00Z'),
    ]);
  });
});

describe('seriesHorizonNeedsRenewal', () => {
  const everyOtherDay: SeriesTiming = { ...berlinDaily, startDate: '2016-01-01', rule: { frequency: 'daily', every: 2 } };

  test('written-out dates are renewed once fewer than nine years of them are left', () => {
    // written on 2026-12-01: dates up to ten years ahead
    expect(seriesHorizonNeedsRenewal(everyOtherDay, '2036-11-30', '2026-12-01')).toBe(false);
    expect(seriesHorizonNeedsRenewal(everyOtherDay, '2036-11-30', '2027-11-30')).toBe(false);
    expect(seriesHorizonNeedsRenewal(everyOtherDay, '2036-11-30', '2027-12-02')).toBe(true);
    // a series never edited for ten years: its last written date is close
    expect(seriesHorizonNeedsRenewal(everyOtherDay, '2027-01-01', '2026-12-20')).toBe(true);
    // none left at all
    expect(seriesHorizonNeedsRenewal(everyOtherDay, undefined, '2026-12-20')).toBe(true);
  });

  test('not when writing them again would add no date: the end is written, or the rule has its own calendar entry', () => {
    const ending: SeriesTiming = { ...everyOtherDay, end: { type: 'on', date: '2027-06-30' } };
    // 2027-06-30 is its last day
    expect(seriesHorizonNeedsRenewal(ending, '2027-06-30', '2026-12-20')).toBe(false);
    expect(seriesHorizonNeedsRenewal(ending, '2027-05-01', '2026-12-20')).toBe(true);
    expect(seriesHorizonNeedsRenewal(berlinDaily, undefined, '2050-01-01')).toBe(false);
  });
});

describe('seriesTimingProblems', () => {
  test('a valid series has none', () => {
    expect(seriesTimingProblems(berlinDaily, '2027-02-01')).toEqual([]);
  });

  test('an end before the start, or past, names end.date', () => {
    expect(seriesTimingProblems({ ...berlinDaily, end: { type: 'on', date: '2027-02-28' } }, '2027-02-01')).toEqual([
      { path: 'end.date', message: 'the end (2027-02-28) is before the start (2027-03-01)' },
    ]);
    expect(
      seriesTimingProblems({ ...berlinDaily, startDate: '2027-01-01', end: { type: 'on', date: '2027-01-20' } }, '2027-02-01'),
    ).toEqual([{ path: 'end.date', message: 'the end (2027-01-20) has passed: it is 2027-02-01 in Europe/Berlin' }]);
  });

  test('a rule with no day before its end, or ever, is refused', () => {
    const mondays: SeriesTiming = {
      ...berlinDaily,
      startDate: '2027-03-02',
      rule: { frequency: 'weekly', every: 1, days: ['MONDAY'] },
      end: { type: 'on', date: '2027-03-05' },
    };
    expect(seriesTimingProblems(mondays, '2027-02-01')).toEqual([
      { path: 'rule', message: 'the rule has no day from 2027-03-02 to the end (2027-03-05)' },
    ]);
    // February never has a 30th, and every 12 months stays in February
    const never: SeriesTiming = { ...berlinDaily, startDate: '2027-02-01', rule: { frequency: 'monthly', every: 12, dayOfMonth: 30 } };
    expect(seriesTimingProblems(never, '2027-02-01')).toEqual([
      { path: 'rule.dayOfMonth', message: 'the rule has no day in the 10 years from 2027-02-01' },
    ]);
  });

  test('a time the clocks skip on an occurrence day is refused, naming the day; a weekday rule that avoids it is not', () => {
    expect(seriesTimingProblems({ ...berlinDaily, time: '02:30' }, '2027-02-01')).toEqual([
      {
        path: 'time',
        message:
          '02:30 does not exist in Europe/Berlin on 2027-03-28 (the clocks skip it), so that day would have no post: choose another time',
      },
    ]);
    // the clocks change on Sundays
    const weekdays: SeriesTiming = { ...berlinDaily, time: '02:30', rule: { frequency: 'weekly', every: 1, days: ['MONDAY', 'FRIDAY'] } };
    expect(firstOccurrenceWithoutTime(weekdays, '2027-02-01')).toBeUndefined();
    expect(seriesTimingProblems(weekdays, '2027-02-01')).toEqual([]);
  });
});

test('isCalendarDate refuses days that do not exist', () => {
  expect(isCalendarDate('2028-02-29')).toBe(true);
  expect(isCalendarDate('2027-02-29')).toBe(false);
  expect(isCalendarDate('2027-13-01')).toBe(false);
});

test('localDateOf is the date on the zone wall clock', () => {
  expect(localDateOf(new Date('2027-03-28T23:30:00Z'), 'Europe/Berlin')).toBe('2027-03-29');
  expect(localDateOf(new Date('2027-03-28T23:30:00Z'), 'America/New_York')).toBe('2027-03-28');
});

test('occurrenceContent fills in the number and the local date', () => {
  expect(occurrenceContent('Tip #{{n}} of {{date}} ({{n}})', { number: 7, date: '2027-03-29' })).toBe('Tip #7 of 2027-03-29 (7)');
});
