// Durability of metrics collection: the worker is killed (SIGKILL, no goodbye) after a post's
// first metrics sample, while its metrics workflow sleeps until the next. Temporal keeps the
// timer; the next sample falls due with no worker alive, and a new worker process takes it
// late, then the rest: every sample stored once, and announced to the webhook as one delivery
// (sent again, under its id, if the killed worker was sending it).
import { randomUUID } from 'node:crypto';
import type { RunningServer } from '../../api/server';
import { createDb, type Db } from '../../lib/db';
import { postMetricsWorkflowId } from '../../temporal-config';
import type { ServiceProcess } from '../../runtime/processes';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, startApi, startWorker, testEnv, waitFor, type ApiClient } from '../support/harness';
import { WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(240_000);

const OFFSETS_MS = [3_000, 15_000, 20_000];
const env = testEnv({
  METRICS_SAMPLE_OFFSETS: OFFSETS_MS.map((offset) => `${offset / 1000}s`).join(','),
  WEBHOOK_RETRY_INITIAL_INTERVAL: '1s',
});
const mastodon = new FakeMastodon();
const receiver = new WebhookReceiver();
let server: RunningServer;
let api: ApiClient;
let db: Db;
const workers: ServiceProcess[] = [];

beforeAll(async () => {
  [server] = await Promise.all([startApi(env), mastodon.start(), receiver.start()]);
  ({ api } = await signUpWithToken(server.url, 'Rhea'));
  db = createDb(env.config.DATABASE_URL);
});

afterAll(async () => {
  await Promise.all([...workers.map((worker) => worker.stop()), server?.close(), mastodon.stop(), receiver.stop(), db?.$disconnect()]);
});

test('a worker killed between wake-ups loses no metrics sample, and stores and announces each once', async () => {
  const first = await startWorker(env, 'worker-1');
  workers.push(first);
  const connection = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  const url = `${receiver.url}/hooks/${randomUUID()}`;
  expect((await api.post('/api/v1/webhooks', { url, events: ['post.metrics_updated'] })).status).toBe(201);
  const created = await api.post('/api/v1/posts', {
    content: 'Counted across a crash',
    publishAt: inSeconds(2),
    connectionIds: [connection.body.id],
  });
  expect(created.status).toBe(201);
  const postId: string = created.body.id;

  // The first sample is stored, and the workflow sleeps until the second: its history shows a
  // timer started after the first read completed. (Killed once the row appeared, the worker
  // could die before reporting the read done, and Temporal would wait out its 2-minute limit.)
  await waitFor(
    () => db.metricSample.count({ where: { postId } }),
    (count) => count === 1,
    60_000,
  );
  const metricsRun = server.temporal.workflow.getHandle(postMetricsWorkflowId(postId, connection.body.id));
  await waitFor(
    async () => (await metricsRun.fetchHistory()).events ?? [],
    (events) => {
      const read = events.findIndex((event) => event.activityTaskCompletedEventAttributes);
      return read >= 0 && events.slice(read).some((event) => event.timerStartedEventAttributes);
    },
    30_000,
  );
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  // the second wake-up falls due with no worker alive: nothing can be sampled
  const { publishedAt } = await db.metricsCollection.findFirstOrThrow({ where: { postId } });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, publishedAt.getTime() + OFFSETS_MS[1]! - Date.now()) + 1_000));
  expect(await db.metricSample.count({ where: { postId } })).toBe(1);

  workers.push(await startWorker(env, 'worker-2'));
  const collection = await waitFor(
    () => db.metricsCollection.findFirstOrThrow({ where: { postId } }),
    (row) => row.endReason !== null,
    90_000,
  );
  expect(collection).toMatchObject({ endReason: 'completed', nextSampleAt: null });
  const samples = await db.metricSample.findMany({ where: { postId }, orderBy: { sampleIndex: 'asc' } });
  expect(samples.map((sample) => sample.sampleIndex)).toEqual([0, 1, 2]);
  // the second was taken late, by the new worker, after its due time
  expect(samples[1]!.takenAt.getTime()).toBeGreaterThan(publishedAt.getTime() + OFFSETS_MS[1]! + 1_000);

  // Each sample is one delivery, with one id. A delivery the killed worker was sending is sent
  // again once its attempt's 20 s are up, under the same id (webhooks are at least once: a
  // receiver keeps the first of an id), so the request may come twice.
  expect(await db.webhookDelivery.count({ where: { postId } })).toBe(OFFSETS_MS.length);
  const announced = await waitFor(
    async () => receiver.requestsTo(url),
    (requests) => new Set(requests.map((request) => request.body.id)).size >= OFFSETS_MS.length,
    60_000,
  );
  const sampleByDelivery = new Map(announced.map((request) => [request.body.id, request.body.data.sample.sampleIndex]));
  expect([...sampleByDelivery.values()].sort()).toEqual([0, 1, 2]);
});
