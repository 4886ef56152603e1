// What a stored metrics sample tells the outside world: a `post.metrics_updated` delivery to
// each of the team's webhooks that subscribe to it, recorded in the sample's transaction and
// started after it commits (activities/post-metrics.ts). A delivery's id is derived from the
// webhook and the sample, so a retried activity finds the deliveries it recorded and starts
// them (Temporal refuses a second start), and never records a second one.
import { METRICS_UPDATED_EVENT } from '../domain/webhook-events';
import type { MissingMetric } from '../domain/post-metrics';
import type { Platform } from '../domain/post';
import { startDelivery } from '../lib/temporal/webhook-delivery-start';
import type { Prisma } from '../prisma/generated/client';
import { deliveryIdOf, type DeliveryStartDeps } from '../lib/post-events';

type Tx = Prisma.TransactionClient;

/** One stored sample of a published post on one account, as receivers get it. */
export interface StoredMetricsSample {
  postId: string;
  teamId: string;
  account: { connectionId: string; platform: Platform; handle: string };
  sampleIndex: number;
  takenAt: Date;
  metrics: Partial<Record<string, number>>;
  missing: MissingMetric[];
}

function metricsDeliveryId(webhookId: string, sample: Pick<StoredMetricsSample, 'postId' | 'account' | 'sampleIndex'>): string {
  return deliveryIdOf(webhookId, sample.postId, METRICS_UPDATED_EVENT, sample.account.connectionId, sample.sampleIndex);
}

/** The body receivers get: the post, the account, which sample, and its counts. */
export function metricsEventPayload(deliveryId: string, sample: StoredMetricsSample) {
  return {
    id: deliveryId,
    event: METRICS_UPDATED_EVENT,
    createdAt: new Date().toISOString(),
    data: {
      post: { id: sample.postId, teamId: sample.teamId },
      account: sample.account,
      sample: {
        sampleIndex: sample.sampleIndex,
        takenAt: sample.takenAt.toISOString(),
        metrics: sample.metrics,
        missing: sample.missing,
      },
    },
  };
}

/** Records a delivery for every webhook of the team that subscribes (in the sample's transaction). */
export async function recordMetricsDeliveries(tx: Tx, sample: StoredMetricsSample): Promise<void> {
  const webhooks = await tx.webhook.findMany({
    where: { teamId: sample.teamId, disabledAt: null, events: { has: METRICS_UPDATED_EVENT } },
    select: { id: true },
  });
  if (webhooks.length === 0) return;
  await tx.webhookDelivery.createMany({
    data: webhooks.map((webhook) => {
      const id = metricsDeliveryId(webhook.id, sample);
      return { id, webhookId: webhook.id, event: METRICS_UPDATED_EVENT, payload: metricsEventPayload(id, sample), postId: sample.postId };
    }),
    skipDuplicates: true,
  });
}

/** Starts the workflow of every pending delivery the sample recorded, also when an earlier attempt recorded them. */
export async function startMetricsDeliveries(
  deps: DeliveryStartDeps,
  sample: Pick<StoredMetricsSample, 'postId' | 'teamId' | 'account' | 'sampleIndex'>,
): Promise<void> {
  const webhooks = await deps.db.webhook.findMany({ where: { teamId: sample.teamId }, select: { id: true } });
  const pending = await deps.db.webhookDelivery.findMany({
    where: { id: { in: webhooks.map((webhook) => metricsDeliveryId(webhook.id, sample)) }, status: 'PENDING' },
    select: { id: true },
  });
  await Promise.all(pending.map((delivery) => startDelivery(deps, delivery.id)));
}
