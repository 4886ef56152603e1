// Durability: the worker is killed (SIGKILL, no goodbye) while a post sleeps, or while its
// publish, started ahead of the time (the publish lead, 60 s by default), waits for it.
// Temporal keeps the timer and notices the silent publish by its missing heartbeats; a new
// worker process publishes the post exactly once, and on time when the lead allows.
import { Client, Connection } from '@temporalio/client';
import type { RunningServer } from '../../api/server';
import { postWorkflowId } from '../../temporal-config';
import type { ServiceProcess } from '../../runtime/processes';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, startApi, startWorker, testEnv, waitFor, type ApiClient } from '../support/harness';

jest.setTimeout(240_000);

const env = testEnv();
const mastodon = new FakeMastodon();
let server: RunningServer;
let api: ApiClient;
const workers: ServiceProcess[] = [];

beforeAll(async () => {
  [server] = await Promise.all([startApi(env), mastodon.start()]);
  ({ api } = await signUpWithToken(server.url, 'Erin'));
});

afterAll(async () => {
  await Promise.all([...workers.map((worker) => worker.stop()), server?.close(), mastodon.stop()]);
});

test('a post still publishes once after its worker is SIGKILLed while it sleeps', async () => {
  const first = await startWorker(env, 'worker-1');
  workers.push(first);
  const connection = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  const publishAt = inSeconds(8);
  const created = await api.post('/api/v1/posts', { content: 'Survives a crash', publishAt, connectionIds: [connection.body.id] });
  expect(created.status).toBe(201);

  // The workflow is running and asleep on its timer once it answers the status query.
  await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.workflow?.status === 'SCHEDULED',
    30_000,
  );
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  // The publish time passes with no worker alive: nothing can have been published.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(publishAt) - Date.now()) + 1000));
  expect(mastodon.statuses).toHaveLength(0);

  workers.push(await startWorker(env, 'worker-2'));
  const published = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    90_000,
  );
  expect(mastodon.statuses).toHaveLength(1);
  expect(mastodon.statuses[0]!.content).toBe('Survives a crash');
  expect(published.body.targets[0]).toMatchObject({ status: 'PUBLISHED', platformPostId: mastodon.statuses[0]!.id });
});

test('a publish started ahead is replaced in time when its worker is SIGKILLed while it waits', async () => {
  // the only worker is the one killed
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  const first = await startWorker(env, 'worker-3');
  workers.push(first);
  const connection = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  // the default lead (60 s) starts the publish about 5 s from now
  const publishAt = inSeconds(env.config.PUBLISH_LEAD_SECONDS + 5);
  const created = await api.post('/api/v1/posts', {
    content: 'Survives a crash while it waits',
    publishAt,
    connectionIds: [connection.body.id],
  });
  expect(created.status).toBe(201);

  const temporal = await Connection.connect({ address: env.config.TEMPORAL_ADDRESS });
  try {
    const handle = new Client({ connection: temporal, namespace: env.config.TEMPORAL_NAMESPACE }).workflow.getHandle(
      postWorkflowId(created.body.id),
    );
    // the publish activity is running on worker-3, waiting for the time
    const waitingPublish = (description: Awaited<ReturnType<typeof handle.describe>>) =>
      description.raw.pendingActivities?.some(
        (activity) => activity.activityType?.name === 'publishToTarget' && activity.attempt === 1 && activity.lastStartedTime,
      ) ?? false;
    await waitFor(() => handle.describe(), waitingPublish, 30_000);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    workers.push(await startWorker(env, 'worker-4'));
  } finally {
    await temporal.close();
  }

  const published = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    120_000,
    500,
  );
  expect(mastodon.statuses.filter((status) => status.content === 'Survives a crash while it waits')).toHaveLength(1);
  const arrival = mastodon.statuses.find((status) => status.content === 'Survives a crash while it waits')!.receivedAt;
  // on time: the replacement waited for the time like the lost one would have
  expect(arrival - Date.parse(publishAt)).toBeGreaterThanOrEqual(0);
  expect(arrival - Date.parse(publishAt)).toBeLessThan(2_000);
  // the lost attempt never reached the platform, so only the replacement's is recorded
  expect(published.body.targets[0]).toMatchObject({ status: 'PUBLISHED', attempts: 2 });
});
