// Post schemas, shared by the API and the web app's composer.
import { z } from 'zod';
import { POST_STATUSES } from '../../domain/post';
import { TARGET_OPTION_SCHEMAS_BY_KEY } from '../../domain/target-options';
import { FIRST_COMMENT_PUBLISHING, THREAD_PUBLISHING } from '../../platforms';
import { NO_ACCOUNT_MESSAGE, NO_CONTENT_MESSAGE, NO_TIME_MESSAGE, PAST_GRACE_MS, PAST_TIME_MESSAGE } from '../../domain/post-problems';
import { TimeZoneSchema } from '../analytics/schemas';
import { LabelIdsSchema } from '../labels/schemas';
import { QUEUE_MODES, QUEUE_POSITIONS } from '../queue/schemas';
import { MediaIdsSchema } from '../media/schemas';
import { POST_SORTS } from './page-cursor';

const MAX_AHEAD_MS = 5 * 366 * 24 * 60 * 60 * 1000;

export const ContentSchema = z
  .string({ error: 'content is required' })
  .trim()
  .min(1, { error: NO_CONTENT_MESSAGE })
  .max(10_000, { error: 'content must be at most 10,000 characters' });

export const PublishAtSchema = z.iso
  .datetime({ offset: true, error: 'publishAt must be an ISO 8601 time with an offset, e.g. 2026-12-01T09:00:00+01:00' })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= Date.now() - PAST_GRACE_MS, { error: PAST_TIME_MESSAGE })
  .refine((date) => date.getTime() <= Date.now() + MAX_AHEAD_MS, { error: 'publishAt is more than 5 years ahead' });

const PostTimeZoneSchema = TimeZoneSchema.optional().describe(
  'the IANA time zone publishAt was chosen in (e.g. Europe/Berlin): kept with the post, which is shown in it',
);

export const ConnectionIdsSchema = z
  .array(z.string().min(1).max(64), { error: 'connectionIds must be a list of connection ids' })
  .max(50, { error: 'At most 50 accounts per post' })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'connectionIds must not repeat' });

export const OverridesSchema = z
  .array(
    z.object({
      connectionId: z.string({ error: 'connectionId is required' }).min(1).max(64),
      content: ContentSchema,
    }),
    { error: 'overrides must be a list of { connectionId, content }' },
  )
  .max(50, { error: 'At most 50 overrides per post' })
  .superRefine((overrides, context) => {
    const seen = new Set<string>();
    overrides.forEach(({ connectionId }, index) => {
      if (seen.has(connectionId))
        context.addIssue({ code: 'custom', path: [index, 'connectionId'], message: `${connectionId} already has an override` });
      seen.add(connectionId);
    });
  })
  .describe("per-account text: each account named here publishes its own content instead of the post's");
export type OverridesInput = z.infer<typeof OverridesSchema>;

/**
 * Per-account platform options (domain/target-options.ts), each under its platform's key:
 * `[{connectionId, reddit: {subreddit, title}}]`: every platform whose definition has
 * `options` (platforms/<name>/options.ts), under its key.
 */
export const TargetOptionsSchema = z
  .array(
    z
      .strictObject({
        connectionId: z.string({ error: 'connectionId is required' }).min(1).max(64),
        ...TARGET_OPTION_SCHEMAS_BY_KEY,
      })
      .refine((entry) => Object.keys(entry).length === 2, {
        error: "each entry names its account's platform options once, e.g. { connectionId, reddit: { subreddit, title } }",
      }),
    { error: 'targetOptions must be a list of { connectionId, <platform>: { … } }' },
  )
  .max(50, { error: 'At most 50 targetOptions per post' })
  .superRefine((entries, context) => {
    const seen = new Set<string>();
    entries.forEach(({ connectionId }, index) => {
      if (seen.has(connectionId))
        context.addIssue({ code: 'custom', path: [index, 'connectionId'], message: `${connectionId} already has its options` });
      seen.add(connectionId);
    });
  })
  .describe("per-account platform options, e.g. a Reddit post's subreddit and title; see docs/api.md");
export type TargetOptionsInput = z.infer<typeof TargetOptionsSchema>;

/** Overrides naming an account the post does not publish to, as (index, message) pairs. */
export function overridesOutsideTargets(
  overrides: ReadonlyArray<{ connectionId: string }>,
  connectionIds: readonly string[],
): Array<{ index: number; message: string }> {
  const targets = new Set(connectionIds);
  return overrides.flatMap(({ connectionId }, index) =>
    targets.has(connectionId) ? [] : [{ index, message: `${connectionId} is not one of the post's connectionIds` }],
  );
}

/** The most parts a thread may have, its first (the post's content) included. */
export const MAX_THREAD_PARTS = 25;

