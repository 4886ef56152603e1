// When a series (a recurring post) fires: its rule, time of day, time zone, start and end,
// turned into the calendar spec of the Temporal Schedule that runs it
// (lib/temporal/series-schedule.ts), and the checks that refuse a series that could never
// fire as its author means. Temporal reads the calendar in the series' zone, so 09:00 stays
// 09:00 across daylight saving changes.
// NOTE: pure (no Node APIs, no Temporal client): the API and the web app share it.
import { TZDate, tz, tzOffset } from '@date-fns/tz';
import { format } from 'date-fns';

// Temporal's names for weekdays and months (CalendarSpec).
export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;
type Month = (typeof MONTHS)[number];

export const SERIES_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;

/** Every `every` days; every `every` weeks on `days`; every `every` months on `dayOfMonth`. */
export type SeriesRule =
  | { frequency: 'daily'; every: number }
  | { frequency: 'weekly'; every: number; days: Weekday[] }
  | { frequency: 'monthly'; every: number; dayOfMonth: number };

export type SeriesEnd = { type: 'never' } | { type: 'after'; count: number } | { type: 'on'; date: string };

export interface SeriesTiming {
  rule: SeriesRule;
  /** HH:MM, 24-hour, on the wall clock of `timeZone` */
  time: string;
  /** IANA name, e.g. Europe/Berlin */
  timeZone: string;
  /** YYYY-MM-DD in `timeZone`: the first day that may have an occurrence */
  startDate: string;
  /** `on`: the last day (in `timeZone`) that may have one */
  end: SeriesEnd;
}

/**
 * A rule repeating every N > 1 days, weeks or months has no calendar field of its own:
 * its dates are written out month by month this far ahead of today (and written again
 * whenever the series changes, and by its firings: seriesHorizonNeedsRenewal). Temporal's
 * calendar takes years up to 2100.
 */
export const SERIES_HORIZON_YEARS = 10;
/** A firing writes the dates again once fewer than this many years of them are left: about once a year. */
export const SERIES_RENEWAL_YEARS = SERIES_HORIZON_YEARS - 1;
const LAST_CALENDAR_DATE = '2100-12-31';

export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

// Local dates as day numbers (days since 1970-01-01): plain calendar arithmetic, no zone.

const DAY_MS = 24 * 60 * 60 * 1000;

function dayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Whether `date` is a real day of the calendar (not 2026-02-30). */
export function isCalendarDate(date: string): boolean {
  return LOCAL_DATE.test(date) && dateOfDay(dayNumber(date)) === date;
}

/** 0 for Monday to 6 for Sunday. */
function weekdayIndex(day: number): number {
  // 1970-01-01 was a Thursday
  return (day + 3) % 7;
}

function addYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}

function minDate(...dates: string[]): string {
  return dates.reduce((a, b) => (a < b ? a : b));
}

/** Whether the rule fires on `day`, counting its every-N from the start (`start`, a day number). */
function ruleMatches(rule: SeriesRule, start: number, day: number): boolean {
  if (day < start) return false;
  switch (rule.frequency) {
    case 'daily':
      return (day - start) % rule.every === 0;
    case 'weekly': {
      // weeks start on Monday; the week of the start date is the first of the series
      const firstMonday = start - weekdayIndex(start);
      const week = Math.floor((day - firstMonday) / 7);
      return week % rule.every === 0 && rule.days.includes(WEEKDAYS[weekdayIndex(day)]!);
    }
    case 'monthly': {
      const date = new Date(day * DAY_MS);
      const first = new Date(start * DAY_MS);
      const months = (date.getUTCFullYear() - first.getUTCFullYear()) * 12 + date.getUTCMonth() - first.getUTCMonth();
      return months % rule.every === 0 && date.getUTCDate() === rule.dayOfMonth;
    }
  }
}

/** The local dates the rule fires on from `from` to `until`, both included (the end's count aside); at most `limit`. */
export function occurrenceDates(timing: Pick<SeriesTiming, 'rule' | 'startDate'>, from: string, until: string, limit = Infinity): string[] {
  const dates: string[] = [];
  const start = dayNumber(timing.startDate);
  for (let day = Math.max(dayNumber(from), start); day <= dayNumber(until) && dates.length < limit; day += 1) {
    if (ruleMatches(timing.rule, start, day)) dates.push(dateOfDay(day));
  }
  return dates;
}

/** The last local date the series' calendar covers: its end date, else the horizon. */
function lastCoveredDate(timing: SeriesTiming, today: string): string {
  const horizon = addYears(today > timing.startDate ? today : timing.startDate, SERIES_HORIZON_YEARS);
  return minDate(timing.end.type === 'on' ? timing.end.date : horizon, horizon, LAST_CALENDAR_DATE);
}

// Local wall-clock times and instants.

