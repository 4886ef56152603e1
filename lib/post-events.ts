// What a post's state change tells the outside world: webhook deliveries (one workflow
// each, started after the change is committed) and a PostgreSQL notification that the
// API server fans out to /api/v1/events streams.
import { createHash } from 'node:crypto';
import type { PostState } from '../domain/post';
import { eventForTransition, type WebhookEvent } from '../domain/webhook-events';
import type { Db } from './db';
import { POST_STATUS_CHANNEL, type PostStatusNotification } from './post-status-channel';
import { startDelivery, type DeliveryWorkflowDeps } from './temporal/webhook-delivery-start';
import type { Prisma } from '../prisma/generated/client';

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
  const webhooks = await tx.webhook.findMany({
    where: { teamId: state.teamId, disabledAt: null, events: { has: event } },
    select: { id: true },
  });
  return recordDeliveriesTo(
    tx,
    webhooks.map((webhook) => webhook.id),
    state,
    event,
  );
}

/** Records a delivery of the event to each of `webhookIds`; answers how many were new. */
async function recordDeliveriesTo(tx: Tx, webhookIds: readonly string[], state: PostState, event: WebhookEvent): Promise<number> {
  if (webhookIds.length === 0) return 0;
  const { count } = await tx.webhookDelivery.createMany({
    data: webhookIds.map((webhookId) => {
      const id = postDeliveryId(webhookId, state.postId, event, state.stateVersion);
      return {
        id,
        webhookId,
        event,
        payload: postEventPayload(id, event, state),
        postId: state.postId,
        postStateVersion: state.stateVersion,
      };
    }),
    skipDuplicates: true,
  });
  return count;
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

/**
 * Notifies the event streams ($1 the channel, $2 the notification) and answers the team's ($3)
 * webhooks that subscribe to the event ($4), in one statement: a new post's announcement
 * (announceFirstState) runs it on every create.
 */
const NOTIFY_AND_FIND_WEBHOOKS_SQL = `SELECT pg_notify($1, $2),
  ARRAY(SELECT id FROM "Webhook" WHERE "teamId" = $3 AND "disabledAt" IS NULL AND $4 = ANY(events)) AS "webhookIds"`;

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
 * first save: the webhook deliveries of a new post, and the event streams' notification.
 */
export async function announceFirstState(deps: DeliveryStartDeps, state: PostState): Promise<void> {
  const event = eventForTransition({ status: state.status, stateVersion: 0 }, state.status);
  // the row is committed already: the writes need no transaction of their own
  const { rows } = await deps.db.$pool.query<{ webhookIds: string[] }>(NOTIFY_AND_FIND_WEBHOOKS_SQL, [
    POST_STATUS_CHANNEL,
    notificationOf(state),
    state.teamId,
    event ?? null,
  ]);
  const deliveries = event ? await recordDeliveriesTo(deps.db, rows[0]!.webhookIds, state, event) : 0;
  if (deliveries > 0) await startPostDeliveries(deps, state);
}