export const ThreadSchema = z
  .array(
    z.object({
      content: ContentSchema,
      /** uploaded media ids, in publishing order */
      media: MediaIdsSchema.optional(),
    }),
    { error: 'thread must be a list of { content, media? }' },
  )
  .max(MAX_THREAD_PARTS - 1, { error: `A thread has at most ${MAX_THREAD_PARTS} parts, its first (content) included` })
  .describe(
    `the parts after the first of a thread (\`content\` and \`media\` are its first part), in order: ${THREAD_PUBLISHING}; [] or left out, a single post`,
  );
export type ThreadInput = z.infer<typeof ThreadSchema>;

export const ThreadDelaySchema = z
  .number({ error: 'threadDelaySeconds must be a number of seconds' })
  .int({ error: 'threadDelaySeconds must be a whole number of seconds' })
  .min(0, { error: 'threadDelaySeconds must be 0 or more' })
  .max(3600, { error: 'threadDelaySeconds must be at most 3600 (one hour)' })
  .describe('seconds to wait between the parts of a thread (default 0)');

export const FirstCommentSchema = z
  .string({ error: 'firstComment must be text' })
  .trim()
  .min(1, { error: 'firstComment must not be empty (send null to remove it)' })
  .max(10_000, { error: 'firstComment must be at most 10,000 characters' })
  .describe(`a comment each account publishes on its own post right after it (after a thread's last part): ${FIRST_COMMENT_PUBLISHING}`);

/**
 * What a post publishes, and where: shared by a post (CreatePostSchema) and a series,
 * whose every occurrence is such a post (api/series/schemas.ts).
 */
export const POST_CONTENT_FIELDS = {
  content: ContentSchema,
  connectionIds: ConnectionIdsSchema,
  overrides: OverridesSchema.optional(),
  /** uploaded media ids (POST /api/v1/media), in publishing order */
  media: MediaIdsSchema.optional(),
  labelIds: LabelIdsSchema.optional(),
};

/** Issues for overrides (or target options) naming an account the post does not publish to. */
export function addOverrideIssues(
  post: { connectionIds: readonly string[]; overrides?: ReadonlyArray<{ connectionId: string }> | undefined },
  context: z.core.$RefinementCtx,
  field: 'overrides' | 'targetOptions' = 'overrides',
): void {
  for (const { index, message } of overridesOutsideTargets(post.overrides ?? [], post.connectionIds)) {
    context.addIssue({ code: 'custom', path: [field, index, 'connectionId'], message });
  }
}

/** A new post's fields, before the rules between them (CreatePostSchema); MCP tools offer subsets of them. */
export const CreatePostFieldsSchema = z.object({
  ...POST_CONTENT_FIELDS,
  publishAt: PublishAtSchema.optional().describe('required unless `draft` or `queue`: a draft may be an idea without a time'),
  queue: z
    .enum(QUEUE_POSITIONS, { error: `queue must be one of ${QUEUE_POSITIONS.join(', ')}` })
    .optional()
    .describe(
      "instead of `publishAt`, add to the accounts' queues: `next`, the first free slot; `first`, the very first slot, " +
        'the queued posts from there on each moving one slot later. The answer is then `{ posts, moved, notMoved }`',
    ),
  queueMode: z
    .enum(QUEUE_MODES, { error: `queueMode must be one of ${QUEUE_MODES.join(', ')}` })
    .optional()
    .describe(
      'with `queue` and several accounts: `together` (default), one post at the first slot free in every account; ' +
        "`each`, one post per account, each at its account's own slot",
    ),
  timeZone: PostTimeZoneSchema,
  thread: ThreadSchema.optional(),
  threadDelaySeconds: ThreadDelaySchema.optional(),
  firstComment: FirstCommentSchema.optional(),
  targetOptions: TargetOptionsSchema.optional(),
  connectionIds: ConnectionIdsSchema.describe('at least one unless `draft`'),
  draft: z
    .boolean({ error: 'draft must be true or false' })
    .default(false)
    .describe('save as a DRAFT: nothing is scheduled until POST /posts/{id}/schedule'),
  signatures: z
    .boolean({ error: 'signatures must be true or false' })
    .optional()
    .describe(
      "false leaves the accounts' signatures off this post; otherwise each account's signature is appended to the text it publishes, stored as its per-account text",
    ),
});

export const CreatePostSchema = CreatePostFieldsSchema.superRefine((post, context) => {
  if (post.queue !== undefined && post.publishAt !== undefined)
    context.addIssue({ code: 'custom', path: ['queue'], message: 'send queue or publishAt, not both' });
  if (post.queue !== undefined && post.draft)
    context.addIssue({ code: 'custom', path: ['queue'], message: 'a draft is not queued: schedule it, or leave out draft' });
  if (post.queueMode !== undefined && post.queue === undefined)
    context.addIssue({ code: 'custom', path: ['queueMode'], message: 'queueMode goes with queue' });
  if (!post.draft && post.publishAt === undefined && post.queue === undefined)
    context.addIssue({ code: 'custom', path: ['publishAt'], message: NO_TIME_MESSAGE });
  if (!post.draft && post.connectionIds.length === 0)
    context.addIssue({ code: 'custom', path: ['connectionIds'], message: NO_ACCOUNT_MESSAGE });
  addOverrideIssues(post, context);
  addOverrideIssues({ connectionIds: post.connectionIds, overrides: post.targetOptions }, context, 'targetOptions');
});
export type CreatePostInput = z.infer<typeof CreatePostSchema>;

