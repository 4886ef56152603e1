// A published post's metrics per account (GET /posts/{id}/metrics): the samples the metrics
// workflows stored (workflows/post-metrics-workflow.ts), in time order, what each lacked and
// why, and how collection ended or when its next sample is due.
import type { z } from 'zod';
import type { MetricsEndReason, MissingMetric } from '../../domain/post-metrics';
import type { Db } from '../../lib/db';
import { postMetricsWorkflowId } from '../../temporal-config';
import type { PostMetricsSchema } from '../openapi/responses';

export type PostMetricsView = z.infer<typeof PostMetricsSchema>;

export async function postMetricsView(
  db: Db,
  postId: string,
  temporal: { temporalUiUrl: string; namespace: string },
): Promise<PostMetricsView> {
  const [collections, samples] = await Promise.all([
    db.metricsCollection.findMany({
      where: { postId },
      select: { connectionId: true, platform: true, publishedAt: true, nextSampleAt: true, endedAt: true, endReason: true },
      orderBy: { publishedAt: 'asc' },
    }),
    db.metricSample.findMany({
      where: { postId },
      select: { connectionId: true, sampleIndex: true, takenAt: true, metrics: true, missing: true },
      orderBy: [{ takenAt: 'asc' }, { sampleIndex: 'asc' }],
    }),
  ]);
  const connections = await db.connection.findMany({
    where: { id: { in: collections.map((collection) => collection.connectionId) } },
    select: { id: true, handle: true },
  });
  const handles = new Map(connections.map((connection) => [connection.id, connection.handle]));
  return {
    postId,
    accounts: collections.map((collection) => {
      const workflowId = postMetricsWorkflowId(postId, collection.connectionId);
      return {
        connectionId: collection.connectionId,
        platform: collection.platform,
        handle: handles.get(collection.connectionId) ?? null,
        publishedAt: collection.publishedAt.toISOString(),
        workflowId,
        temporalUiUrl: `${temporal.temporalUiUrl}/namespaces/${encodeURIComponent(temporal.namespace)}/workflows/${workflowId}`,
        nextSampleAt: collection.nextSampleAt?.toISOString() ?? null,
        endedAt: collection.endedAt?.toISOString() ?? null,
        // written only by activities/post-metrics.ts endPostMetrics
        endReason: collection.endReason as MetricsEndReason | null,
        samples: samples
          .filter((sample) => sample.connectionId === collection.connectionId)
          .map((sample) => ({
            sampleIndex: sample.sampleIndex,
            takenAt: sample.takenAt.toISOString(),
            // written only by activities/post-metrics.ts, in these shapes
            metrics: sample.metrics as Record<string, number>,
            missing: sample.missing as MissingMetric[],
          })),
      };
    }),
  };
}
