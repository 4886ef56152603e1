// Approval request schemas: the team's policy and the decisions, shared by the API and
// the web app's forms, and the source of the OpenAPI document's request bodies.
import '../openapi/zod-openapi';
import { z } from 'zod';
import { ROLES } from '../../domain/permissions';
import { PublishAtSchema } from '../posts/schemas';

const RoleListSchema = (field: string) =>
  z
    .array(z.enum(ROLES, { error: `each of ${field} must be one of ${ROLES.join(', ')}` }), { error: `${field} must be a list of roles` })
    .max(ROLES.length)
    .refine((roles) => new Set(roles).size === roles.length, { error: `${field} must not repeat a role` });

/** A week: a decision deadline further ahead than this is a typo, not a policy. */
export const MAX_DEADLINE_MINUTES = 7 * 24 * 60;

export const ApprovalPolicySchema = z
  .object({
    enabled: z.boolean({ error: 'enabled must be true or false' }),
    authorRoles: RoleListSchema('authorRoles').describe("posts submitted by members of these roles need approval, e.g. ['EDITOR']"),
    connectionIds: z
      .array(z.string().min(1).max(64), { error: 'connectionIds must be a list of connection ids' })
      .max(50, { error: 'At most 50 accounts' })
      .default([])
      .describe('only posts to one of these accounts need approval; [] (the default): posts to any account'),
    deciderRoles: RoleListSchema('deciderRoles')
      .refine((roles) => roles.length > 0, { error: 'Name at least one role that decides' })
      .refine((roles) => !roles.includes('VIEWER'), { error: 'Viewers cannot decide: they cannot change posts' })
      .describe("who approves or rejects, e.g. ['OWNER', 'ADMIN']; never the post's own author"),
    deadlineMinutes: z
      .number({ error: 'deadlineMinutes must be a number of minutes' })
      .int({ error: 'deadlineMinutes must be whole minutes' })
      .min(0, { error: 'deadlineMinutes cannot be negative' })
      .max(MAX_DEADLINE_MINUTES, { error: 'deadlineMinutes is at most a week (10080)' })
      .describe("decisions close this many minutes before a post's publishAt; 0: up to the time itself"),
  })
  .refine((policy) => !policy.enabled || policy.authorRoles.length > 0, {
    path: ['authorRoles'],
    error: 'Name the roles whose posts need approval, or turn approval off',
  });
export type ApprovalPolicyInput = z.infer<typeof ApprovalPolicySchema>;

export const ApprovePostSchema = z.object({
  publishAt: PublishAtSchema.optional().describe(
    'a new time to publish at: needed once the decision deadline before the current time has passed',
  ),
});
export type ApprovePostInput = z.infer<typeof ApprovePostSchema>;

export const RejectPostSchema = z.object({
  comment: z
    .string({ error: 'comment is required: tell the author why' })
    .trim()
    .min(1, { error: 'Tell the author why the post is rejected' })
    .max(5_000, { error: 'A comment is at most 5,000 characters' }),
});
export type RejectPostInput = z.infer<typeof RejectPostSchema>;
