// The analytics query, shared by the API and the web app's analytics page.
import { z } from 'zod';
import { RANKING_METRICS } from '../../domain/audience';
import { METRIC_NAMES } from '../../domain/post-metrics';
import { isTimeZone } from '../../domain/time-zone';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;

const TimeSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with an offset' }).transform((value) => new Date(value));

export const TimeZoneSchema = z
  .string()
  .trim()
  .min(1, { error: 'Choose a time zone' })
  .refine(isTimeZone, { error: 'must be an IANA time zone, e.g. Europe/Berlin' });

const RangeFilterSchema = z.object({
  from: TimeSchema.optional().describe(`start of the range (inclusive); default ${DEFAULT_RANGE_DAYS} days before \`to\``),
  to: TimeSchema.optional().describe('end of the range (exclusive); default now'),
  connectionId: z.string().min(1).max(64).optional().describe('only posts to this connected account'),
  labelId: z.string().min(1).max(64).optional().describe('only posts with this label (GET /labels)'),
});

export const AnalyticsQuerySchema = RangeFilterSchema.extend({
  timeZone: TimeZoneSchema.default('UTC').describe('the IANA time zone whose calendar days `perDay` counts in; default UTC'),
});
export type AnalyticsQuery = z.infer<typeof AnalyticsQuerySchema>;

/** Audience analytics (engagement, export): publications whose time falls in the range, each by its latest metrics sample. */
export const AudienceQuerySchema = RangeFilterSchema;
export type AudienceQuery = z.infer<typeof AudienceQuerySchema>;

export const TOP_POST_METRICS = [...RANKING_METRICS, ...METRIC_NAMES] as const;
export type TopPostMetric = (typeof TOP_POST_METRICS)[number];

export const TopPostsQuerySchema = RangeFilterSchema.extend({
  metric: z
    .enum(TOP_POST_METRICS, { error: `must be one of ${TOP_POST_METRICS.join(', ')}` })
    .default('engagements')
    .describe('what to rank by: `engagements`, `engagementRate`, or one metric (`likes`, `impressions`, …); default engagements'),
  limit: z.coerce.number().int().min(1).max(100).default(10).describe('how many (1–100); default 10'),
});
export type TopPostsQuery = z.infer<typeof TopPostsQuerySchema>;

export const BEST_TIMES_DEFAULT_DAYS = 365;

export const BestTimesQuerySchema = RangeFilterSchema.extend({
  from: TimeSchema.optional().describe(`start of the range (inclusive); default ${BEST_TIMES_DEFAULT_DAYS} days before \`to\``),
  timeZone: TimeZoneSchema.optional().describe(
    "the IANA time zone of the heatmap's weekdays and hours; default the user's (Settings), else UTC",
  ),
});
export type BestTimesQuery = z.infer<typeof BestTimesQuerySchema>;

/** The range a query asks for, with its defaults; a validation problem names a range that is empty or too long. */
export function analyticsRange(
  query: Pick<AnalyticsQuery, 'from' | 'to'>,
  now = new Date(),
  defaultDays = DEFAULT_RANGE_DAYS,
): { from: Date; to: Date } | { error: string } {
  const to = query.to ?? now;
  const from = query.from ?? new Date(to.getTime() - defaultDays * DAY_MS);
  if (from >= to) return { error: 'from must be before to' };
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) return { error: `the range must be at most ${MAX_RANGE_DAYS} days` };
  return { from, to };
}
