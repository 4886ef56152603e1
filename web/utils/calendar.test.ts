import { dayAndHourIn, gridDays, gridRange, isIsoDate, shiftAnchor } from './calendar';

describe('calendar grids', () => {
  test('a month is whole weeks from Monday; a week is seven days', () => {
    const days = gridDays('month', '2026-11-15');
    expect(days[0]).toBe('2026-10-26');
    expect(days.at(-1)).toBe('2026-12-06');
    expect(days).toHaveLength(42);
    expect(gridDays('week', '2026-11-28')).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(gridRange(['2026-11-23', '2026-11-29'])).toEqual({
      from: new Date('2026-11-22T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
  });

  test('moves by months and weeks, and places instants on the zone’s day', () => {
    expect(shiftAnchor('month', '2026-01-31', 1)).toBe('2026-02-28');
    expect(shiftAnchor('week', '2026-12-29', 1)).toBe('2027-01-05');
    expect(dayAndHourIn('2026-11-28T23:30:00Z', 'Europe/Berlin')).toEqual({ day: '2026-11-29', hour: 0, time: '00:30:00' });
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-28')).toBe(true);
  });
});
