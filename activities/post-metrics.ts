// Reads a published post's metrics on one account and stores them as one sample of its
// time series (workflows/post-metrics-workflow.ts wakes for each), announced to the team's
// webhooks as `post.metrics_updated`. The sample's index is unique per post and account, so a
// retried or replayed activity never stores (nor announces) it twice.
import type { Platform } from '../domain/post';
import { type MetricsEndReason, type PostMetricsReading } from '../domain/post-metrics';
import { nothingRead } from '../domain/platform-metrics';
import { PublishError } from '../lib/platforms/errors';
import type { ConnectionCredentials } from './connection-credentials';
import { recordMetricsDeliveries, startMetricsDeliveries } from './metrics-events';
import type { DeliveryStartDeps } from '../lib/post-events';
import { refusalReason } from './platform-refusal';
import type { MetricsAnswer, Publishers } from './publishers/publisher';

export interface CollectPostMetricsInput {
  postId: string;
  connectionId: string;
  /** which of the workflow's wake-ups this is: 0 for the first offset */
  sampleIndex: number;
  /** ISO 8601: when the sample after this one is due; absent after the last */
  nextSampleAt?: string;
}

/** `sampled`, or why collection ends now. */
export type CollectPostMetricsOutcome = 'sampled' | Exclude<MetricsEndReason, 'completed'>;

/** db, and Temporal to start the `post.metrics_updated` deliveries a sample records */
export interface PostMetricsDeps extends DeliveryStartDeps {
  credentials: ConnectionCredentials;
  publishers: Publishers;
}

/** A platform's 404 or 410 for the post: it was deleted there. */
function isGoneOnPlatform(error: unknown): boolean {
  return error instanceof PublishError && (error.status === 404 || error.status === 410);
}

export function createPostMetricsActivities(deps: PostMetricsDeps) {
  const { db } = deps;

  /** The platform's answer, or the refusal to record instead of counts; retryable errors are thrown. */
  async function read(
    connection: {
      id: string;
      platform: Platform;
      handle: string;
      instanceUrl: string | null;
      encryptedCredentials: string;
      status: 'ACTIVE' | 'NEEDS_RECONNECT';
    },
    platformPostId: string,
  ): Promise<MetricsAnswer> {
    const fetchMetrics = deps.publishers[connection.platform]?.fetchMetrics;
    if (!fetchMetrics)
      return { kind: 'reading', ...nothingRead(connection.platform, `planrrr does not collect ${connection.platform} metrics yet`) };
    try {
      return await deps.credentials.publishWithFreshCredentials(connection, (credentials) =>
        fetchMetrics({ platformPostId, connection: { ...connection, credentials } }),
      );
    } catch (error) {
      if (isGoneOnPlatform(error)) return { kind: 'deleted' };
      return { kind: 'reading', ...nothingRead(connection.platform, refusalReason(error)) };
    }
  }

  return {
    async collectPostMetrics(input: CollectPostMetricsInput): Promise<CollectPostMetricsOutcome> {
      const target = await db.postTarget.findUnique({
        where: { postId_connectionId: { postId: input.postId, connectionId: input.connectionId } },
        select: {
          platformPostId: true,
          post: { select: { teamId: true } },
          connection: { select: { id: true, platform: true, handle: true, instanceUrl: true, encryptedCredentials: true, status: true } },
        },
      });
      // disconnecting an account deletes its targets
      if (!target?.platformPostId) return 'disconnected';
      const { connection } = target;
      const answer = await read(connection, target.platformPostId);
      if (answer.kind === 'deleted') return 'deleted-on-platform';
      const reading: PostMetricsReading = { metrics: answer.metrics, missing: answer.missing };
      const sample = {
        postId: input.postId,
        teamId: target.post.teamId,
        account: { connectionId: connection.id, platform: connection.platform, handle: connection.handle },
        sampleIndex: input.sampleIndex,
        takenAt: new Date(),
        ...reading,
      };
      await db.$transaction(async (tx) => {
        const stored = await tx.metricSample.createMany({
          data: [
            { postId: input.postId, connectionId: input.connectionId, sampleIndex: input.sampleIndex, takenAt: sample.takenAt, ...reading },
          ],
          skipDuplicates: true,
        });
        // A retry whose first attempt committed finds its sample stored, and this transaction's
        // writes with it. The workflow takes samples one after another, so the one stored here is
        // the newest: it becomes the collection's latest for analytics, and only it is announced.
        if (stored.count === 0) return;
        await tx.metricsCollection.updateMany({
          where: { postId: input.postId, connectionId: input.connectionId },
          data: {
            nextSampleAt: input.nextSampleAt ? new Date(input.nextSampleAt) : null,
            latestMetrics: reading.metrics,
            latestSampleIndex: input.sampleIndex,
          },
        });
        await recordMetricsDeliveries(tx, sample);
      });
      await startMetricsDeliveries(deps, sample);
      return 'sampled';
    },

    /** Records how collection ended; the post (and so its collection) may be gone already. */
    async endPostMetrics(input: { postId: string; connectionId: string; reason: MetricsEndReason }): Promise<void> {
      await db.metricsCollection.updateMany({
        where: { postId: input.postId, connectionId: input.connectionId, endedAt: null },
        data: { endedAt: new Date(), endReason: input.reason, nextSampleAt: null },
      });
    },
  };
}