function localInstant(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(year, month - 1, day, hour, minute, 0, timeZone).getTime());
}

/** The local date (YYYY-MM-DD) of an instant in `timeZone`: what `{{date}}` shows. */
export function localDateOf(instant: Date, timeZone: string): string {
  return format(instant, 'yyyy-MM-dd', { in: tz(timeZone) });
}

function localTimeOf(instant: Date, timeZone: string): string {
  return format(instant, 'HH:mm', { in: tz(timeZone) });
}

/**
 * The times of the next `limit` occurrences after `now`, as the Schedule written today would
 * fire them (skipped ones aside), at most `remaining` (the posts an "after N" end has left):
 * the form's preview before a series is saved.
 */
export function comingOccurrences(
  timing: SeriesTiming,
  now: Date,
  limit: number,
  remaining = timing.end.type === 'after' ? timing.end.count : Infinity,
): Date[] {
  const today = localDateOf(now, timing.timeZone);
  const count = Math.min(limit, remaining);
  // one more date than asked for: today's may have passed
  return occurrenceDates(timing, today, lastCoveredDate(timing, today), count + 1)
    .map((date) => localInstant(date, timing.time, timing.timeZone))
    .filter((instant) => instant.getTime() > now.getTime())
    .slice(0, count);
}

/**
 * Whether the written-out dates of an every-N > 1 rule, the last of which is `lastWritten`
 * (undefined: none), should be written again `today`: once fewer than SERIES_RENEWAL_YEARS
 * of them are left, unless writing them again would add no date (the end is written).
 */
export function seriesHorizonNeedsRenewal(timing: SeriesTiming, lastWritten: string | undefined, today: string): boolean {
  if (timing.rule.every === 1) return false;
  const renewedUntil = occurrenceDates(timing, today, lastCoveredDate(timing, today)).at(-1);
  if (renewedUntil === undefined || (lastWritten !== undefined && renewedUntil <= lastWritten)) return false;
  return lastWritten === undefined || lastWritten < addYears(today, SERIES_RENEWAL_YEARS);
}

/**
 * The first occurrence date of the coming two years (zone rules repeat yearly, an every-2
 * rule every other year) on which `timing.time` does not exist in its zone, because the
 * clocks jump over it (spring forward). Only days whose offset changes can skip a time.
 */
export function firstOccurrenceWithoutTime(timing: SeriesTiming, from: string): string | undefined {
  const offsetAtNoon = (day: number) => tzOffset(timing.timeZone, new Date(day * DAY_MS + DAY_MS / 2));
  const start = dayNumber(timing.startDate);
  const first = dayNumber(from);
  let previous = offsetAtNoon(first - 1);
  for (let day = first; day <= first + 2 * 366; day += 1) {
    const offset = offsetAtNoon(day);
    if (offset === previous) continue;
    previous = offset;
    // the clocks changed between yesterday's noon and today's: on one of the two days
    for (const candidate of [day - 1, day]) {
      if (candidate < first || !ruleMatches(timing.rule, start, candidate)) continue;
      const date = dateOfDay(candidate);
      if (localTimeOf(localInstant(date, timing.time, timing.timeZone), timing.timeZone) !== timing.time) return date;
    }
  }
  return undefined;
}

// The Temporal Schedule's spec: plain data shaped like @temporalio/client's ScheduleSpec.

export interface SeriesCalendar {
  year?: number;
  month?: Month;
  dayOfMonth?: number | number[];
  dayOfWeek?: Weekday[];
  hour: number;
  minute: number;
  comment?: string;
}

export interface SeriesScheduleSpec {
  calendars: SeriesCalendar[];
  /** occurrences skipped with skip-next */
  skip: SeriesCalendar[];
  timezone: string;
  startAt: Date;
  endAt?: Date;
}

function describeRule(timing: SeriesTiming): string {
  const { rule } = timing;
  const every = rule.every === 1 ? '' : ` ${rule.every}`;
  switch (rule.frequency) {
    case 'daily':
      return `every${every} day${every ? 's' : ''} at ${timing.time}`;
    case 'weekly':
      return `every${every} week${every ? 's' : ''} on ${rule.days.join(', ')} at ${timing.time}`;
    case 'monthly':
      return `every${every} month${every ? 's' : ''} on day ${rule.dayOfMonth} at ${timing.time}`;
  }
}

/**
 * The Schedule's spec for the series. Every day, week or month is one calendar entry that
 * never runs out; every N > 1 has its dates written out, one entry per month, up to the
 * end or SERIES_HORIZON_YEARS after `today`. `skipped` are occurrence times to leave out.
 */
