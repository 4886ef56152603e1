// Delivers one webhook event: the deliverWebhook activity POSTs it, and Temporal retries
// with exponential backoff (by default 10 s, doubling up to an hour, for 24 hours) until
// the receiver answers 2xx. Each attempt is recorded by the activity; when retries run
// out, the delivery is marked FAILED.
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';

type Activities = ReturnType<typeof createActivities>;

export interface WebhookDeliveryInput {
  deliveryId: string;
  /** the first retry delay (e.g. "10s"); configurable so tests stay short */
  initialRetryInterval: string;
}

const { markWebhookDeliveryFailed } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<void> {
  const { deliverWebhook } = proxyActivities<Activities>({
    // the request itself times out after 10 s (activities/deliver-webhook.ts), and recording
    // the attempt takes little more: an attempt lost with its worker is retried soon after
    startToCloseTimeout: '20 seconds',
    scheduleToCloseTimeout: '24 hours',
    retry: { initialInterval: input.initialRetryInterval, backoffCoefficient: 2, maximumInterval: '1 hour' },
  });
  try {
    await deliverWebhook(input.deliveryId);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    await markWebhookDeliveryFailed(input.deliveryId, error.cause?.message ?? error.message);
  }
}
