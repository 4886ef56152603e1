// What a post's state change tells the outside world: webhook deliveries (one workflow
// each, started after the change is committed) and a PostgreSQL notification that the
// API server fans out to /api/v1/events streams.
import { createHash } from 'node:crypto';
import type { PostState, PostStatus } from '../domain/post';
import { eventForTransition, type WebhookEvent } from '../domain/webhook-events';
import { poolStatements, prepared, prismaStatements, type Db, type SqlStatements } from './db';
import { POST_STATUS_CHANNEL, type PostStatusNotification } from './post-status-channel';
import { startDelivery, type DeliveryWorkflowDeps } from './temporal/webhook-delivery-start';
import { Prisma } from '../prisma/generated/client';

type Tx = Prisma.TransactionClient;

/** The same parts (webhook, post, event, and what made the event) always give the same delivery id. */
export function deliveryIdOf(...parts: Array<string | number>): string {
  return `dlv_${createHash('sha256').update(parts.join(':')).digest('hex').slice(0, 32)}`;
}

/** The same webhook, post, event and state version always give the same delivery id. */
export function postDeliveryId(webhookId: string, postId: string, event: WebhookEvent, stateVersion: number): string {
  return deliveryIdOf(webhookId, postId, event, stateVersion);
}

/** The body receivers get: the event, and the post as the workflow saw it. */
export function postEventPayload(deliveryId: string, event: WebhookEvent, state: PostState) {
  return {
    id: deliveryId,
    event,
    createdAt: new Date().toISOString(),
    data: {
      post: {
        id: state.postId,
        teamId: state.teamId,
        status: state.status,
        publishAt: state.publishAt,
        content: state.content,
        revision: state.revision,
        stateVersion: state.stateVersion,
        targets: state.targets.map((target) => ({
          connectionId: target.connectionId,
          platform: target.platform,
          status: target.status,
          url: target.url ?? null,
          platformPostId: target.platformPostId ?? null,
          lastError: target.lastError ?? null,
        })),
      },
    },
  };
}

/** Records a delivery for every webhook of the team that subscribes to the event (in the state's transaction); answers how many. */
export async function recordWebhookDeliveries(tx: Tx, state: PostState, event: WebhookEvent): Promise<number> {
  const statements = prismaStatements(tx);
  const webhooks = await statements.query<TeamWebhook>(teamWebhooksSql(state.teamId));
  return recordDeliveriesTo(statements, subscribersOf(webhooks, event), state, event);
}

/** Records a delivery of the event to each of `webhookIds`; answers how many were new. */
async function recordDeliveriesTo(
  statements: SqlStatements,
  webhookIds: readonly string[],
  state: PostState,
  event: WebhookEvent,
): Promise<number> {
  if (webhookIds.length === 0) return 0;
  const deliveries = webhookIds.map((webhookId) => {
    const id = postDeliveryId(webhookId, state.postId, event, state.stateVersion);
    return { id, webhookId, payload: postEventPayload(id, event, state) };
  });
  const recorded = await statements.query<{ id: string }>(Prisma.sql`
    INSERT INTO "WebhookDelivery" (id, "webhookId", event, payload, "postId", "postStateVersion", "createdAt")
    SELECT delivery.id, delivery."webhookId", ${event}, delivery.payload, ${state.postId}, ${state.stateVersion}::integer, (now() AT TIME ZONE 'UTC')
    FROM jsonb_to_recordset(${JSON.stringify(deliveries)}::jsonb) AS delivery(id text, "webhookId" text, payload jsonb)
    ON CONFLICT (id) DO NOTHING
    RETURNING id`);
  return recorded.length;
}

/** A team's webhook that is not disabled, and the events it subscribes to. */
export interface TeamWebhook {
  id: string;
  events: string[];
}

/** The team's webhooks that are not disabled: on the pool for a create, in the transaction of a state the worker saves. */
function teamWebhooksSql(teamId: string): Prisma.Sql {
  return Prisma.sql`SELECT id, events FROM "Webhook" WHERE "teamId" = ${teamId} AND "disabledAt" IS NULL`;
}

