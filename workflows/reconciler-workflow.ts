// One reconciliation pass, started every few minutes by the reconciler Schedule: the posts,
// then the outbox's emails whose workflows never started.
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities, ReconcileReport } from '../activities';

const { reconcilePosts, startPendingEmails } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

export async function reconcilerWorkflow(): Promise<ReconcileReport> {
  const report = await reconcilePosts({ recentWindowMs: 30 * 60_000, overdueAfterMs: 2 * 60_000 });
  // emails queued while Temporal did not answer (lib/email/outbox.ts)
  await startPendingEmails();
  return report;
}
