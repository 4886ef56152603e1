// Calendar arithmetic on plain dates (YYYY-MM-DD). Grid days are computed in UTC, where
// every day has 24 hours; which day a post falls on is decided in the user's time zone.
import { TZDate, tz } from '@date-fns/tz';
import { addDays, addMonths, addWeeks, eachDayOfInterval, endOfMonth, endOfWeek, format, startOfMonth, startOfWeek } from 'date-fns';

export const CALENDAR_VIEWS = ['month', 'week'] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_STARTS_ON = 1; // Monday
const inUtc = { in: tz('UTC') };

export function isIsoDate(value: string | null | undefined): value is string {
  if (!value || !ISO_DATE.test(value)) return false;
  return format(plainDate(value), 'yyyy-MM-dd') === value;
}

function plainDate(isoDate: string): TZDate {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new TZDate(year, month - 1, day, 'UTC');
}

const toIso = (date: Date) => format(date, 'yyyy-MM-dd', inUtc);

/** Today's date in the zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return format(now, 'yyyy-MM-dd', { in: tz(timeZone) });
}

/** The days a view shows around `anchor`: whole weeks from Monday. */
export function gridDays(view: CalendarView, anchor: string): string[] {
  const date = plainDate(anchor);
  const options = { weekStartsOn: WEEK_STARTS_ON, ...inUtc } as const;
  const start = view === 'month' ? startOfWeek(startOfMonth(date, inUtc), options) : startOfWeek(date, options);
  const end = view === 'month' ? endOfWeek(endOfMonth(date, inUtc), options) : endOfWeek(date, options);
  return eachDayOfInterval({ start, end }, inUtc).map(toIso);
}

/** The anchor of the previous (-1) or next (+1) month or week. */
export function shiftAnchor(view: CalendarView, anchor: string, step: -1 | 1): string {
  const date = plainDate(anchor);
  return toIso(view === 'month' ? addMonths(date, step, inUtc) : addWeeks(date, step, inUtc));
}

/**
 * The instants a grid can show, in any time zone (offsets reach ±14 hours): from a day
 * before its first day to two days after its last, in UTC.
 */
export function gridRange(days: string[]): { from: Date; to: Date } {
  return { from: addDays(plainDate(days[0]!), -1, inUtc), to: addDays(plainDate(days.at(-1)!), 2, inUtc) };
}

/** The day (YYYY-MM-DD) and hour an instant falls on in the zone. */
export function dayAndHourIn(iso: string, timeZone: string): { day: string; hour: number; time: string } {
  const inZone = { in: tz(timeZone) };
  return { day: format(iso, 'yyyy-MM-dd', inZone), hour: Number(format(iso, 'H', inZone)), time: format(iso, 'HH:mm:ss', inZone) };
}

/** e.g. "November 2026" or "23 – 29 Nov 2026". */
export function gridTitle(view: CalendarView, anchor: string, days: string[]): string {
  if (view === 'month') return format(plainDate(anchor), 'MMMM yyyy', inUtc);
  return `${format(plainDate(days[0]!), 'd MMM', inUtc)} – ${format(plainDate(days.at(-1)!), 'd MMM yyyy', inUtc)}`;
}

/** e.g. "Monday 30 November 2026". */
export function dayLabel(isoDate: string): string {
  return format(plainDate(isoDate), 'EEEE d MMMM yyyy', inUtc);
}

export function dayOfMonth(isoDate: string): number {
  return Number(isoDate.slice(8));
}

export function weekdayShort(isoDate: string): string {
  return format(plainDate(isoDate), 'EEE', inUtc);
}

export function isSameMonth(isoDate: string, anchor: string): boolean {
  return isoDate.slice(0, 7) === anchor.slice(0, 7);
}
