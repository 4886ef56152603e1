import { describeTimeZone, formatInZone, instantFromLocal, localFromInstant, wallClockBeside, zoneCity } from './time';

describe('instantFromLocal', () => {
  test('reads a wall-clock time in the zone, with the offset in force on that day', () => {
    expect(instantFromLocal('2026-01-15T09:30', 'Europe/Berlin')).toBe('2026-01-15T09:30:00+01:00');
    expect(instantFromLocal('2026-07-15T09:30:15', 'Europe/Berlin')).toBe('2026-07-15T09:30:15+02:00');
    expect(instantFromLocal('2026-07-15T09:30', 'UTC')).toBe('2026-07-15T09:30:00Z');
  });

  test('a time skipped by a daylight-saving change is the first instant after the gap, as a queue slot is', () => {
    const instant = instantFromLocal('2026-03-29T02:30', 'Europe/Berlin')!;
    expect(instant).toBe('2026-03-29T03:00:00+02:00');
  });

  test('leaves malformed values for the schema to name', () => {
    expect(instantFromLocal('', 'UTC')).toBeUndefined();
    expect(instantFromLocal('tomorrow', 'UTC')).toBe('tomorrow');
  });
});

test('localFromInstant and formatInZone show an instant in the zone', () => {
  expect(localFromInstant('2026-07-15T07:30:00Z', 'Europe/Berlin')).toBe('2026-07-15T09:30');
  expect(formatInZone('2026-07-15T07:30:00Z', 'America/New_York', { timeStyle: 'short' })).toBe('03:30');
  expect(describeTimeZone('Europe/Berlin', new Date('2026-01-01T00:00:00Z'))).toBe('Europe/Berlin, UTC+01:00');
  expect(describeTimeZone('UTC')).toBe('UTC, UTC+00:00');
});

test('wallClockBeside names the other day when the wall clock there is on one', () => {
  // 15:00 in Berlin is 09:00 in New York, the same day; 03:00 in Berlin is still the evening before there
  expect(wallClockBeside('2027-01-14T14:00:00Z', 'America/New_York', 'Europe/Berlin')).toBe('09:00');
  expect(wallClockBeside('2027-01-14T02:00:00Z', 'America/New_York', 'Europe/Berlin')).toBe('Wed 21:00');
});

test('zoneCity is the last part of the zone, with spaces', () => {
  expect(zoneCity('America/New_York')).toBe('New York');
  expect(zoneCity('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
  expect(zoneCity('UTC')).toBe('UTC');
});
