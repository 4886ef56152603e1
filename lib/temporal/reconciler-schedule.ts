// The Temporal Schedule that runs the reconciler (activities/reconcile-posts.ts). Created
// by every worker at start-up if missing; operators see it under Schedules in the Web UI.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { reconcilerWorkflow } from '../../workflows/reconciler-workflow';

export function reconcilerScheduleId(taskQueue: string): string {
  return `planrrr-reconciler-${taskQueue}`;
}

export async function ensureReconcilerSchedule(client: Client, taskQueue: string, every: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: reconcilerScheduleId(taskQueue),
      spec: { intervals: [{ every: every as `${number}m` }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'reconcilerWorkflow' satisfies (typeof reconcilerWorkflow)['name'],
        taskQueue,
        args: [],
      },
      // a slow pass is not overtaken by the next one
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      memo: { purpose: 'Repairs posts whose workflow is missing, closed early, or disagrees with the database' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
