// Fans post status changes out to the API server's open event streams. The worker
// announces each change with pg_notify (lib/post-events.ts); this hub holds one
// dedicated PostgreSQL connection that LISTENs, opened when the first stream subscribes
// and reopened if it drops.
import { Client as PgClient, type Notification } from 'pg';
import type { Logger } from '../../lib/logger';
import { POST_STATUS_CHANNEL, PostStatusNotificationSchema, type PostStatusNotification } from '../../lib/post-status-channel';

const RECONNECT_DELAY_MS = 1_000;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface PostStatusSubscriber {
  teamId: string;
  send(notification: PostStatusNotification): void;
  /** the server is shutting down: end the stream */
  end(): void;
}

export function createPostStatusHub(deps: { databaseUrl: string; logger: Logger }) {
  const { logger } = deps;
  const subscribers = new Set<PostStatusSubscriber>();
  let listening: Promise<PgClient> | undefined;
  let closed = false;

  function deliver(message: Notification): void {
    if (message.channel !== POST_STATUS_CHANNEL || !message.payload) return;
    const parsed = PostStatusNotificationSchema.safeParse(parseJson(message.payload));
    if (!parsed.success) {
      logger.warn({ payload: message.payload }, 'Ignored a malformed post status notification');
      return;
    }
    for (const subscriber of subscribers) if (subscriber.teamId === parsed.data.teamId) subscriber.send(parsed.data);
  }

  /** Stops listening to a connection and closes it; its late errors are expected and ignored. */
  function retire(client: PgClient): Promise<void> {
    client.removeAllListeners();
    client.on('error', () => undefined);
    return client.end().catch(() => undefined);
  }

  function reconnectLater(client: PgClient, error?: Error): void {
    if (closed) return;
    logger.warn({ err: error }, 'Lost the post status connection to PostgreSQL; reconnecting');
    void retire(client);
    listening = undefined;
    scheduleReconnect();
  }

  /** Tries again every RECONNECT_DELAY_MS while streams are open; the next subscriber connects otherwise. */
  function scheduleReconnect(): void {
    setTimeout(() => {
      if (subscribers.size === 0 || closed) return;
      listen().catch(scheduleReconnect);
    }, RECONNECT_DELAY_MS).unref();
  }

  function listen(): Promise<PgClient> {
    listening ??= (async () => {
      const client = new PgClient({ connectionString: deps.databaseUrl });
      client.on('notification', deliver);
      client.on('error', (error) => reconnectLater(client, error));
      client.on('end', () => reconnectLater(client));
      try {
        await client.connect();
        await client.query(`LISTEN ${POST_STATUS_CHANNEL}`);
        return client;
      } catch (error) {
        logger.warn({ err: error }, 'Could not LISTEN for post status changes');
        void retire(client);
        listening = undefined;
        throw error;
      }
    })();
    return listening;
  }

  return {
    /** Resolves once notifications flow, so a stream opened now misses nothing later. */
    async subscribe(subscriber: PostStatusSubscriber): Promise<() => void> {
      await listen();
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },

    async close(): Promise<void> {
      closed = true;
      for (const subscriber of subscribers) subscriber.end();
      subscribers.clear();
      const client = await listening?.catch(() => undefined);
      if (client) await retire(client);
    },
  };
}

export type PostStatusHub = ReturnType<typeof createPostStatusHub>;
