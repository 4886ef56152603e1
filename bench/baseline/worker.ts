// The baseline's worker process: takes due jobs from the BullMQ queue and posts them to
// the platform (Mastodon's POST /api/v1/statuses; Bluesky, X and LinkedIn for bench:budgets). A thrown error makes BullMQ retry the
// job with its backoff; a worker that dies mid-job leaves it locked until BullMQ's
// stalled-job check hands it to another worker.
// `node --import tsx bench/baseline/worker.ts` with REDIS_URL (and BASELINE_CONCURRENCY).
import { Worker } from 'bullmq';
import { BASELINE_QUEUE, redisConnection, type BaselinePost } from './scheduler';
import { BASELINE_WORKER_READY } from './ready-lines';

/** Publishing waits on the network, not the CPU: many jobs at once per process. */
const DEFAULT_CONCURRENCY = 100;

/** Bluesky sessions by handle: one createSession per account, as a client would keep it. */
const blueskySessions = new Map<string, Promise<{ did: string; accessJwt: string }>>();

function blueskySession(post: BaselinePost): Promise<{ did: string; accessJwt: string }> {
  const handle = post.account!;
  let session = blueskySessions.get(handle);
  if (!session) {
    session = call(post, '/xrpc/com.atproto.server.createSession', { identifier: handle, password: post.accessToken }).then(
      (response) => response.json() as Promise<{ did: string; accessJwt: string }>,
    );
    session.catch(() => blueskySessions.delete(handle));
    blueskySessions.set(handle, session);
  }
  return session;
}

async function call(post: BaselinePost, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(new URL(path, post.instanceUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`platform answered ${response.status}`);
  return response;
}

/** Each platform's documented request to create a post, and nothing more. */
async function publish(post: BaselinePost, jobId: string): Promise<void> {
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  switch (post.platform ?? 'MASTODON') {
    case 'MASTODON':
      // the same protection planrrr uses: Mastodon answers a repeated key with the first status
      await call(
        post,
        '/api/v1/statuses',
        { status: post.content },
        { ...bearer(post.accessToken), 'Idempotency-Key': `baseline-${jobId}` },
      );
      return;
    case 'BLUESKY': {
      const session = await blueskySession(post);
      const record = { $type: 'app.bsky.feed.post', text: post.content, createdAt: new Date().toISOString() };
      await call(
        post,
        '/xrpc/com.atproto.repo.createRecord',
        { repo: session.did, collection: 'app.bsky.feed.post', record },
        bearer(session.accessJwt),
      );
      return;
    }
    case 'X':
      await call(post, '/2/tweets', { text: post.content }, bearer(post.accessToken));
      return;
    case 'LINKEDIN':
      await call(
        post,
        '/rest/posts',
        {
          author: post.account,
          commentary: post.content,
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
          lifecycleState: 'PUBLISHED',
          isReshareDisabledByAuthor: false,
        },
        { ...bearer(post.accessToken), 'LinkedIn-Version': '202601', 'X-Restli-Protocol-Version': '2.0.0' },
      );
  }
}

function main(): void {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error('REDIS_URL is required');
  const concurrency = Number(process.env.BASELINE_CONCURRENCY ?? DEFAULT_CONCURRENCY);
  const worker = new Worker<BaselinePost>(BASELINE_QUEUE, (job) => publish(job.data, job.id!), {
    connection: redisConnection(redisUrl),
    concurrency,
  });
  worker.on('failed', (job, error) => console.error(`job ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`));
  void worker.waitUntilReady().then(() => console.log(BASELINE_WORKER_READY));
  const stop = () => void worker.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
