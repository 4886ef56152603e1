// One reconciliation pass, started every few minutes by the reconciler Schedule.
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities, ReconcileReport } from '../activities';

const { reconcilePosts } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

export async function reconcilerWorkflow(): Promise<ReconcileReport> {
  return reconcilePosts({ recentWindowMs: 30 * 60_000, overdueAfterMs: 2 * 60_000 });
}
