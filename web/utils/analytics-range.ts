// The analytics page's ranges are whole days in the user's time zone, today included:
// "Last 7 days" ends at tonight's midnight, so a post due tomorrow is never in it (it
// counts as Scheduled (upcoming) instead) and the answer does not depend on the hour.
import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';

/** From the start of the day `days - 1` days ago to the end of today, in `timeZone` (DST-safe). */
export function lastDaysIn(days: number, timeZone: string, now = new Date()): { from: Date; to: Date } {
  const today = startOfDay(new TZDate(now.getTime(), timeZone));
  return { from: new Date(addDays(today, 1 - days).getTime()), to: new Date(addDays(today, 1).getTime()) };
}
