// IANA time zones, checked against the runtime's own database (Intl), so a zone the
// server accepts is one every formatter here can use. Wall-clock times are turned into
// instants with Intl alone, so the browser and the server read them the same way.

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A time on a wall clock: month 1–12, hour 0–23. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormats.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at the instant `at` (epoch ms). */
export function wallClockAt(at: number, timeZone: string): Required<WallClock> {
  const parts = Object.fromEntries(
    partFormat(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, Number(part.value)]),
  );
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The wall clock read as if it were UTC, in epoch ms. */
function asUtc(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second ?? 0);
}

/** How far the zone's wall clock is ahead of UTC at `at` (epoch ms), in ms. */
export function zoneOffsetMs(at: number, timeZone: string): number {
  return asUtc(wallClockAt(at, timeZone)) - Math.floor(at / 1000) * 1000;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant a wall-clock time in `timeZone` names. Where daylight saving makes that
 * ambiguous: a time the clocks pass twice (autumn) is the first of the two; a time they
 * skip (spring: 02:30 in Europe/Berlin on the last Sunday of March) is the first instant
 * after the gap (03:00 there), never one before the time asked for.
 */
export function instantOfWallClock(clock: WallClock, timeZone: string): Date {
  const local = asUtc(clock);
  // the offsets in force a day either side cover any single transition near the time
  const before = zoneOffsetMs(local - DAY_MS, timeZone);
  const after = zoneOffsetMs(local + DAY_MS, timeZone);
  const matching = [local - before, local - after].filter((at) => at + zoneOffsetMs(at, timeZone) === local);
  if (matching.length > 0) return new Date(Math.min(...matching));
  // skipped: the transition lies between the two readings; find its first second
  let inGap = Math.min(local - before, local - after);
  let pastGap = Math.max(local - before, local - after);
  while (pastGap - inGap > 1000) {
    const middle = inGap + Math.floor((pastGap - inGap) / 2000) * 1000;
    if (zoneOffsetMs(middle, timeZone) === after) pastGap = middle;
    else inGap = middle;
  }
  return new Date(pastGap);
}
