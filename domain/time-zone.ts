// IANA time zones, checked against the runtime's own database (Intl), so a zone the
// server accepts is one every formatter here can use.

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
