// Outbound webhooks of a team: created with a signing secret that is shown once (and
// stored encrypted, since signing needs it), listed, deleted, and their recent deliveries.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { PING_EVENT } from '../../domain/webhook-events';
import { encryptSecret } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import type { AuditLog } from '../audit/service';
import { PrivateAddressError, resolvePublicAddresses } from '../../lib/network-address';
import { startDelivery } from '../../lib/temporal/webhook-delivery-start';
import { newWebhookSecret } from '../../lib/webhook-signature';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import type { CreateWebhookInput } from './schemas';

export interface WebhookServiceDeps {
  db: Db;
  audit: AuditLog;
  temporal: Client;
  taskQueue: string;
  encryptionKey: string;
  /** loopback and private receivers (development and tests only) */
  allowPrivateUrls: boolean;
  webhookRetryInitialInterval: string;
}

const WEBHOOK_FIELDS = { id: true, url: true, events: true, createdAt: true, disabledAt: true } as const;
const RECENT_DELIVERIES = 50;

/** Refuses receivers on the server's own network, so webhooks cannot be used for SSRF. */
async function requirePublicUrl(url: string): Promise<void> {
  try {
    await resolvePublicAddresses(new URL(url).hostname);
  } catch (error) {
    const message =
      error instanceof PrivateAddressError ? `must be a public address: ${error.message}` : `${new URL(url).hostname} does not resolve`;
    throw problems.validation([{ field: 'body.url', message }]);
  }
}

export function createWebhookService(deps: WebhookServiceDeps) {
  const { db } = deps;

  async function findWebhook(actor: Actor, id: string) {
    const webhook = await db.webhook.findFirst({ where: { id, teamId: actor.teamId }, select: WEBHOOK_FIELDS });
    if (!webhook) throw problems.notFound('Webhook', id);
    return webhook;
  }

  return {
    /** The secret is returned here and never again. */
    async create(actor: Actor, input: CreateWebhookInput) {
      if (!deps.allowPrivateUrls) await requirePublicUrl(input.url);
      const secret = newWebhookSecret();
      const webhook = await db.webhook.create({
        data: { teamId: actor.teamId, url: input.url, events: input.events, encryptedSecret: encryptSecret(secret, deps.encryptionKey) },
        select: WEBHOOK_FIELDS,
      });
      await deps.audit.record(actor, 'webhook.created', {
        entityType: 'webhook',
        entityId: webhook.id,
        details: { url: webhook.url, events: webhook.events },
      });
      return { ...webhook, secret };
    },

    list(actor: Actor) {
      return db.webhook.findMany({ where: { teamId: actor.teamId }, select: WEBHOOK_FIELDS, orderBy: { createdAt: 'asc' } });
    },

    /** Its deliveries go with it; deliveries still retrying stop at their next attempt. */
    async remove(actor: Actor, id: string) {
      const { count } = await db.webhook.deleteMany({ where: { id, teamId: actor.teamId } });
      if (count === 0) throw problems.notFound('Webhook', id);
      await deps.audit.record(actor, 'webhook.deleted', { entityType: 'webhook', entityId: id });
    },

    async deliveries(actor: Actor, id: string) {
      await findWebhook(actor, id);
      return db.webhookDelivery.findMany({
        where: { webhookId: id },
        select: {
          id: true,
          event: true,
          status: true,
          attempts: true,
          lastStatusCode: true,
          lastError: true,
          deliveredAt: true,
          createdAt: true,
          payload: true,
          attemptLog: { select: { attempt: true, at: true, statusCode: true, error: true, durationMs: true }, orderBy: { attempt: 'asc' } },
        },
        orderBy: { createdAt: 'desc' },
        take: RECENT_DELIVERIES,
      });
    },

    /** Sends a `ping` event now, whatever the webhook subscribes to. */
    async ping(actor: Actor, id: string) {
      const webhook = await findWebhook(actor, id);
      if (webhook.disabledAt) throw problems.conflict('webhook-disabled', 'The webhook was disabled after its receiver answered 410 Gone.');
      const deliveryId = `dlv_${randomUUID().replace(/-/g, '')}`;
      const delivery = await db.webhookDelivery.create({
        data: {
          id: deliveryId,
          webhookId: id,
          event: PING_EVENT,
          payload: { id: deliveryId, event: PING_EVENT, createdAt: new Date().toISOString(), data: { webhookId: id } },
        },
        select: { id: true, event: true, status: true, createdAt: true },
      });
      await startDelivery(deps, deliveryId);
      return delivery;
    },
  };
}