/** What an edit, or the fixes sent with a retry, may change; what is left out stays. */
const PostChangesSchema = z.object({
  content: ContentSchema.optional(),
  connectionIds: ConnectionIdsSchema.optional(),
  media: MediaIdsSchema.optional(),
  overrides: OverridesSchema.optional().describe(
    'replaces every per-account text (send [] to clear them); left out, they are kept for the accounts that stay',
  ),
  targetOptions: TargetOptionsSchema.optional().describe(
    "replaces every account's platform options; left out, they are kept for the accounts that stay",
  ),
});

export const EditPostSchema = PostChangesSchema.extend({
  thread: ThreadSchema.optional().describe('replaces the parts after the first ([] makes the post a single post again)'),
  threadDelaySeconds: ThreadDelaySchema.optional(),
  firstComment: FirstCommentSchema.nullable().optional().describe('replaces the first comment; null removes it'),
}).refine((edit) => Object.values(edit).some((value) => value !== undefined), {
  error: 'Send content, connectionIds, media, overrides, targetOptions, thread, threadDelaySeconds, firstComment, or several of them',
});
export type EditPostInput = z.infer<typeof EditPostSchema>;

export const RetryPostSchema = PostChangesSchema.describe(
  'Fixes to make before publishing again (none: retry as it is). Accounts that already published keep what they published.',
);
export type RetryPostInput = z.infer<typeof RetryPostSchema>;

export const ReschedulePostSchema = z.object({
  publishAt: PublishAtSchema.nullable().describe("the new time; `null` takes a draft's time away (a scheduled post keeps one)"),
  timeZone: PostTimeZoneSchema,
});

export const ScheduleDraftSchema = z.object({
  publishAt: PublishAtSchema.optional().describe("when to publish; the draft's planned time when left out"),
  timeZone: PostTimeZoneSchema,
});

export const RestorePostSchema = z.object({
  publishAt: PublishAtSchema.optional().describe('schedule the post again at this time; left out, it becomes a draft'),
  timeZone: PostTimeZoneSchema,
});

/** What a post's ETag is: its stateVersion, quoted (a strong entity tag). */
export function postETag(stateVersion: number): string {
  return `"${stateVersion}"`;
}

export const IfMatchHeadersSchema = z.object({
  'if-match': z
    .string()
    .regex(/^(\*|"\d{1,9}")$/, { error: 'must be * or the ETag of the post as you read it, e.g. "3"' })
    .optional()
    .describe(
      'the ETag of the post as you read it (`"<stateVersion>"`): the change is made only if the post is still at that version, else 412; `*` matches any',
    ),
});

/** The stateVersion an If-Match header names, or undefined when it names any (absent or `*`). */
export function ifMatchStateVersion(headers: z.infer<typeof IfMatchHeadersSchema>): number | undefined {
  const ifMatch = headers['if-match'];
  return ifMatch === undefined || ifMatch === '*' ? undefined : Number(ifMatch.slice(1, -1));
}

export const IdempotencyHeadersSchema = z.object({
  'idempotency-key': z.string().min(1).max(255, { error: 'must be at most 255 characters' }).optional(),
});

const TimeFilterSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 time with an offset' })
  .transform((value) => new Date(value))
  // PostgreSQL has no year 0 (and an offset can push 0001-01-01 into it)
  .refine((time) => time.getUTCFullYear() >= 1, { error: 'must be in the year 1 or later' });

export const ListPostsQuerySchema = z.object({
  status: z.enum(POST_STATUSES, { error: `status must be one of ${POST_STATUSES.join(', ')}` }).optional(),
  from: TimeFilterSchema.optional(),
  to: TimeFilterSchema.optional(),
  q: z
    .string()
    .trim()
    .min(1, { error: 'q must not be empty' })
    .max(200, { error: 'q must be at most 200 characters' })
    .optional()
    .describe("text to find, ignoring case, in the post's content or any per-account text"),
  connectionId: z.string().min(1).max(64).optional().describe('only posts that publish to this connected account'),
  labelId: z.string().min(1).max(64).optional().describe('only posts with this label'),
  sort: z
    .enum(POST_SORTS, { error: `sort must be one of ${POST_SORTS.join(', ')}` })
    .optional()
    .describe('the order, by publish or creation time; `-` for newest first. Default `publishAt` (oldest publish time first)'),
  cursor: z.string().max(500).optional().describe("the previous page's `nextCursor`, with the same filters and sort"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListPostsQuery = z.infer<typeof ListPostsQuerySchema>;
