// A posting queue's weekly schedule: local times on weekdays, in the account's own time
// zone, and the instants they fall on. Pure: the API books posts into these instants
// (api/queue/service.ts) and the web app shows them.
import { instantOfWallClock, wallClockAt } from './time-zone';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM`, 00:00–23:59 */
export const SLOT_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface WeeklySlot {
  day: Weekday;
  /** `HH:MM` on the account's wall clock */
  time: string;
}

export interface WeeklySchedule {
  timeZone: string;
  slots: readonly WeeklySlot[];
}

/** The slots in week order (Monday first, then by time). */
export function sortSlots(slots: readonly WeeklySlot[]): WeeklySlot[] {
  return [...slots].sort((a, b) => WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) || a.time.localeCompare(b.time));
}

/** Monday 0 … Sunday 6, of a calendar date (Date.UTC's weekday, which starts on Sunday). */
function weekdayOf(year: number, month: number, day: number): Weekday {
  return WEEKDAYS[(new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7]!;
}

/**
 * The first `count` slot instants strictly after `after`, in order, none later than
 * `until` when given. A slot time skipped by daylight saving falls on the first instant
 * after the gap that day, and one passed twice on the first of the two (time-zone.ts
 * instantOfWallClock); slots that land on the same instant that way count once.
 */
export function nextSlotInstants(schedule: WeeklySchedule, after: Date, count: number, until?: Date): Date[] {
  const byDay = new Map<Weekday, WeeklySlot[]>();
  for (const slot of sortSlots(schedule.slots)) byDay.set(slot.day, [...(byDay.get(slot.day) ?? []), slot]);
  if (byDay.size === 0 || count <= 0) return [];
  const instants: Date[] = [];
  // from the day before `after` on its wall clock: a slot late that day may still be ahead of it
  const start = wallClockAt(after.getTime(), schedule.timeZone);
  const slotsPerWeek = schedule.slots.length;
  const lastDay = 7 * (Math.ceil(count / slotsPerWeek) + 1);
  for (let offset = -1; offset <= lastDay && instants.length < count; offset++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + offset));
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    for (const slot of byDay.get(weekdayOf(year, month, day)) ?? []) {
      const [hour, minute] = slot.time.split(':').map(Number) as [number, number];
      const instant = instantOfWallClock({ year, month, day, hour, minute }, schedule.timeZone);
      if (until && instant > until) return instants;
      if (instant <= after || instants.at(-1)?.getTime() === instant.getTime()) continue;
      instants.push(instant);
      if (instants.length === count) break;
    }
  }
  return instants;
}
