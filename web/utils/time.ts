// Times in forms and on pages, in the user's time zone: the one in their profile, else
// the browser's (known only once JavaScript runs), else UTC, always named on the page.
// A `datetime-local` input has no offset: its form sends the zone's IANA name beside it,
// and the server turns the wall-clock time into an instant in that zone (DST-safe).
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { instantOfWallClock } from '../../domain/time-zone';

export const FALLBACK_TIME_ZONE = 'UTC';

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,3})?$/;

/**
 * The ISO 8601 instant (with its offset) of a `datetime-local` value read in `timeZone`
 * (a time daylight saving skips is the first instant after the gap; see instantOfWallClock);
 * malformed values pass through unchanged for the schema to name, empty ones become undefined.
 */
export function instantFromLocal(localDateTime: string, timeZone: string): string | undefined {
  if (!localDateTime) return undefined;
  const parts = LOCAL_DATE_TIME.exec(localDateTime);
  if (!parts) return localDateTime;
  const [year, month, day, hour, minute, second] = parts.slice(1).map((part) => Number(part ?? 0)) as number[];
  const instant = instantOfWallClock({ year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! }, timeZone);
  return format(instant, "yyyy-MM-dd'T'HH:mm:ssXXX", { in: tz(timeZone) });
}

/** The `datetime-local` value of an instant in `timeZone`, to prefill a form. */
export function localFromInstant(iso: string, timeZone: string): string {
  return format(new Date(iso), "yyyy-MM-dd'T'HH:mm", { in: tz(timeZone) });
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** e.g. "28 Nov 2026, 15:30" in the zone. */
export function formatInZone(
  iso: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let formatter = formats.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    formats.set(key, formatter);
  }
  return formatter.format(new Date(iso));
}

/**
 * The time of an instant on a wall clock in `timeZone`, to show beside the reader's own
 * (in `readerZone`): "09:00", or "Wed 21:00" when that is another day than the reader's.
 */
export function wallClockBeside(iso: string, timeZone: string, readerZone: string): string {
  const day = { dateStyle: 'short' } as const;
  const sameDay = formatInZone(iso, timeZone, day) === formatInZone(iso, readerZone, day);
  return formatInZone(iso, timeZone, sameDay ? { timeStyle: 'short' } : { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

/** The place a zone is named after, where space is short: "New York" for America/New_York. */
export function zoneCity(timeZone: string): string {
  return timeZone.slice(timeZone.lastIndexOf('/') + 1).replaceAll('_', ' ');
}

/** The zone's name with its offset at `at`, e.g. "Europe/Berlin, UTC+01:00". */
export function describeTimeZone(timeZone: string, at = new Date()): string {
  return `${timeZone}, UTC${format(at, 'XXX', { in: tz(timeZone) }).replace('Z', '+00:00')}`;
}
