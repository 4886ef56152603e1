// A published post's metrics on one account, collected over its first month: the workflow
// sleeps until each offset after publication (1 h, 6 h, 24 h, 3 d, 7 d, 30 d by default),
// reads the platform's counts into one stored sample, and ends early when the post was
// deleted on the platform or the account disconnected. One per target,
// `metrics-<postId>-<connectionId>`, started when the target publishes (activities/save-post-state.ts).
import { ActivityFailure, log, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { Platform } from '../domain/post';
import { dueSamples, type MetricsEndReason } from '../domain/post-metrics';
import { publishTaskQueue } from '../temporal-config';

export interface PostMetricsWorkflowInput {
  postId: string;
  teamId: string;
  connectionId: string;
  platform: Platform;
  /** ISO 8601: when the target published; the offsets count from here */
  publishedAt: string;
  /** config METRICS_SAMPLE_OFFSETS when the workflow started, in milliseconds, increasing */
  offsetsMs: number[];
}

type Activities = ReturnType<typeof createActivities>;

const { endPostMetrics } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A reading runs on the platform's publish queue, so it counts against the same rate budget
 * as publishing (worker/publish-workers.ts). A platform down for longer than the retries
 * costs this one sample, not the series.
 */
const COLLECT_OPTIONS = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 8 },
} as const;

export async function postMetricsWorkflow(input: PostMetricsWorkflowInput): Promise<MetricsEndReason> {
  const { collectPostMetrics } = proxyActivities<Activities>({
    ...COLLECT_OPTIONS,
    taskQueue: publishTaskQueue(workflowInfo().taskQueue, input.platform),
  });
  const samples = dueSamples(Date.parse(input.publishedAt), input.offsetsMs, Date.now());
  let reason: MetricsEndReason = 'completed';
  for (const [position, sample] of samples.entries()) {
    const waitMs = sample.at - Date.now();
    if (waitMs > 0) await sleep(waitMs);
    const next = samples[position + 1];
    try {
      const outcome = await collectPostMetrics({
        postId: input.postId,
        connectionId: input.connectionId,
        sampleIndex: sample.sampleIndex,
        ...(next && { nextSampleAt: new Date(next.at).toISOString() }),
      });
      if (outcome !== 'sampled') {
        reason = outcome;
        break;
      }
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('A metrics sample could not be read; the next one is still taken', {
        sampleIndex: sample.sampleIndex,
        error: error.message,
      });
    }
  }
  await endPostMetrics({ postId: input.postId, connectionId: input.connectionId, reason });
  return reason;
}