/** The ids of those of `webhooks` that subscribe to `event`. */
function subscribersOf(webhooks: readonly TeamWebhook[], event: WebhookEvent): string[] {
  return webhooks.filter((webhook) => webhook.events.includes(event)).map((webhook) => webhook.id);
}

/** The team's webhooks that are not disabled, in one statement on the pool: read on every create, beside its checks. */
export async function readTeamWebhooks(db: Db, teamId: string): Promise<TeamWebhook[]> {
  return poolStatements(db.$pool).query<TeamWebhook>(teamWebhooksSql(teamId));
}

/** What a new post's first state announces to webhooks: its event, and the team's webhooks that subscribe to it. */
export interface FirstStateDeliveries {
  event: WebhookEvent;
  webhookIds: string[];
}

/** The deliveries a post's first state in `status` makes, if any: none when no webhook of `webhooks` subscribes to its event. */
export function firstStateDeliveries(webhooks: readonly TeamWebhook[], status: PostStatus): FirstStateDeliveries | undefined {
  const event = eventForTransition({ status, stateVersion: 0 }, status);
  if (!event) return undefined;
  const webhookIds = subscribersOf(webhooks, event);
  return webhookIds.length > 0 ? { event, webhookIds } : undefined;
}

/**
 * Records the deliveries of a new post's first state in the transaction that writes its row
 * (api/posts/service.ts create): they exist whenever the post does, so a process that dies
 * before it starts them leaves them to the reconciler (startPendingWebhookDeliveries), and a
 * post taken back when its workflow could not start takes them with it (the foreign key).
 */
export async function recordFirstStateDeliveries(
  statements: SqlStatements,
  deliveries: FirstStateDeliveries,
  state: PostState,
): Promise<void> {
  await recordDeliveriesTo(statements, deliveries.webhookIds, state, deliveries.event);
}

/** What the event streams are told of the state (./post-status-channel.ts). */
function notificationOf(state: PostState): string {
  const notification: PostStatusNotification = {
    teamId: state.teamId,
    postId: state.postId,
    status: state.status,
    stateVersion: state.stateVersion,
  };
  return JSON.stringify(notification);
}

/** Delivered to the API server when the transaction commits. */
export async function notifyPostStatus(tx: Tx, state: PostState): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${POST_STATUS_CHANNEL}, ${notificationOf(state)})`;
}

export interface DeliveryStartDeps extends DeliveryWorkflowDeps {
  db: Db;
}

/**
 * Starts the workflow of every pending delivery of this post state. Runs after every
 * attempt, also when an earlier attempt already committed the state, so no delivery is
 * left unsent; the workflow id is the delivery's, so a second start is refused by Temporal.
 */
export async function startPostDeliveries(deps: DeliveryStartDeps, state: PostState): Promise<void> {
  const pending = await deps.db.webhookDelivery.findMany({
    where: { postId: state.postId, postStateVersion: state.stateVersion, status: 'PENDING' },
    select: { id: true },
  });
  await Promise.all(pending.map((delivery) => startDelivery(deps, delivery.id)));
}

/**
 * Tells what a post's first state tells when its row was written as the state, by the API
 * that starts its workflow (PostWorkflowInput.rowWritten), instead of by the workflow's
 * first save: the event streams' notification, and the start of the deliveries written with
 * the row (recordFirstStateDeliveries), after the workflow's start.
 */
export async function announceFirstState(
  deps: DeliveryStartDeps,
  state: PostState,
  deliveries: FirstStateDeliveries | undefined,
): Promise<void> {
  const deliveryIds = deliveries
    ? deliveries.webhookIds.map((webhookId) => postDeliveryId(webhookId, state.postId, deliveries.event, state.stateVersion))
    : [];
  await Promise.all([
    // one statement on the pool: the row is committed already, the notification needs no transaction
    deps.db.$pool.query(prepared('SELECT pg_notify($1, $2)', [POST_STATUS_CHANNEL, notificationOf(state)])),
    ...deliveryIds.map((deliveryId) => startDelivery(deps, deliveryId)),
  ]);
}
