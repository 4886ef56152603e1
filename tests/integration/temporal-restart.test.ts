// Durability of the scheduler itself: the Temporal server (the dev server, persisted to
// its SQLite file) stops while 200 posts sleep, and starts again on the same file and
// port. The API server and the worker stay up and reconnect; every post still publishes,
// once. This file runs its own dev server, so stopping it disturbs no other test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningServer } from '../../api/server';
import { benchPosts, deliveries, publishedCount } from '../../bench/support/platform';
import { forEachConcurrently } from '../../bench/support/stats';
import { createDb, type Db } from '../../lib/db';
import { freePort } from '../../runtime/ports';
import { postWorkflowId } from '../../temporal-config';
import type { ServiceProcess } from '../../runtime/processes';
import { resolveTemporalBinary, TEMPORAL_CLI } from '../../runtime/temporal-binaries';
import { startDevServer, type RunningDevServer } from '../../runtime/temporal-dev-server';
import { FakeMastodon } from '../fakes/mastodon';
import { signUpWithToken, startApi, startWorker, testEnv, waitFor, type ApiClient, type TestEnv } from '../support/harness';

jest.setTimeout(600_000);

const POSTS = 200;
/** long enough to create every post and restart the server before any falls due */
const LEAD_MS = 90_000;
const OUTAGE_MS = 5_000;

const log = (line: string) => {
  if (process.env.TEST_SHOW_WORKER_LOGS) process.stderr.write(`${line}\n`);
};
const mastodon = new FakeMastodon();
let dir: string;
let binary: string;
let port: number;
let devServer: RunningDevServer;
let env: TestEnv;
let server: RunningServer;
let worker: ServiceProcess;
let api: ApiClient;
let db: Db;

function startTemporal(): Promise<RunningDevServer> {
  return startDevServer({ binary, port, dbFile: path.join(dir, 'temporal.db'), log });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'planrrr-temporal-restart-'));
  const found = await resolveTemporalBinary(TEMPORAL_CLI, log);
  if (!found) throw new Error('No Temporal CLI found (see runtime/temporal-binaries.ts)');
  binary = found;
  port = await freePort();
  devServer = await startTemporal();
  env = testEnv({ TEMPORAL_ADDRESS: devServer.address });
  db = createDb(env.config.DATABASE_URL);
  [server, worker] = await Promise.all([startApi(env), startWorker(env), mastodon.start()]);
  ({ api } = await signUpWithToken(server.url, 'Grace'));
});

afterAll(async () => {
  await Promise.all([worker?.stop(), server?.close(), mastodon.stop()]);
  await devServer?.stop();
  await db?.$disconnect();
  await rm(dir, { recursive: true, force: true });
});

test('200 sleeping posts survive a restart of the Temporal server and each publishes once', async () => {
  const connection = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  expect(connection.status).toBe(201);
  const tag = `restart ${Date.now()}`;
  const posts = benchPosts(tag, POSTS, new Date(Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000));
  const postIds: string[] = [];
  await forEachConcurrently(posts, 16, async (post) => {
    const created = await api.post('/api/v1/posts', {
      content: post.content,
      publishAt: post.publishAt,
      connectionIds: [connection.body.id],
    });
    expect(created.status).toBe(201);
    postIds.push(created.body.id);
  });

  // Every workflow is asleep once its first task has armed its timer, which must happen early
  // enough for the outage to fit before the posts fall due.
  const due = Date.parse(posts[0]!.publishAt);
  const awake = async () => {
    const descriptions = await Promise.all(postIds.map((id) => server.temporal.workflow.getHandle(postWorkflowId(id)).describe()));
    return descriptions.filter((description) => description.raw.pendingWorkflowTask).length;
  };
  await waitFor(awake, (count) => count === 0, due - 2 * OUTAGE_MS - Date.now(), 500);
  expect(Date.now() + 2 * OUTAGE_MS).toBeLessThan(due); // the outage happens while they sleep

  await devServer.stop();
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  devServer = await startTemporal();
  expect(mastodon.statuses).toHaveLength(0);

  await waitFor(
    async () => publishedCount(mastodon, posts),
    (count) => count === POSTS,
    Math.max(0, due - Date.now()) + 180_000,
    500,
  );
  // the posts' pages catch up with what the platform received (slower on a busy machine)
  await waitFor(
    () => db.post.count({ where: { content: { startsWith: tag }, status: 'PUBLISHED' } }),
    (count) => count === POSTS,
    180_000,
    500,
  );
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // late repeats would show now
  expect(deliveries(mastodon, posts)).toMatchObject({ scheduled: POSTS, published: POSTS, missed: 0, duplicated: 0 });
  expect(Math.min(...mastodon.statuses.map((status) => status.receivedAt))).toBeGreaterThanOrEqual(due);
});
