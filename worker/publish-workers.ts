// One activity-only worker per platform, each polling that platform's publish queue: the
// queue's rate is enforced by the Temporal server for the whole queue (so every worker
// process shares it), the concurrency per worker. Platforms that count their limits per
// account are paced by those budgets instead (activities/publish-budgets.ts), and their
// queues' rate and slots are only there to protect planrrr. Reading published posts'
// metrics and accounts' follower counts runs there too.
import { Worker, type ActivityInterceptorsFactory, type NativeConnection } from '@temporalio/worker';
import type { createActivities } from '../activities';
import { PLATFORMS } from '../domain/post';
import type { PublishRateLimit } from '../lib/config';
import { publishTaskQueue } from '../temporal-config';

export interface PublishWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  /** the post workflows' queue; each platform's queue is named after it */
  taskQueue: string;
  publishToTarget: ReturnType<typeof createActivities>['publishToTarget'];
  /** a thread's later parts and first comments (absent where a test publishes neither) */
  publishThreadPart?: ReturnType<typeof createActivities>['publishThreadPart'];
  publishFirstComment?: ReturnType<typeof createActivities>['publishFirstComment'];
  /** absent where a test runs publishing alone */
  collectPostMetrics?: ReturnType<typeof createActivities>['collectPostMetrics'];
  /** the daily follower reads (workflows/followers-workflow.ts); absent where a test runs publishing alone */
  sampleFollowers?: ReturnType<typeof createActivities>['sampleFollowers'];
  limits: Record<(typeof PLATFORMS)[number], PublishRateLimit>;
  /** tracing and error reporting (worker/main.ts), as on the main queue */
  activityInterceptors?: ActivityInterceptorsFactory[];
}

export function createPublishWorkers(options: PublishWorkersOptions): Promise<Worker[]> {
  return Promise.all(
    PLATFORMS.map((platform) =>
      Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: publishTaskQueue(options.taskQueue, platform),
        activities: {
          publishToTarget: options.publishToTarget,
          ...(options.publishThreadPart && { publishThreadPart: options.publishThreadPart }),
          ...(options.publishFirstComment && { publishFirstComment: options.publishFirstComment }),
          ...(options.collectPostMetrics && { collectPostMetrics: options.collectPostMetrics }),
          ...(options.sampleFollowers && { sampleFollowers: options.sampleFollowers }),
        },
        interceptors: { activity: options.activityInterceptors ?? [] },
        maxTaskQueueActivitiesPerSecond: options.limits[platform].perSecond,
        maxConcurrentActivityTaskExecutions: options.limits[platform].concurrency,
        // a few long polls per platform are plenty at these rates
        maxConcurrentActivityTaskPolls: 2,
        shutdownGraceTime: '20 seconds',
      }),
    ),
  );
}
