// The built-in demo channel: "publishes" to a feed inside planrrr, so a new user can try
// the whole flow without an external account. Its feed is at /demo/<connectionId>.
// Its metrics and followers are made up, but deterministic: the same post or account at the
// same moment always counts the same, and counts only grow, so the analytics pages of a
// fresh `npm start` show a real collected series.
import { createHash } from 'node:crypto';
import { readingOf } from '../../domain/platform-metrics';
import type { Db } from '../../lib/db';
import type { Publisher, PublisherFactory } from '../../activities/publishers/publisher';

export function demoFeedUrl(publicUrl: string, connectionId: string): string {
  return new URL(`/demo/${connectionId}`, publicUrl).toString();
}

/** A number in [0, 1) fixed by `seed`: each post and account gets its own reach. */
function unitOf(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * A demo post's counts, `elapsedMs` after it was published: fast growth in the first
 * minutes and hours, slower over the following days, as on a real network. Posts published
 * around 9:00 and 18:00 UTC do better, so the best-time heatmap has something to show.
 */
export function demoPostCounts(postId: string, publishedAt: Date, elapsedMs: number) {
  const growth = Math.log1p(Math.max(0, elapsedMs) / 60_000);
  const hour = publishedAt.getUTCHours() + publishedAt.getUTCMinutes() / 60;
  const nearPeak = Math.max(Math.cos(((hour - 9) / 24) * 2 * Math.PI), Math.cos(((hour - 18) / 24) * 2 * Math.PI));
  const reach = (0.5 + 1.5 * unitOf(postId)) * (1 + 0.5 * nearPeak);
  const impressions = Math.floor(reach * 90 * growth);
  return {
    impressions,
    likes: Math.floor(impressions * (0.04 + 0.04 * unitOf(`${postId}:likes`))),
    reposts: Math.floor(impressions * (0.005 + 0.01 * unitOf(`${postId}:reposts`))),
    replies: Math.floor(impressions * (0.01 + 0.01 * unitOf(`${postId}:replies`))),
  };
}

/** A demo account's followers, `elapsedMs` after it was connected: a few more every day. */
export function demoFollowerCount(connectionId: string, elapsedMs: number): number {
  const days = Math.max(0, elapsedMs) / 86_400_000;
  return Math.floor(100 + 900 * unitOf(connectionId) + days * (5 + 10 * unitOf(`${connectionId}:growth`)));
}

export function createDemoPublisher(deps: { db: Db; publicUrl: string; now?: () => number }): Publisher {
  const now = deps.now ?? Date.now;
  return {
    async publish({ content, media, idempotencyKey, connection }) {
      // The idempotency key is unique in the feed, so a retried activity finds its own item.
      const item = await deps.db.demoFeedItem.upsert({
        where: { idempotencyKey },
        create: { connectionId: connection.id, content, mediaIds: media.map((file) => file.id), idempotencyKey },
        update: {},
        select: { id: true },
      });
      return { platformPostId: item.id, url: `${demoFeedUrl(deps.publicUrl, connection.id)}#${item.id}` };
    },

    async fetchMetrics({ platformPostId, connection }) {
      const item = await deps.db.demoFeedItem.findFirst({
        where: { id: platformPostId, connectionId: connection.id },
        select: { createdAt: true },
      });
      if (!item) return { kind: 'deleted' };
      const counts = demoPostCounts(platformPostId, item.createdAt, now() - item.createdAt.getTime());
      return { kind: 'reading', ...readingOf('DEMO', counts, {}) };
    },

    async fetchFollowers(connection) {
      const account = await deps.db.connection.findUnique({ where: { id: connection.id }, select: { createdAt: true } });
      if (!account) return { followers: null, missingReason: 'The demo channel was disconnected' };
      return { followers: demoFollowerCount(connection.id, now() - account.createdAt.getTime()) };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ db, config }) => createDemoPublisher({ db, publicUrl: config.PUBLIC_URL });
