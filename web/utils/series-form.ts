// A series (recurring post) as its form holds it: every field as typed, so a refused form
// comes back as it was sent. The server turns it into the API's request (seriesRequestOf);
// the browser reads its timing, once well-formed, for the live summary (timingOfForm), with
// the same domain code the API checks it with.
import {
  isCalendarDate,
  SERIES_FREQUENCIES,
  TIME_OF_DAY,
  WEEKDAYS,
  type SeriesEnd,
  type SeriesRule,
  type SeriesTiming,
  type Weekday,
} from '../../domain/series-rule';
import { isTimeZone } from '../../domain/time-zone';
import { formatInZone } from './time';

export interface SeriesFormFields {
  name: string;
  content: string;
  connectionIds: string[];
  /** each customized account's own text, by connection id */
  overrides: Record<string, string>;
  /** each account's platform options as the form shows them, by connection id and option name */
  targetOptions: Record<string, Record<string, string>>;
  /** a thread's parts after the main text */
  thread: string[];
  /** empty: none */
  firstComment: string;
  labelIds: string[];
  /** daily, weekly or monthly */
  frequency: string;
  every: string;
  days: string[];
  dayOfMonth: string;
  /** HH:MM */
  time: string;
  timeZone: string;
  /** YYYY-MM-DD */
  startDate: string;
  /** never, after or on */
  endType: string;
  endCount: string;
  endDate: string;
}

/** A number field as typed: a whole number, else the text for the schema to refuse; empty is left out (its default). */
function numberOf(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The rule and end the form describes, shaped as the API takes them (the schema judges them). */
export function seriesRequestOf(fields: SeriesFormFields) {
  const every = numberOf(fields.every);
  const rule =
    fields.frequency === 'weekly'
      ? { frequency: fields.frequency, every, days: fields.days }
      : fields.frequency === 'monthly'
        ? { frequency: fields.frequency, every, dayOfMonth: numberOf(fields.dayOfMonth) }
        : { frequency: fields.frequency, every };
  const end =
    fields.endType === 'after'
      ? { type: 'after', count: numberOf(fields.endCount) }
      : fields.endType === 'on'
        ? { type: 'on', date: fields.endDate }
        : { type: fields.endType || 'never' };
  return { rule, time: fields.time, timeZone: fields.timeZone, startDate: fields.startDate, end };
}

function wholeNumberIn(value: number | string | undefined, min: number, max: number): value is number {
  return typeof value === 'number' && value >= min && value <= max;
}

/** The timing the form describes, once each of its fields is well-formed; else undefined (the server names what is not). */
export function timingOfForm(fields: SeriesFormFields): SeriesTiming | undefined {
  const request = seriesRequestOf(fields);
  const every = request.rule.every ?? 1;
  if (!wholeNumberIn(every, 1, 366)) return undefined;
  let rule: SeriesRule;
  if (fields.frequency === 'daily') rule = { frequency: 'daily', every };
  else if (fields.frequency === 'weekly') {
    const days = WEEKDAYS.filter((day) => fields.days.includes(day));
    if (days.length === 0) return undefined;
    rule = { frequency: 'weekly', every, days };
  } else if (fields.frequency === 'monthly') {
    const dayOfMonth = numberOf(fields.dayOfMonth);
    if (!wholeNumberIn(dayOfMonth, 1, 31)) return undefined;
    rule = { frequency: 'monthly', every, dayOfMonth };
  } else return undefined;
  let end: SeriesEnd;
  if (fields.endType === 'after') {
    const count = numberOf(fields.endCount);
    if (!wholeNumberIn(count, 1, 10_000)) return undefined;
    end = { type: 'after', count };
  } else if (fields.endType === 'on') {
    if (!isCalendarDate(fields.endDate)) return undefined;
    end = { type: 'on', date: fields.endDate };
  } else end = { type: 'never' };
  if (!TIME_OF_DAY.test(fields.time) || !isCalendarDate(fields.startDate) || !isTimeZone(fields.timeZone)) return undefined;
  return { rule, time: fields.time, timeZone: fields.timeZone, startDate: fields.startDate, end };
}

export const FREQUENCY_UNITS: Record<(typeof SERIES_FREQUENCIES)[number], string> = { daily: 'day', weekly: 'week', monthly: 'month' };

/** MONDAY → Monday */
export function weekdayName(day: Weekday): string {
  return day[0] + day.slice(1).toLowerCase();
}

const dayList = new Intl.ListFormat('en-GB', { type: 'conjunction' });

/** e.g. "Every 2 weeks on Monday and Wednesday at 09:00 (Europe/Berlin)" */
export function describeRule({ rule, time, timeZone }: Pick<SeriesTiming, 'rule' | 'time' | 'timeZone'>): string {
  const every = rule.every === 1 ? 'Every' : `Every ${rule.every}`;
  const unit = FREQUENCY_UNITS[rule.frequency] + (rule.every === 1 ? '' : 's');
  const on =
    rule.frequency === 'weekly'
      ? ` on ${dayList.format(rule.days.map(weekdayName))}`
      : rule.frequency === 'monthly'
        ? ` on day ${rule.dayOfMonth}`
        : '';
  return `${every} ${unit}${on} at ${time} (${timeZone})`;
}

/** A calendar date (YYYY-MM-DD) in words: "7 Dec 2026". */
export function formatDate(date: string): string {
  return formatInZone(`${date}T12:00:00Z`, 'UTC', { dateStyle: 'medium' });
}

/** The whole timing in a line, before it is saved: "Every week on Monday at 09:00 (Europe/Berlin), from 7 Dec 2026, 3 posts" */
export function describeTiming(timing: SeriesTiming): string {
  const { end } = timing;
  const ending =
    end.type === 'after'
      ? `${end.count} post${end.count === 1 ? '' : 's'}`
      : end.type === 'on'
        ? `until ${formatDate(end.date)}`
        : 'no end';
  return `${describeRule(timing)}, from ${formatDate(timing.startDate)}, ${ending}`;
}

/** An occurrence's time on its series' clock: "Mon 7 Dec 2026, 09:00". */
export function formatOccurrence(iso: string, timeZone: string): string {
  return formatInZone(iso, timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
