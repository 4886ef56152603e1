// The baseline planrrr is measured against: the classic way to build a post scheduler.
// A post is one BullMQ delayed job (delay = publish time - now) with retries and
// exponential backoff; a worker process calls the platform when the job comes due.
// Deliberately small, and free of planrrr code: only the fake platform is shared.
import { Queue, type ConnectionOptions } from 'bullmq';

export const BASELINE_QUEUE = 'posts';

export interface BaselinePost {
  postId: string;
  content: string;
  /** ISO 8601 */
  publishAt: string;
  /** where the post goes: Mastodon unless named */
  platform?: 'MASTODON' | 'BLUESKY' | 'X' | 'LINKEDIN';
  /** the platform's API (a Mastodon instance, a Bluesky PDS), and the account's token (Bluesky: its app password) */
  instanceUrl: string;
  accessToken: string;
  /** Bluesky: the account's handle; LinkedIn: the member's URN */
  account?: string;
}

/** Retries like planrrr's publish activity: 10 attempts, 5 s doubling. */
const PUBLISH_JOB_OPTIONS = { attempts: 10, backoff: { type: 'exponential', delay: 5_000 } } as const;

export function redisConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  // BullMQ's workers block on Redis; ioredis must retry forever rather than fail commands.
  return { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
}

export function createBaselineScheduler(redisUrl: string) {
  const queue = new Queue<BaselinePost>(BASELINE_QUEUE, { connection: redisConnection(redisUrl) });
  return {
    queue,
    /** One delayed job per post; the post id as job id makes a repeated schedule a no-op. */
    schedule(post: BaselinePost) {
      return queue.add('publish', post, {
        ...PUBLISH_JOB_OPTIONS,
        jobId: post.postId,
        delay: Math.max(0, Date.parse(post.publishAt) - Date.now()),
      });
    },
    close: () => queue.close(),
  };
}
