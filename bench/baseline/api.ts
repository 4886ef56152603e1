// The baseline's HTTP API for scheduling, for the throughput benchmark: POST /posts adds
// the delayed job and answers 201. It writes no database row and checks no credentials,
// so it does less per request than planrrr's POST /api/v1/posts (BENCHMARKS.md says so).
// `node --import tsx bench/baseline/api.ts` with REDIS_URL and PORT.
import express from 'express';
import { BASELINE_API_READY } from './ready-lines';
import { createBaselineScheduler, type BaselinePost } from './scheduler';

function main(): void {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error('REDIS_URL is required');
  const scheduler = createBaselineScheduler(redisUrl);
  const app = express();
  app.use(express.json());
  app.post('/posts', async (req, res) => {
    const post = req.body as Partial<BaselinePost>;
    if (
      !post.postId ||
      !post.content ||
      !post.publishAt ||
      Number.isNaN(Date.parse(post.publishAt)) ||
      !post.instanceUrl ||
      !post.accessToken
    ) {
      res.status(400).json({ error: 'postId, content, publishAt, instanceUrl and accessToken are required' });
      return;
    }
    await scheduler.schedule(post as BaselinePost);
    res.status(201).json({ id: post.postId });
  });
  const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(BASELINE_API_READY));
  const stop = () => server.close(() => void scheduler.close().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
