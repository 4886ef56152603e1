// Calendar arithmetic on plain dates (YYYY-MM-DD). Grid days are computed in UTC, where
// every day has 24 hours; which day a post falls on is decided in the user's time zone.
import { TZDate, tz } from '@date-fns/tz';
import { addDays, addMonths, addWeeks, eachDayOfInterval, endOfMonth, endOfWeek, format, startOfMonth, startOfWeek } from 'date-fns';

export const CALENDAR_VIEWS = ['month', 'week', 'agenda'] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];

/** The agenda lists the coming four weeks from its first day. */
export const AGENDA_DAYS = 28;
/** The week view opens scrolled to this hour; a click on a day composes for it. */
export const WORKING_DAY_START = 8;
export const NEW_POST_HOUR = 9;

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

/** The days a view shows around `anchor`: whole weeks from Monday; the agenda's four weeks from `anchor`. */
export function gridDays(view: CalendarView, anchor: string): string[] {
  const date = plainDate(anchor);
  if (view === 'agenda') return eachDayOfInterval({ start: date, end: addDays(date, AGENDA_DAYS - 1, inUtc) }, inUtc).map(toIso);
  const options = { weekStartsOn: WEEK_STARTS_ON, ...inUtc } as const;
  const start = view === 'month' ? startOfWeek(startOfMonth(date, inUtc), options) : startOfWeek(date, options);
  const end = view === 'month' ? endOfWeek(endOfMonth(date, inUtc), options) : endOfWeek(date, options);
  return eachDayOfInterval({ start, end }, inUtc).map(toIso);
}

/** The anchor of the previous (-1) or next (+1) month, week or four weeks. */
export function shiftAnchor(view: CalendarView, anchor: string, step: -1 | 1): string {
  const date = plainDate(anchor);
  if (view === 'agenda') return toIso(addDays(date, step * AGENDA_DAYS, inUtc));
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

/** e.g. "November 2026", or "23 – 29 Nov 2026" for a week or the agenda. */
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

const pad = (value: number) => String(value).padStart(2, '0');

/** The `datetime-local` value that composes a post for `hour`:00 on the day, e.g. "2026-12-24T09:00". */
export function newPostTime(isoDate: string, hour: number = NEW_POST_HOUR): string {
  return `${isoDate}T${pad(hour)}:00`;
}

/** e.g. "09:00". */
export function hourLabel(hour: number): string {
  return `${pad(hour)}:00`;
}

const NEW_POST_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d$/;

/** A link's `publishAt` (as newPostTime writes it) when it names a real day and time; anything else is ignored. */
export function parseNewPostTime(value: string | null): string | undefined {
  const match = value ? NEW_POST_TIME.exec(value) : null;
  return match && isIsoDate(match[1]) ? value! : undefined;
}

/** Where a chip's preview goes, in viewport pixels: `top` or `bottom`, and `left`. */
export interface PreviewPlacement {
  left: number;
  top?: number;
  bottom?: number;
}

const PREVIEW_GAP = 6;

/**
 * Beside the chip (right, else left) so that it hides no other post of the day; below or
 * above it where neither side has room (a phone). It grows away from the nearer edge.
 */
export function previewPlacement(
  chip: { top: number; bottom: number; left: number; right: number },
  viewport: { width: number; height: number },
  previewWidth: number,
): PreviewPlacement {
  const inUpperHalf = (chip.top + chip.bottom) / 2 < viewport.height / 2;
  const clampLeft = (left: number) => Math.max(PREVIEW_GAP, Math.min(left, viewport.width - previewWidth - PREVIEW_GAP));
  if (chip.right + PREVIEW_GAP + previewWidth <= viewport.width || chip.left - PREVIEW_GAP - previewWidth >= 0) {
    const left =
      chip.right + PREVIEW_GAP + previewWidth <= viewport.width ? chip.right + PREVIEW_GAP : chip.left - PREVIEW_GAP - previewWidth;
    return inUpperHalf ? { left, top: chip.top } : { left, bottom: viewport.height - chip.bottom };
  }
  return inUpperHalf
    ? { left: clampLeft(chip.left), top: chip.bottom + PREVIEW_GAP }
    : { left: clampLeft(chip.left), bottom: viewport.height - chip.top + PREVIEW_GAP };
}
