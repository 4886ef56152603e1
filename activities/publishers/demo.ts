// The built-in demo channel: "publishes" to a feed inside planrrr, so a new user can try
// the whole flow without an external account. Its feed is at /demo/<connectionId>.
import type { Db } from '../../lib/db';
import type { Publisher } from './publisher';

export function demoFeedUrl(publicUrl: string, connectionId: string): string {
  return new URL(`/demo/${connectionId}`, publicUrl).toString();
}

export function createDemoPublisher(deps: { db: Db; publicUrl: string }): Publisher {
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
  };
}
