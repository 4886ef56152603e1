// One reconciliation pass, started every few minutes by the reconciler Schedule: the posts,
// then the outbox's emails and the webhook deliveries whose workflows never started.
import { patched, proxyActivities } from '@temporalio/workflow';
import type { createActivities, ReconcileReport } from '../activities';

const { reconcilePosts, startPendingEmails, startPendingWebhookDeliveries } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

export async function reconcilerWorkflow(): Promise<ReconcileReport> {
  const report = await reconcilePosts({ recentWindowMs: 30 * 60_000, overdueAfterMs: 2 * 60_000 });
  // emails queued while Temporal did not answer (lib/email/outbox.ts)
  await startPendingEmails();
  // deliveries recorded by a process that died before starting them (lib/post-events.ts)
  if (patched('reconciler-starts-pending-webhook-deliveries')) await startPendingWebhookDeliveries();
  return report;
}
