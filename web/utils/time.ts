// Times in forms and on pages. A `datetime-local` input has no offset: the browser sends
// its own beside it (filled in by JavaScript), and without JavaScript the server reads
// the time as UTC and says so.

/** What the server assumes when the browser did not say. */
export const SERVER_UTC_OFFSET = '+00:00';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The browser's UTC offset at a `datetime-local` value (so daylight saving time counts), e.g. `+01:00`. */
export function browserUtcOffset(localDateTime: string): string {
  // A date-time without an offset is local time (ECMAScript Date Time String Format).
  const at = new Date(localDateTime);
  const minutes = -(Number.isNaN(at.getTime()) ? new Date() : at).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

let localFormat: Intl.DateTimeFormat | undefined;
const utcFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** In the reader's time zone: only call in the browser. */
export function formatLocal(iso: string): string {
  localFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return localFormat.format(new Date(iso));
}

export function formatUtc(iso: string): string {
  return `${utcFormat.format(new Date(iso))} UTC`;
}
