import { nextSlotInstants, sortSlots, type WeeklySlot } from './queue-slots';
import { instantOfWallClock, wallClockAt, zoneOffsetMs } from './time-zone';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('instantOfWallClock', () => {
  test('reads a wall-clock time with the offset in force that day', () => {
    expect(instantOfWallClock({ year: 2026, month: 1, day: 15, hour: 9, minute: 30 }, 'Europe/Berlin').toISOString()).toBe(
      '2026-01-15T08:30:00.000Z',
    );
    expect(instantOfWallClock({ year: 2026, month: 7, day: 15, hour: 9, minute: 30 }, 'Europe/Berlin').toISOString()).toBe(
      '2026-07-15T07:30:00.000Z',
    );
    expect(instantOfWallClock({ year: 2026, month: 7, day: 15, hour: 9, minute: 30 }, 'UTC').toISOString()).toBe(
      '2026-07-15T09:30:00.000Z',
    );
    expect(instantOfWallClock({ year: 2026, month: 7, day: 15, hour: 9, minute: 30 }, 'Asia/Kolkata').toISOString()).toBe(
      '2026-07-15T04:00:00.000Z',
    );
  });

  test('a time skipped in spring is the first instant after the gap', () => {
    // Berlin: 02:00 → 03:00 on 29 March 2026 (01:00 UTC)
    expect(instantOfWallClock({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(instantOfWallClock({ year: 2026, month: 3, day: 29, hour: 2, minute: 0 }, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    // New York: 02:00 → 03:00 on 8 March 2026 (07:00 UTC)
    expect(instantOfWallClock({ year: 2026, month: 3, day: 8, hour: 2, minute: 59 }, 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
  });

  test('a time passed twice in autumn is the first of the two', () => {
    // Berlin: 03:00 → 02:00 on 25 October 2026: 02:30 is 00:30 UTC, then again 01:30 UTC
    expect(instantOfWallClock({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    // New York: 02:00 → 01:00 on 1 November 2026: 01:30 is 05:30 UTC, then 06:30 UTC
    expect(instantOfWallClock({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  test('wallClockAt and zoneOffsetMs read an instant in the zone', () => {
    expect(wallClockAt(Date.parse('2026-07-15T07:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 7,
      day: 15,
      hour: 9,
      minute: 30,
      second: 0,
    });
    expect(zoneOffsetMs(Date.parse('2026-01-15T00:00:00Z'), 'America/New_York')).toBe(-5 * 3600_000);
  });
});

describe('nextSlotInstants', () => {
  const weekdays = (time: string): WeeklySlot[] => (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, time }));

  test('the coming slots of a week, in order, strictly after now', () => {
    const schedule = {
      timeZone: 'Europe/Berlin',
      slots: [...weekdays('17:00'), ...weekdays('09:00'), { day: 'sat' as const, time: '10:00' }],
    };
    // Friday 4 December 2026, 09:00 Berlin exactly: that slot is not after now
    const now = new Date('2026-12-04T08:00:00Z');
    expect(iso(nextSlotInstants(schedule, now, 5))).toEqual([
      '2026-12-04T16:00:00.000Z', // Fri 17:00
      '2026-12-05T09:00:00.000Z', // Sat 10:00
      '2026-12-07T08:00:00.000Z', // Mon 09:00
      '2026-12-07T16:00:00.000Z', // Mon 17:00
      '2026-12-08T08:00:00.000Z', // Tue 09:00
    ]);
  });

  test('a late slot on the wall clock can still be ahead when UTC has moved to the next day', () => {
    // 23:30 Monday in New York is 04:30 Tuesday UTC
    const schedule = { timeZone: 'America/New_York', slots: [{ day: 'mon' as const, time: '23:30' }] };
    expect(iso(nextSlotInstants(schedule, new Date('2026-12-08T04:00:00Z'), 1))).toEqual(['2026-12-08T04:30:00.000Z']);
  });

  test('stops at `until`, and an empty schedule has no slots', () => {
    const schedule = { timeZone: 'UTC', slots: [{ day: 'mon' as const, time: '09:00' }] };
    expect(nextSlotInstants(schedule, new Date('2026-12-01T00:00:00Z'), 10, new Date('2026-12-15T00:00:00Z'))).toHaveLength(2);
    expect(nextSlotInstants({ timeZone: 'UTC', slots: [] }, new Date(), 10)).toEqual([]);
  });

  test('many slots: as many as asked for, weeks ahead', () => {
    const schedule = { timeZone: 'UTC', slots: [{ day: 'wed' as const, time: '12:00' }] };
    const instants = nextSlotInstants(schedule, new Date('2026-12-01T00:00:00Z'), 60);
    expect(instants).toHaveLength(60);
    expect(instants.at(-1)!.toISOString()).toBe('2028-01-19T12:00:00.000Z');
  });

  describe('daylight saving in Europe/Berlin', () => {
    const schedule = {
      timeZone: 'Europe/Berlin',
      slots: [
        { day: 'sun' as const, time: '02:30' },
        { day: 'sun' as const, time: '09:00' },
      ],
    };

    test('spring forward: 02:30 falls on 03:00 that Sunday only, and the other slots keep their wall-clock time', () => {
      expect(iso(nextSlotInstants(schedule, new Date('2026-03-21T00:00:00Z'), 6))).toEqual([
        '2026-03-22T01:30:00.000Z', // 02:30 CET
        '2026-03-22T08:00:00.000Z', // 09:00 CET
        '2026-03-29T01:00:00.000Z', // 02:30 does not exist: 03:00 CEST
        '2026-03-29T07:00:00.000Z', // 09:00 CEST
        '2026-04-05T00:30:00.000Z', // 02:30 CEST
        '2026-04-05T07:00:00.000Z',
      ]);
    });

    test('fall back: 02:30 happens twice and the slot takes the first', () => {
      expect(iso(nextSlotInstants(schedule, new Date('2026-10-24T00:00:00Z'), 4))).toEqual([
        '2026-10-25T00:30:00.000Z', // 02:30 CEST, not 02:30 CET an hour later
        '2026-10-25T08:00:00.000Z', // 09:00 CET
        '2026-11-01T01:30:00.000Z',
        '2026-11-01T08:00:00.000Z',
      ]);
    });

    test('slots inside the gap that land on the same instant count once', () => {
      const gap = {
        timeZone: 'Europe/Berlin',
        slots: [
          { day: 'sun' as const, time: '02:15' },
          { day: 'sun' as const, time: '02:45' },
          { day: 'sun' as const, time: '03:00' },
          { day: 'sun' as const, time: '03:15' },
        ],
      };
      expect(iso(nextSlotInstants(gap, new Date('2026-03-28T12:00:00Z'), 2))).toEqual([
        '2026-03-29T01:00:00.000Z',
        '2026-03-29T01:15:00.000Z',
      ]);
    });
  });

  describe('daylight saving in America/New_York', () => {
    test('spring forward on 8 March 2026: 02:30 becomes 03:00 EDT', () => {
      const schedule = { timeZone: 'America/New_York', slots: [{ day: 'sun' as const, time: '02:30' }] };
      expect(iso(nextSlotInstants(schedule, new Date('2026-03-01T12:00:00Z'), 3))).toEqual([
        '2026-03-08T07:00:00.000Z',
        '2026-03-15T06:30:00.000Z', // 02:30 EDT
        '2026-03-22T06:30:00.000Z',
      ]);
    });

    test('fall back on 1 November 2026: 01:30 is the first, EDT; a week later EST', () => {
      const schedule = { timeZone: 'America/New_York', slots: [{ day: 'sun' as const, time: '01:30' }] };
      expect(iso(nextSlotInstants(schedule, new Date('2026-10-26T12:00:00Z'), 2))).toEqual([
        '2026-11-01T05:30:00.000Z',
        '2026-11-08T06:30:00.000Z',
      ]);
    });

    test('a weekday slot keeps 09:00 local across the change, so its UTC time moves', () => {
      const schedule = { timeZone: 'America/New_York', slots: [{ day: 'fri' as const, time: '09:00' }] };
      expect(iso(nextSlotInstants(schedule, new Date('2026-10-25T00:00:00Z'), 2))).toEqual([
        '2026-10-30T13:00:00.000Z',
        '2026-11-06T14:00:00.000Z',
      ]);
    });

    test('after a slot that is ahead only by the second occurrence of a repeated hour, the first has passed', () => {
      // 05:45 UTC on 1 November is 01:45 EDT: the slot at 01:30 (first occurrence, 05:30 UTC) has passed
      const schedule = { timeZone: 'America/New_York', slots: [{ day: 'sun' as const, time: '01:30' }] };
      expect(iso(nextSlotInstants(schedule, new Date('2026-11-01T05:45:00Z'), 1))).toEqual(['2026-11-08T06:30:00.000Z']);
    });
  });
});

test('sortSlots orders by weekday from Monday, then time', () => {
  expect(
    sortSlots([
      { day: 'sun', time: '08:00' },
      { day: 'mon', time: '17:00' },
      { day: 'mon', time: '09:00' },
    ]),
  ).toEqual([
    { day: 'mon', time: '09:00' },
    { day: 'mon', time: '17:00' },
    { day: 'sun', time: '08:00' },
  ]);
});
