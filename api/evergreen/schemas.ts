// Evergreen set request schemas: which accounts' empty queue slots it fills, with which
// posts (a label's, or a list), and how far apart one post may come again on an account.
import { z } from 'zod';
import { NO_ACCOUNT_MESSAGE } from '../../domain/post-problems';
import { ConnectionIdsSchema } from '../posts/schemas';

export const MAX_GAP_DAYS = 365;
export const MAX_HORIZON_DAYS = 60;
const MAX_SOURCE_POSTS = 500;

const days = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a whole number of days` })
    .int({ error: `${field} must be a whole number of days` })
    .max(max, { error: `${field} must be at most ${max} days` })
    .min(min, { error: `${field} must be at least ${min} day${min === 1 ? '' : 's'}` });

const EVERGREEN_FIELDS = {
  name: z
    .string({ error: 'name is required' })
    .trim()
    .min(1, { error: 'Name the set' })
    .max(100, { error: 'name must be at most 100 characters' })
    .describe('how the set is listed, and its workflow is found in the Temporal Web UI (memo `name`)'),
  connectionIds: ConnectionIdsSchema.min(1, { error: NO_ACCOUNT_MESSAGE }).describe(
    'the accounts whose empty queue slots the set fills; each needs queue slots (PUT /connections/{id}/queue)',
  ),
  labelId: z
    .string({ error: 'labelId must be a label id' })
    .min(1, { error: 'labelId must be a label id' })
    .max(64)
    .nullable()
    .optional()
    .describe("share the team's posts with this label (posts labelled later join the rotation), oldest first; or send postIds"),
  postIds: z
    .array(z.string().min(1).max(64), { error: 'postIds must be a list of post ids' })
    .min(1, { error: 'postIds must list at least one post: the set needs posts to share' })
    .max(MAX_SOURCE_POSTS, { error: `At most ${MAX_SOURCE_POSTS} posts per set` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'postIds must not repeat' })
    .nullable()
    .optional()
    .describe('share these posts, in this order of rotation; or send labelId'),
  minGapDays: days('minGapDays', 1, MAX_GAP_DAYS).describe(
    'a post is not shared again on an account within this many days of its last share there, before or after (booked shares count)',
  ),
  horizonDays: days('horizonDays', 1, MAX_HORIZON_DAYS).default(7).describe('how many days ahead empty slots are filled (default 7)'),
};

/** Issues for a set with both, or neither, of its two kinds of source. */
function addSourceIssues(
  set: { labelId?: string | null | undefined; postIds?: string[] | null | undefined },
  context: z.core.$RefinementCtx,
) {
  const hasLabel = set.labelId != null;
  const hasPosts = set.postIds != null;
  if (hasLabel && hasPosts) context.addIssue({ code: 'custom', path: ['postIds'], message: 'send labelId or postIds, not both' });
  if (!hasLabel && !hasPosts) {
    context.addIssue({
      code: 'custom',
      path: ['labelId'],
      message: 'send labelId (share the posts with a label) or postIds (share these posts)',
    });
  }
}

export const CreateEvergreenSchema = z
  .object({
    ...EVERGREEN_FIELDS,
    paused: z
      .boolean({ error: 'paused must be true or false' })
      .default(false)
      .describe('create it paused: nothing is filled until resumed'),
  })
  .superRefine(addSourceIssues);
export type EvergreenInput = z.infer<typeof CreateEvergreenSchema>;

/** What an edit may change; what is left out stays. A new labelId replaces postIds, and the other way round. */
export const EditEvergreenSchema = z
  .object({
    name: EVERGREEN_FIELDS.name.optional(),
    connectionIds: EVERGREEN_FIELDS.connectionIds.optional(),
    labelId: EVERGREEN_FIELDS.labelId,
    postIds: EVERGREEN_FIELDS.postIds,
    minGapDays: EVERGREEN_FIELDS.minGapDays.optional(),
    horizonDays: days('horizonDays', 1, MAX_HORIZON_DAYS).optional().describe('how many days ahead empty slots are filled'),
  })
  .refine((edit) => Object.values(edit).some((value) => value !== undefined), {
    error: 'Send at least one of name, connectionIds, labelId, postIds, minGapDays, horizonDays',
  })
  .refine((edit) => edit.labelId == null || edit.postIds == null, { path: ['postIds'], error: 'send labelId or postIds, not both' });
export type EditEvergreenInput = z.infer<typeof EditEvergreenSchema>;
