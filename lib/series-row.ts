// A series as stored (prisma Series), read by the API and by the activity that creates its
// occurrences: the rule's schema (the request's too, api/series/schemas.ts) and the
// conversion of a row into the timing and Schedule source the domain and Temporal need.
import { z } from 'zod';
import { SERIES_FREQUENCIES, WEEKDAYS, type SeriesEnd, type SeriesTiming } from '../domain/series-rule';
import { asTargetOptions, type TargetOptions } from '../domain/target-options';
import type { SeriesScheduleSource } from './temporal/series-schedule';

const EverySchema = z
  .number({ error: 'every must be a whole number' })
  .int({ error: 'every must be a whole number' })
  .min(1, { error: 'every must be 1 or more' })
  .max(366, { error: 'every must be at most 366' })
  .default(1)
  .describe('1: every day, week or month; N: every N of them, counted from the start date');

export const SeriesRuleSchema = z
  .discriminatedUnion(
    'frequency',
    [
      z.object({ frequency: z.literal('daily'), every: EverySchema }),
      z.object({
        frequency: z.literal('weekly'),
        every: EverySchema,
        days: z
          .array(z.enum(WEEKDAYS, { error: `days must be among ${WEEKDAYS.join(', ')}` }), { error: 'days must be a list of weekdays' })
          .min(1, { error: 'choose at least one day of the week' })
          .refine((days) => new Set(days).size === days.length, { error: 'days must not repeat' })
          .describe('the days of the week it publishes on (weeks start on Monday)'),
      }),
      z.object({
        frequency: z.literal('monthly'),
        every: EverySchema,
        dayOfMonth: z
          .number({ error: 'dayOfMonth must be a whole number from 1 to 31' })
          .int({ error: 'dayOfMonth must be a whole number from 1 to 31' })
          .min(1, { error: 'dayOfMonth must be from 1 to 31' })
          .max(31, { error: 'dayOfMonth must be from 1 to 31' })
          .describe('a month without this day (29 to 31) has no post'),
      }),
    ],
    { error: `rule.frequency must be one of ${SERIES_FREQUENCIES.join(', ')}` },
  )
  .describe('when it repeats: `daily`, `weekly` on `days`, or `monthly` on `dayOfMonth`, each every `every` of them');

const StoredOverridesSchema = z.array(z.object({ connectionId: z.string(), content: z.string() }));
const StoredThreadSchema = z.array(z.object({ content: z.string(), mediaIds: z.array(z.string()) }));
/** as the API took them (api/posts/schemas.ts TargetOptionsSchema): the account, and its options under the platform's key */
const StoredTargetOptionsSchema = z.array(z.looseObject({ connectionId: z.string() }));

/** The Prisma select that reads a series. */
export const SERIES_FIELDS = {
  id: true,
  teamId: true,
  name: true,
  content: true,
  connectionIds: true,
  overrides: true,
  mediaIds: true,
  labelIds: true,
  thread: true,
  threadDelaySeconds: true,
  firstComment: true,
  targetOptions: true,
  rule: true,
  time: true,
  timeZone: true,
  startDate: true,
  endAfter: true,
  endDate: true,
  paused: true,
  skippedTimes: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface SeriesRow {
  id: string;
  teamId: string;
  name: string;
  content: string;
  connectionIds: string[];
  overrides: unknown;
  mediaIds: string[];
  labelIds: string[];
  thread: unknown;
  threadDelaySeconds: number;
  firstComment: string | null;
  targetOptions: unknown;
  rule: unknown;
  time: string;
  timeZone: string;
  startDate: string;
  endAfter: number | null;
  endDate: string | null;
  paused: boolean;
  skippedTimes: Date[];
  createdAt: Date;
  updatedAt: Date;
}

export function seriesEndOf(row: Pick<SeriesRow, 'endAfter' | 'endDate'>): SeriesEnd {
  if (row.endAfter !== null) return { type: 'after', count: row.endAfter };
  if (row.endDate !== null) return { type: 'on', date: row.endDate };
  return { type: 'never' };
}

export function seriesTimingOf(row: SeriesRow): SeriesTiming {
  return {
    rule: SeriesRuleSchema.parse(row.rule),
    time: row.time,
    timeZone: row.timeZone,
    startDate: row.startDate,
    end: seriesEndOf(row),
  };
}

export function seriesOverridesOf(row: Pick<SeriesRow, 'overrides'>): Array<{ connectionId: string; content: string }> {
  return StoredOverridesSchema.parse(row.overrides);
}

/** The thread's parts after the first, each with its media ids in order. */
export function seriesThreadOf(row: Pick<SeriesRow, 'thread'>): Array<{ content: string; mediaIds: string[] }> {
  return StoredThreadSchema.parse(row.thread);
}

/** The per-account options as the API takes them: `[{ connectionId, reddit: { … } }]`. */
export function seriesTargetOptionsOf(row: Pick<SeriesRow, 'targetOptions'>): Array<{ connectionId: string } & Record<string, unknown>> {
  return StoredTargetOptionsSchema.parse(row.targetOptions);
}

/** Each account's options alone (what a post's target stores), by connection id. */
export function seriesOptionsByConnection(row: Pick<SeriesRow, 'targetOptions'>): Map<string, TargetOptions> {
  return new Map(
    seriesTargetOptionsOf(row).flatMap(({ connectionId, ...byPlatform }) => {
      const options = asTargetOptions(Object.values(byPlatform)[0]);
      return options ? [[connectionId, options] as const] : [];
    }),
  );
}

/** The Schedule's source: the row, with the posts an "after N" end has left (`created` so far). */
export function seriesScheduleSource(row: SeriesRow, created: number): SeriesScheduleSource {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    timing: seriesTimingOf(row),
    paused: row.paused,
    skippedTimes: row.skippedTimes,
    remaining: row.endAfter === null ? undefined : Math.max(0, row.endAfter - created),
  };
}
