// Client preview link schemas, shared by the API and the web app's "Share preview" forms.
import '../openapi/zod-openapi';
import { z } from 'zod';
import { TimeZoneSchema } from '../analytics/schemas';
import { ConnectionIdsSchema } from '../posts/schemas';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_PREVIEW_DAYS = 14;
export const MAX_PREVIEW_DAYS = 90;
/** a week of the calendar, or a month's grid (six weeks) at most */
export const MAX_RANGE_DAYS = 42;
export const MAX_PREVIEW_POSTS = 100;

const RangeTimeSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 time with an offset, e.g. 2026-12-07T00:00:00+01:00' })
  .transform((value) => new Date(value))
  // PostgreSQL has no year 0 (and an offset can push 0001-01-01 into it)
  .refine((time) => time.getUTCFullYear() >= 1, { error: 'must be in the year 1 or later' });

export const PreviewRangeSchema = z
  .object({
    from: RangeTimeSchema.describe('the first instant the page shows (inclusive)'),
    to: RangeTimeSchema.describe('the end of the range (exclusive)'),
    connectionIds: ConnectionIdsSchema.optional().describe("only posts to these of the team's accounts; default every account"),
  })
  .refine((range) => range.to > range.from, { error: 'to must be after from', path: ['to'] })
  .refine((range) => range.to.getTime() - range.from.getTime() <= MAX_RANGE_DAYS * DAY_MS, {
    error: `A range covers at most ${MAX_RANGE_DAYS} days`,
    path: ['to'],
  })
  .describe('a range of the calendar: the page shows the posts planned in it when it is opened, not when the link was made');

export const CreatePreviewSchema = z
  .object({
    label: z
      .string({ error: 'label is required' })
      .trim()
      .min(1, { error: 'Name the link, e.g. the client it is for' })
      .max(80, { error: 'label must be at most 80 characters' }),
    postIds: z
      .array(z.string().min(1).max(64), { error: 'postIds must be a list of post ids' })
      .min(1, { error: 'Name at least one post' })
      .max(MAX_PREVIEW_POSTS, { error: `At most ${MAX_PREVIEW_POSTS} posts per link` })
      .refine((ids) => new Set(ids).size === ids.length, { error: 'postIds must not repeat' })
      .optional()
      .describe("the team's posts the page shows, in this order"),
    range: PreviewRangeSchema.optional(),
    expiresInDays: z
      .number({ error: 'expiresInDays must be a whole number of days' })
      .int({ error: 'expiresInDays must be a whole number of days' })
      .min(1, { error: 'expiresInDays must be at least 1' })
      .max(MAX_PREVIEW_DAYS, { error: `A link lasts at most ${MAX_PREVIEW_DAYS} days` })
      .default(DEFAULT_PREVIEW_DAYS)
      .describe(`how long the link works; default ${DEFAULT_PREVIEW_DAYS} days`),
    timeZone: TimeZoneSchema.optional().describe(
      "the IANA time zone the page shows times in; default the creator's (their profile's), else UTC",
    ),
    allowApprove: z.boolean({ error: 'allowApprove must be true or false' }).default(false).describe('the client may approve posts'),
    allowComment: z.boolean({ error: 'allowComment must be true or false' }).default(false).describe('the client may comment on posts'),
  })
  .refine((input) => (input.postIds === undefined) !== (input.range === undefined), {
    error: 'Send either postIds or range, not both',
    path: ['postIds'],
  });
export type CreatePreviewInput = z.infer<typeof CreatePreviewSchema>;

export const PreviewTokenParams = z.object({
  token: z.string().min(1).max(100).openapi({ description: "the secret from the link's URL (`/preview/<token>`)" }),
});

export const ClientPostParams = PreviewTokenParams.extend({
  postId: z.string().min(1).max(64).openapi({ description: 'one of the posts the link shows' }),
});

const ClientNameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, { error: 'Write your name, so that the team knows who it is from' })
  .max(80, { error: 'name must be at most 80 characters' })
  .describe('the name the team sees beside it: a client has no account');

export const ClientApprovalSchema = z.object({
  name: ClientNameSchema,
  note: z
    .string({ error: 'note must be text' })
    .trim()
    .max(2_000, { error: 'A note is at most 2,000 characters' })
    .optional()
    .describe('a word for the team with the approval'),
});
export type ClientApprovalInput = z.infer<typeof ClientApprovalSchema>;

export const ClientCommentSchema = z.object({
  name: ClientNameSchema,
  body: z
    .string({ error: 'body is required' })
    .trim()
    .min(1, { error: 'Write a comment' })
    .max(5_000, { error: 'A comment is at most 5,000 characters' }),
});
export type ClientCommentInput = z.infer<typeof ClientCommentSchema>;