export function seriesScheduleSpec(timing: SeriesTiming, skipped: readonly Date[], today: string): SeriesScheduleSpec {
  const { rule, timeZone } = timing;
  const [hour, minute] = timing.time.split(':').map(Number) as [number, number];
  const comment = describeRule(timing);
  let calendars: SeriesCalendar[];
  if (rule.every === 1) {
    calendars = [
      {
        ...(rule.frequency === 'weekly' && { dayOfWeek: [...rule.days] }),
        ...(rule.frequency === 'monthly' && { dayOfMonth: rule.dayOfMonth }),
        hour,
        minute,
        comment,
      },
    ];
  } else {
    const byMonth = new Map<string, number[]>();
    for (const date of occurrenceDates(timing, today, lastCoveredDate(timing, today))) {
      const days = byMonth.get(date.slice(0, 7)) ?? [];
      days.push(Number(date.slice(8, 10)));
      byMonth.set(date.slice(0, 7), days);
    }
    calendars = [...byMonth].map(([yearMonth, days]) => ({
      year: Number(yearMonth.slice(0, 4)),
      month: MONTHS[Number(yearMonth.slice(5, 7)) - 1]!,
      dayOfMonth: days,
      hour,
      minute,
      comment,
    }));
  }
  const skip = skipped.map((instant): SeriesCalendar => {
    const date = localDateOf(instant, timeZone);
    const [skipHour, skipMinute] = localTimeOf(instant, timeZone).split(':').map(Number) as [number, number];
    return {
      year: Number(date.slice(0, 4)),
      month: MONTHS[Number(date.slice(5, 7)) - 1]!,
      dayOfMonth: Number(date.slice(8, 10)),
      hour: skipHour,
      minute: skipMinute,
      comment: 'skipped',
    };
  });
  return {
    calendars,
    skip,
    timezone: timeZone,
    startAt: localInstant(timing.startDate, '00:00', timeZone),
    // the end date is the last day with an occurrence: the spec ends where the next day begins
    ...(timing.end.type === 'on' && {
      endAt: new Date(localInstant(dateOfDay(dayNumber(timing.end.date) + 1), '00:00', timeZone).getTime() - 1000),
    }),
  };
}

/** A problem with a series' timing: `path` names the field (`time`, `end.date`, `rule.dayOfMonth`). */
export interface TimingProblem {
  path: string;
  message: string;
}

/**
 * What would make the series never fire, or fire otherwise than its author means: an end
 * before the start or in the past, a rule with no date before its end (or in the next
 * SERIES_HORIZON_YEARS), and a time of day that the zone's clocks skip on a day of the
 * coming year (Temporal would leave that day out). `today` is the local date in the zone.
 */
export function seriesTimingProblems(timing: SeriesTiming, today: string): TimingProblem[] {
  const problems: TimingProblem[] = [];
  const { end } = timing;
  if (end.type === 'on' && end.date < timing.startDate) {
    problems.push({ path: 'end.date', message: `the end (${end.date}) is before the start (${timing.startDate})` });
  } else if (end.type === 'on' && end.date < today) {
    problems.push({ path: 'end.date', message: `the end (${end.date}) has passed: it is ${today} in ${timing.timeZone}` });
  } else {
    const from = today > timing.startDate ? today : timing.startDate;
    const until = lastCoveredDate(timing, today);
    if (occurrenceDates(timing, from, until, 1).length === 0) {
      const field = timing.rule.frequency === 'monthly' ? 'rule.dayOfMonth' : 'rule';
      problems.push({
        path: field,
        message:
          end.type === 'on'
            ? `the rule has no day from ${from} to the end (${end.date})`
            : `the rule has no day in the ${SERIES_HORIZON_YEARS} years from ${from}`,
      });
    }
  }
  const gap = firstOccurrenceWithoutTime(timing, today > timing.startDate ? today : timing.startDate);
  if (gap) {
    problems.push({
      path: 'time',
      message: `${timing.time} does not exist in ${timing.timeZone} on ${gap} (the clocks skip it), so that day would have no post: choose another time`,
    });
  }
  return problems;
}

// Each occurrence: what its firing did, and its text.

/** CREATED its post; MISSED (fired too late to publish); SKIPPED (paused, or ended); FAILED (no account left). */
export const OCCURRENCE_OUTCOMES = ['CREATED', 'MISSED', 'SKIPPED', 'FAILED'] as const;
export type OccurrenceOutcome = (typeof OCCURRENCE_OUTCOMES)[number];

export const OCCURRENCE_PLACEHOLDERS = { number: '{{n}}', date: '{{date}}' } as const;

/** The series' text for one occurrence: `{{n}}` its number (1 for the first post), `{{date}}` its local date. */
export function occurrenceContent(content: string, occurrence: { number: number; date: string }): string {
  return content
    .replaceAll(OCCURRENCE_PLACEHOLDERS.number, String(occurrence.number))
    .replaceAll(OCCURRENCE_PLACEHOLDERS.date, occurrence.date);
}
