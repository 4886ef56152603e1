// How a published target's metrics workflow (workflows/post-metrics-workflow.ts) is started:
// by the activity that saves a post's state, once the post has published, for each target
// that did. The workflow id is the target's, and a finished collection is not started again,
// so the start after every save (and every retry of one) is a no-op after the first.
import type { Client } from '@temporalio/client';
import type { PostState } from '../../domain/post';
import { PLATFORM_METRICS } from '../../domain/platform-metrics';
import { postMetricsWorkflowId } from '../../temporal-config';
import { PlatformsAttribute, PostIdAttribute, TeamIdAttribute } from '../../temporal-config/search-attributes';
import type { postMetricsWorkflow } from '../../workflows/post-metrics-workflow';
import type { Db } from '../db';
import { startWorkflowOnce } from './start-once';

export interface PostMetricsStartDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** config METRICS_SAMPLE_OFFSETS */
  metricsSampleOffsetsMs: number[];
}

export async function startPostMetrics(deps: PostMetricsStartDeps, state: PostState): Promise<void> {
  if (state.status !== 'PUBLISHED' && state.status !== 'PARTIALLY_PUBLISHED') return;
  // a platform that gives no metrics (a Telegram, Discord or Slack channel) has nothing to collect
  const published = state.targets.flatMap((target) =>
    target.status === 'PUBLISHED' && target.publishedAt && PLATFORM_METRICS[target.platform].length > 0
      ? [{ ...target, publishedAt: target.publishedAt }]
      : [],
  );
  if (published.length === 0) return;
  // the API shows a collection from its start: when its first sample is due
  await deps.db.metricsCollection.createMany({
    data: published.map((target) => ({
      postId: state.postId,
      connectionId: target.connectionId,
      platform: target.platform,
      publishedAt: new Date(target.publishedAt),
      nextSampleAt: new Date(Date.parse(target.publishedAt) + deps.metricsSampleOffsetsMs[0]!),
    })),
    skipDuplicates: true,
  });
  await Promise.all(
    published.map(async (target) => {
      await startWorkflowOnce<typeof postMetricsWorkflow>(deps.temporal, 'postMetricsWorkflow', {
        workflowId: postMetricsWorkflowId(state.postId, target.connectionId),
        taskQueue: deps.taskQueue,
        args: [
          {
            postId: state.postId,
            teamId: state.teamId,
            connectionId: target.connectionId,
            platform: target.platform,
            publishedAt: target.publishedAt,
            offsetsMs: deps.metricsSampleOffsetsMs,
          },
        ],
        memo: { platform: target.platform, publishedAt: target.publishedAt, url: target.url ?? null },
        typedSearchAttributes: [
          { key: PostIdAttribute, value: state.postId },
          { key: TeamIdAttribute, value: state.teamId },
          { key: PlatformsAttribute, value: [target.platform] },
        ],
      });
    }),
  );
}
