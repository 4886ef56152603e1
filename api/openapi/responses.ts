// Response bodies of the REST API as zod schemas, mirroring what the code sends today
// (api/*/service.ts, api/posts/view.ts, api/http/problem.ts). They are documentation and
// a test oracle: tests/integration/openapi.test.ts parses live responses with them.
// Objects are strict so a field added in code but not here fails that test.
import './zod-openapi';
import { z } from 'zod';
import { PLATFORMS, POST_STATUSES, TARGET_STATUSES } from '../../domain/post';

/** A time as JSON.stringify writes a Date: ISO 8601, UTC (`Z`). */
const Time = z.iso.datetime({ offset: true });
const Id = z.string().min(1);

export const RoleSchema = z.enum(['OWNER', 'ADMIN', 'EDITOR', 'VIEWER']);
export const PlatformSchema = z.enum(PLATFORMS);

export const UserSchema = z.strictObject({ id: Id, email: z.string(), name: z.string() });
export const UserResponseSchema = z.strictObject({ user: UserSchema });

export const MeSchema = z.strictObject({
  user: UserSchema,
  teams: z.array(z.strictObject({ id: Id, name: z.string(), role: RoleSchema })),
  /** the team this request acts in */
  currentTeamId: z.string(),
});

export const TokenSchema = z.strictObject({
  id: Id,
  name: z.string(),
  /** the first characters of the secret, to recognise it */
  prefix: z.string(),
  createdAt: Time,
  lastUsedAt: Time.nullable(),
  expiresAt: Time.nullable(),
});
export const CreatedTokenSchema = TokenSchema.extend({ token: z.string().describe('the secret: shown once, never again') });
export const TokenListSchema = z.strictObject({ data: z.array(TokenSchema) });

export const ConnectionSchema = z.strictObject({
  id: Id,
  platform: PlatformSchema,
  handle: z.string(),
  displayName: z.string(),
  instanceUrl: z.string().nullable(),
  status: z.enum(['ACTIVE', 'NEEDS_RECONNECT']),
  createdAt: Time,
});
export const ConnectionListSchema = z.strictObject({ data: z.array(ConnectionSchema) });
export const DemoFeedSchema = z.strictObject({
  connection: ConnectionSchema,
  items: z.array(z.strictObject({ id: Id, content: z.string(), createdAt: Time })),
});

/** The workflow's live state (domain/post.ts PostState), as its status query answers. */
export const PostWorkflowStateSchema = z.strictObject({
  postId: Id,
  teamId: Id,
  status: z.enum(POST_STATUSES),
  publishAt: z.string(),
  content: z.string(),
  revision: z.number().int(),
  targets: z.array(
    z.strictObject({
      connectionId: Id,
      platform: PlatformSchema,
      status: z.enum(TARGET_STATUSES),
      revision: z.number().int().optional(),
      platformPostId: z.string().optional(),
      url: z.string().optional(),
      attempts: z.number().int(),
      lastError: z.string().optional(),
      lastErrorRetryable: z.boolean().optional(),
      publishedAt: z.string().optional(),
    }),
  ),
  refusedChanges: z.array(z.strictObject({ kind: z.enum(['edit', 'reschedule']), at: z.string(), reason: z.string() })),
  stateVersion: z.number().int(),
});

export const PostTargetSchema = z.strictObject({
  connectionId: Id,
  platform: PlatformSchema,
  handle: z.string(),
  displayName: z.string(),
  status: z.enum(TARGET_STATUSES),
  revision: z.number().int().nullable(),
  platformPostId: z.string().nullable(),
  url: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  publishedAt: Time.nullable(),
});

/** api/posts/view.ts toPostView */
export const PostSchema = z.strictObject({
  id: Id,
  teamId: Id,
  content: z.string(),
  publishAt: Time,
  status: z.enum(POST_STATUSES),
  revision: z.number().int(),
  publishedAt: Time.nullable(),
  createdAt: Time,
  updatedAt: Time,
  targets: z.array(PostTargetSchema),
  workflowId: z.string(),
  temporalUiUrl: z.string(),
  /**
   * Present on reads and changes: the workflow's live state, or null when Temporal did
   * not answer in time. Absent on create and in lists.
   */
  workflow: PostWorkflowStateSchema.nullable().optional(),
});
export const PostListSchema = z.strictObject({
  data: z.array(PostSchema),
  /** pass as `cursor` for the next page; null on the last page */
  nextCursor: z.string().nullable(),
});

const StatusCountsSchema = z.record(z.enum(POST_STATUSES), z.number().int());

/** api/analytics/service.ts summary */
export const AnalyticsSchema = z.strictObject({
  from: Time,
  to: Time,
  timeZone: z.string(),
  connectionId: z.string().nullable(),
  totalPosts: z.number().int(),
  /** posts whose publish time falls in the range, by their status */
  byStatus: StatusCountsSchema,
  /** publications (targets) by platform; successRate = published / (published + failed), null before any outcome */
  byPlatform: z.array(
    z.strictObject({ platform: PlatformSchema, published: z.number().int(), failed: z.number().int(), successRate: z.number().nullable() }),
  ),
  /** every calendar day of the range in `timeZone` (YYYY-MM-DD), with its posts by status */
  perDay: z.array(z.strictObject({ date: z.string(), counts: StatusCountsSchema })),
  /** seconds from a post's publishAt to each publication's publishedAt; null without publications */
  lateness: z.strictObject({
    publications: z.number().int(),
    p50Seconds: z.number().nullable(),
    p90Seconds: z.number().nullable(),
    maxSeconds: z.number().nullable(),
  }),
});

/** RFC 9457 problem details (api/http/problem.ts); extensions such as `connectionIds` may be added. */
export const ProblemSchema = z.looseObject({
  type: z.url(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  /** only on `validation-failed` */
  errors: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
});

export const HealthSchema = z.strictObject({ status: z.literal('ok') });
export const ReadinessSchema = z.strictObject({
  status: z.enum(['ready', 'not ready']),
  checks: z.strictObject({ database: z.string(), temporal: z.string() }).describe('"ok", or why the check failed'),
});

/** Every response schema by its component name in the document (#/components/schemas/<name>). */
export const responseSchemas = {
  User: UserResponseSchema,
  Me: MeSchema,
  Token: TokenSchema,
  CreatedToken: CreatedTokenSchema,
  TokenList: TokenListSchema,
  Connection: ConnectionSchema,
  ConnectionList: ConnectionListSchema,
  DemoFeed: DemoFeedSchema,
  Post: PostSchema,
  PostList: PostListSchema,
  Analytics: AnalyticsSchema,
  Problem: ProblemSchema,
  Health: HealthSchema,
  Readiness: ReadinessSchema,
} as const;
export type ResponseSchemaName = keyof typeof responseSchemas;
