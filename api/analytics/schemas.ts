// The analytics query, shared by the API and the web app's analytics page.
import { z } from 'zod';
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

export const AnalyticsQuerySchema = z.object({
  from: TimeSchema.optional().describe(`start of the range (inclusive); default ${DEFAULT_RANGE_DAYS} days before \`to\``),
  to: TimeSchema.optional().describe('end of the range (exclusive); default now'),
  connectionId: z.string().min(1).max(64).optional().describe('only posts to this connected account'),
  labelId: z.string().min(1).max(64).optional().describe('only posts with this label (GET /labels)'),
  timeZone: TimeZoneSchema.default('UTC').describe('the IANA time zone whose calendar days `perDay` counts in; default UTC'),
});
export type AnalyticsQuery = z.infer<typeof AnalyticsQuerySchema>;

/** The range a query asks for, with its defaults; a validation problem names a range that is empty or too long. */
export function analyticsRange(query: Pick<AnalyticsQuery, 'from' | 'to'>, now = new Date()): { from: Date; to: Date } | { error: string } {
  const to = query.to ?? now;
  const from = query.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from >= to) return { error: 'from must be before to' };
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) return { error: `the range must be at most ${MAX_RANGE_DAYS} days` };
  return { from, to };
}
