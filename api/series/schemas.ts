// Series (recurring post) request schemas: the post each occurrence publishes (the same
// fields and checks as a post's) and when it repeats (domain/series-rule.ts).
import { z } from 'zod';
import { NO_ACCOUNT_MESSAGE } from '../../domain/post-problems';
import { isCalendarDate, localDateOf, seriesTimingProblems, TIME_OF_DAY, type SeriesTiming } from '../../domain/series-rule';
import { SeriesRuleSchema } from '../../lib/series-row';
import { TimeZoneSchema } from '../analytics/schemas';
import {
  addOverrideIssues,
  ConnectionIdsSchema,
  FirstCommentSchema,
  POST_CONTENT_FIELDS,
  TargetOptionsSchema,
  ThreadDelaySchema,
  ThreadSchema,
} from '../posts/schemas';

const LocalDateSchema = (field: string) =>
  z.string({ error: `${field} is required` }).refine(isCalendarDate, { error: `${field} must be a date, YYYY-MM-DD (e.g. 2027-03-29)` });

export const SeriesEndSchema = z
  .discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('never') }),
      z.object({
        type: z.literal('after'),
        count: z
          .number({ error: 'end.count must be a whole number' })
          .int({ error: 'end.count must be a whole number' })
          .min(1, { error: 'end.count must be 1 or more: after 0 posts the series would publish nothing' })
          .max(10_000, { error: 'end.count must be at most 10,000' })
          .describe('the series ends once it has created this many posts'),
      }),
      z.object({
        type: z.literal('on'),
        date: LocalDateSchema('end.date').describe('the last day (in the time zone) that may have a post'),
      }),
    ],
    { error: 'end.type must be one of never, after, on' },
  )
  .describe('`never`; `after` `count` posts; or `on` a `date`');

const SERIES_INPUT_FIELDS = {
  ...POST_CONTENT_FIELDS,
  content: POST_CONTENT_FIELDS.content.describe(
    'the text of each post; `{{n}}` becomes its number in the series (1 for the first), `{{date}}` its local date (YYYY-MM-DD)',
  ),
  connectionIds: ConnectionIdsSchema.min(1, { error: NO_ACCOUNT_MESSAGE }),
  thread: ThreadSchema.default([]).describe(
    "a thread's parts after the first, in order, as a post's `thread`; each part's text may hold `{{n}}` and `{{date}}` too",
  ),
  threadDelaySeconds: ThreadDelaySchema.default(0),
  firstComment: FirstCommentSchema.optional().describe(
    "published by each account right after each post, as a post's `firstComment`; may hold `{{n}}` and `{{date}}`",
  ),
  targetOptions: TargetOptionsSchema.default([]),
  name: z
    .string({ error: 'name is required' })
    .trim()
    .min(1, { error: 'Name the series' })
    .max(100, { error: 'name must be at most 100 characters' })
    .describe('how the series is listed, and its Schedule is found in the Temporal Web UI'),
  rule: SeriesRuleSchema,
  time: z
    .string({ error: 'time is required' })
    .regex(TIME_OF_DAY, { error: 'time must be HH:MM on a 24-hour clock, e.g. 09:00' })
    .describe('the time of day each post publishes, on the clock of `timeZone` (09:00 stays 09:00 when daylight saving time changes)'),
  timeZone: TimeZoneSchema.describe('IANA time zone, e.g. Europe/Berlin'),
  startDate: LocalDateSchema('startDate').describe('the first day (in the time zone) that may have a post'),
  end: SeriesEndSchema.default({ type: 'never' }),
};

const TimingFieldsSchema = z.object({
  rule: SERIES_INPUT_FIELDS.rule,
  time: SERIES_INPUT_FIELDS.time,
  timeZone: SERIES_INPUT_FIELDS.timeZone,
  startDate: SERIES_INPUT_FIELDS.startDate,
  end: SERIES_INPUT_FIELDS.end,
});

/** The timing as the domain reads it, from a parsed series. */
export function timingOf(series: Pick<SeriesInput, 'rule' | 'time' | 'timeZone' | 'startDate' | 'end'>): SeriesTiming {
  return { rule: series.rule, time: series.time, timeZone: series.timeZone, startDate: series.startDate, end: series.end };
}

export const CreateSeriesSchema = z
  .object({
    ...SERIES_INPUT_FIELDS,
    paused: z
      .boolean({ error: 'paused must be true or false' })
      .default(false)
      .describe('create it paused: nothing publishes until resumed'),
  })
  .superRefine((series, context) => {
    addOverrideIssues(series, context);
    addOverrideIssues({ connectionIds: series.connectionIds, overrides: series.targetOptions }, context, 'targetOptions');
    // the timing is judged once each of its fields is well-formed (their own issues say why not)
    if (!TimingFieldsSchema.safeParse(series).success) return;
    for (const problem of seriesTimingProblems(timingOf(series), localDateOf(new Date(), series.timeZone))) {
      context.addIssue({ code: 'custom', path: problem.path.split('.'), message: problem.message });
    }
  });
export type SeriesInput = z.infer<typeof CreateSeriesSchema>;

/** What an edit may change; what is left out stays. The series is checked whole afterwards, as on create. */
export const EditSeriesSchema = z
  .object({
    name: SERIES_INPUT_FIELDS.name.optional(),
    content: SERIES_INPUT_FIELDS.content.optional(),
    connectionIds: SERIES_INPUT_FIELDS.connectionIds.optional(),
    overrides: SERIES_INPUT_FIELDS.overrides,
    media: SERIES_INPUT_FIELDS.media,
    labelIds: SERIES_INPUT_FIELDS.labelIds,
    thread: ThreadSchema.optional().describe('replaces the parts after the first ([] makes each post a single post again)'),
    threadDelaySeconds: ThreadDelaySchema.optional(),
    firstComment: FirstCommentSchema.nullable().optional().describe('replaces the first comment; null removes it'),
    targetOptions: TargetOptionsSchema.optional().describe("replaces every account's options"),
    rule: SeriesRuleSchema.optional(),
    time: SERIES_INPUT_FIELDS.time.optional(),
    timeZone: SERIES_INPUT_FIELDS.timeZone.optional(),
    startDate: SERIES_INPUT_FIELDS.startDate.optional(),
    end: SeriesEndSchema.optional(),
  })
  .refine((edit) => Object.values(edit).some((value) => value !== undefined), {
    error:
      'Send at least one of name, content, connectionIds, overrides, media, labelIds, thread, threadDelaySeconds, firstComment, targetOptions, rule, time, timeZone, startDate, end',
  });
export type EditSeriesInput = z.infer<typeof EditSeriesSchema>;
