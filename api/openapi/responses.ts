// Response bodies of the REST API as zod schemas, mirroring what the code sends today
// (api/*/service.ts, api/posts/view.ts, api/http/problem.ts). They are documentation and
// a test oracle: tests/integration/openapi.test.ts parses live responses with them.
// Objects are strict so a field added in code but not here fails that test.
import './zod-openapi';
import { z } from 'zod';
import { PLATFORMS, POST_STATUSES, TARGET_STATUSES } from '../../domain/post';
import { WEBHOOK_EVENTS } from '../../domain/webhook-events';

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

export const WebhookSchema = z.strictObject({
  id: Id,
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  createdAt: Time,
  /** set when the receiver answered 410 Gone; a disabled webhook gets no more deliveries */
  disabledAt: Time.nullable(),
});
export const CreatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().describe('the signing secret: shown once, never again'),
});
export const WebhookListSchema = z.strictObject({ data: z.array(WebhookSchema) });

const DeliveryStatusSchema = z.enum(['PENDING', 'DELIVERED', 'FAILED']);
export const WebhookDeliveryListSchema = z.strictObject({
  data: z.array(
    z.strictObject({
      id: Id.describe('also sent as the Planrrr-Delivery header, for receivers to deduplicate'),
      event: z.string(),
      status: DeliveryStatusSchema,
      attempts: z.number().int(),
      lastStatusCode: z.number().int().nullable(),
      lastError: z.string().nullable(),
      deliveredAt: Time.nullable(),
      createdAt: Time,
      /** the body that was (or will be) sent */
      payload: z.record(z.string(), z.unknown()),
      attemptLog: z.array(
        z.strictObject({
          attempt: z.number().int(),
          at: Time,
          statusCode: z.number().int().nullable().describe('null when no answer came (timeout, refused)'),
          error: z.string().nullable(),
          durationMs: z.number().int(),
        }),
      ),
    }),
  ),
});
export const WebhookPingSchema = z.strictObject({ id: Id, event: z.literal('ping'), status: DeliveryStatusSchema, createdAt: Time });

/** What planrrr POSTs to a webhook on a post event (activities/post-events.ts postEventPayload). */
export const PostEventSchema = z.strictObject({
  id: Id.describe('the delivery id, also in the Planrrr-Delivery header'),
  event: z.enum(WEBHOOK_EVENTS),
  createdAt: Time,
  data: z.strictObject({
    post: z.strictObject({
      id: Id,
      teamId: Id,
      status: z.enum(POST_STATUSES),
      publishAt: z.string(),
      content: z.string(),
      revision: z.number().int(),
      /** increases with every change of the post: order events by it */
      stateVersion: z.number().int(),
      targets: z.array(
        z.strictObject({
          connectionId: Id,
          platform: PlatformSchema,
          status: z.enum(TARGET_STATUSES),
          url: z.string().nullable(),
          platformPostId: z.string().nullable(),
          lastError: z.string().nullable(),
        }),
      ),
    }),
  }),
});
/** What POST /api/v1/webhooks/{id}/test sends (api/webhooks/service.ts). */
export const PingEventSchema = z.strictObject({
  id: Id,
  event: z.literal('ping'),
  createdAt: Time,
  data: z.strictObject({ webhookId: Id }),
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
  Webhook: WebhookSchema,
  CreatedWebhook: CreatedWebhookSchema,
  WebhookList: WebhookListSchema,
  WebhookDeliveryList: WebhookDeliveryListSchema,
  WebhookPing: WebhookPingSchema,
  PostEvent: PostEventSchema,
  PingEvent: PingEventSchema,
  Problem: ProblemSchema,
  Health: HealthSchema,
  Readiness: ReadinessSchema,
} as const;
export type ResponseSchemaName = keyof typeof responseSchemas;
