// The baseline's worker process: takes due jobs from the BullMQ queue and posts them to
// the platform (Mastodon's POST /api/v1/statuses). A thrown error makes BullMQ retry the
// job with its backoff; a worker that dies mid-job leaves it locked until BullMQ's
// stalled-job check hands it to another worker.
// `node --import tsx bench/baseline/worker.ts` with REDIS_URL (and BASELINE_CONCURRENCY).
import { Worker } from 'bullmq';
import { BASELINE_QUEUE, redisConnection, type BaselinePost } from './scheduler';
import { BASELINE_WORKER_READY } from './ready-lines';

/** Publishing waits on the network, not the CPU: many jobs at once per process. */
const DEFAULT_CONCURRENCY = 100;

async function publish(post: BaselinePost, jobId: string): Promise<void> {
  const response = await fetch(new URL('/api/v1/statuses', post.instanceUrl), {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${post.accessToken}`,
      'Content-Type': 'application/json',
      // the same protection planrrr uses: Mastodon answers a repeated key with the first status
      'Idempotency-Key': `baseline-${jobId}`,
    },
    body: JSON.stringify({ status: post.content }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`platform answered ${response.status}`);
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
