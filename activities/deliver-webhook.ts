// Sends one webhook delivery: a signed POST with a timeout, each attempt recorded. 2xx is
// delivered; 410 Gone disables the webhook; any other answer, a timeout or a network
// error throws, and Temporal retries (webhook-delivery-workflow.ts). The reconciler starts
// the workflows of deliveries whose start was lost (startPendingWebhookDeliveries).
import http from 'node:http';
import https from 'node:https';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { decryptSecret, type KeyRing } from '../lib/crypto';
import type { Db } from '../lib/db';
import { PrivateAddressError, publicOnlyLookup, resolvePublicAddresses } from '../lib/network-address';
import { startDelivery, type DeliveryWorkflowDeps } from '../lib/temporal/webhook-delivery-start';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, webhookSignature } from '../lib/webhook-signature';

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_ERROR_LENGTH = 500;
/** A delivery is left to the code that recorded it this long before the reconciler starts it. */
const START_GRACE_MS = 60_000;
/** Deliveries started per reconciler pass, oldest first; the rest wait for the next pass. */
const PENDING_BATCH = 500;

export interface WebhookDeliveryDeps extends DeliveryWorkflowDeps {
  db: Db;
  /** the current and previous encryption keys: webhook secrets are rotated with the rest (npm run keys:rotate) */
  keys: KeyRing;
  /** loopback and private receivers (development and tests only) */
  webhookAllowPrivateUrls: boolean;
}

export type DeliveryOutcome = 'DELIVERED' | 'WEBHOOK_GONE' | 'WEBHOOK_DISABLED' | 'ALREADY_DONE';

interface Answer {
  statusCode: number;
  retryAfterSeconds?: number;
}

/** Redirects are not followed: a 3xx counts as not delivered, so a receiver cannot point the worker elsewhere. */
async function post(url: string, body: string, headers: Record<string, string>, allowPrivate: boolean): Promise<Answer> {
  const target = new URL(url);
  // NOTE: Node skips `lookup` for IP literals, so those are checked here; hostnames are
  // checked again at connect time by publicOnlyLookup.
  if (!allowPrivate) await resolvePublicAddresses(target.hostname);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'planrrr-webhooks/1',
          ...headers,
        },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (response) => {
        response.resume(); // the body is not read, only drained
        const retryAfter = Number(response.headers['retry-after']);
        resolve({
          statusCode: response.statusCode ?? 0,
          ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export function createWebhookDeliveryActivities(deps: WebhookDeliveryDeps) {
  const { db } = deps;

  return {
    /**
     * The reconciler's part for webhooks: starts the workflow of every delivery still PENDING
     * without an attempt a minute after it was recorded (what recorded it died before
     * starting it, or Temporal did not answer). A delivery whose workflow runs or ran is
     * left as it is; one with an attempt had its workflow. Answers how many starts were asked for.
     */
    async startPendingWebhookDeliveries(): Promise<number> {
      const pending = await db.webhookDelivery.findMany({
        where: { status: 'PENDING', attempts: 0, createdAt: { lt: new Date(Date.now() - START_GRACE_MS) } },
        select: { id: true },
        orderBy: { createdAt: 'asc' },
        take: PENDING_BATCH,
      });
      for (const { id } of pending) {
        await startDelivery(deps, id);
        Context.current().heartbeat(id);
      }
      return pending.length;
    },

    async deliverWebhook(deliveryId: string): Promise<DeliveryOutcome> {
      const { attempt } = Context.current().info;
      const delivery = await db.webhookDelivery.findUnique({
        where: { id: deliveryId },
        select: {
          event: true,
          payload: true,
          status: true,
          webhook: { select: { id: true, url: true, encryptedSecret: true, disabledAt: true } },
        },
      });
      // deleting a webhook (or the post) deletes its deliveries: nothing left to send
      if (!delivery) return 'WEBHOOK_GONE';
      if (delivery.status !== 'PENDING') return 'ALREADY_DONE';
      if (delivery.webhook.disabledAt) {
        await db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: 'FAILED', lastError: 'The webhook is disabled.' } });
        return 'WEBHOOK_DISABLED';
      }

      const body = JSON.stringify(delivery.payload);
      const secret = decryptSecret(delivery.webhook.encryptedSecret, deps.keys);
      const headers = {
        [SIGNATURE_HEADER]: webhookSignature(secret, body, Math.floor(Date.now() / 1000)),
        [EVENT_HEADER]: delivery.event,
        [DELIVERY_HEADER]: deliveryId,
      };
      const started = Date.now();
      let answer: Answer | undefined;
      let failure: Error | undefined;
      try {
        answer = await post(delivery.webhook.url, body, headers, deps.webhookAllowPrivateUrls);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
      const statusCode = answer?.statusCode ?? null;
      const delivered = statusCode !== null && statusCode >= 200 && statusCode < 300;
      const error = delivered
        ? null
        : (failure ? `${failure.name}: ${failure.message}` : `The receiver answered HTTP ${statusCode}.`).slice(0, MAX_ERROR_LENGTH);

      await db.$transaction([
        db.webhookDeliveryAttempt.upsert({
          where: { deliveryId_attempt: { deliveryId, attempt } },
          create: { deliveryId, attempt, statusCode, error, durationMs: Date.now() - started },
          update: {},
        }),
        db.webhookDelivery.update({
          where: { id: deliveryId },
          data: {
            attempts: attempt,
            lastStatusCode: statusCode,
            lastError: error,
            ...(delivered ? { status: 'DELIVERED', deliveredAt: new Date() } : {}),
            ...(statusCode === 410 ? { status: 'FAILED' } : {}),
          },
        }),
        // 410 Gone: the receiver asks never to be called again
        ...(statusCode === 410 ? [db.webhook.update({ where: { id: delivery.webhook.id }, data: { disabledAt: new Date() } })] : []),
      ]);

      if (delivered) return 'DELIVERED';
      if (statusCode === 410) return 'WEBHOOK_GONE';
      if (failure instanceof PrivateAddressError) throw ApplicationFailure.nonRetryable(failure.message, 'WEBHOOK_PRIVATE_ADDRESS');
      throw ApplicationFailure.create({
        message: error ?? 'The delivery failed.',
        type: 'WEBHOOK_NOT_DELIVERED',
        // a receiver that asks for time (429, 503 with Retry-After) gets it
        ...(answer?.retryAfterSeconds ? { nextRetryDelay: answer.retryAfterSeconds * 1000 } : {}),
      });
    },

    /**
     * After the last retry: the delivery is FAILED. The last attempt's error says more than
     * the retry timeout that ended it, so `reason` is only kept when no attempt recorded one.
     */
    async markWebhookDeliveryFailed(deliveryId: string, reason: string): Promise<void> {
      await db.webhookDelivery.updateMany({
        where: { id: deliveryId, status: 'PENDING', lastError: null },
        data: { lastError: reason.slice(0, MAX_ERROR_LENGTH) },
      });
      await db.webhookDelivery.updateMany({ where: { id: deliveryId, status: 'PENDING' }, data: { status: 'FAILED' } });
    },
  };
}
