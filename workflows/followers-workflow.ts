// Followers over time: once a day the followers Schedule (lib/temporal/followers-schedule.ts)
// starts this workflow, which reads every connected account's follower count into that UTC
// day's FollowerSample. One activity per account, on the account's platform publish queue,
// so reads share the platform's rate budget with publishing. An account that fails does not
// stop the others: after its retries, its day is stored without a count and with the reason.
import { ActivityFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { utcDayOf, type FollowersReport } from '../domain/followers';
import { publishTaskQueue } from '../temporal-config';

export interface FollowersWorkflowInput {
  /** only these accounts (the first count of a newly connected one); absent: every account */
  connectionIds?: string[];
}

type Activities = ReturnType<typeof createActivities>;

const { listFollowerAccounts, recordFollowersMissing } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** A platform down for longer than these retries costs the account that day's count, not the run. */
const SAMPLE_OPTIONS = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 6 },
} as const;

export async function followersWorkflow(input: FollowersWorkflowInput = {}): Promise<FollowersReport> {
  // the run's start decides the day, however long the reads take
  const day = utcDayOf(Date.now());
  const accounts = await listFollowerAccounts(input.connectionIds ? { connectionIds: input.connectionIds } : {});
  const report: FollowersReport = { day, counted: 0, missing: 0, disconnected: 0 };
  await Promise.all(
    accounts.map(async ({ connectionId, platform }) => {
      const { sampleFollowers } = proxyActivities<Activities>({
        ...SAMPLE_OPTIONS,
        taskQueue: publishTaskQueue(workflowInfo().taskQueue, platform),
      });
      try {
        report[await sampleFollowers({ connectionId, day })] += 1;
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        const reason = `${platform} did not answer after ${SAMPLE_OPTIONS.retry.maximumAttempts} tries: ${error.cause?.message ?? error.message}`;
        await recordFollowersMissing({ connectionId, day, reason });
        report.missing += 1;
      }
    }),
  );
  return report;
}
