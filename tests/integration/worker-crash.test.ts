// Durability: the worker is killed (SIGKILL, no goodbye) while a post sleeps. Temporal
// keeps the timer; a new worker process picks the post up and publishes it exactly once.
import type { RunningServer } from '../../api/server';
import type { ServiceProcess } from '../../runtime/processes';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, startApi, startWorker, testEnv, waitFor, type ApiClient } from '../support/harness';

jest.setTimeout(180_000);

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
  await waitFor(() => api.get(`/api/v1/posts/${created.body.id}`), (res) => res.body.workflow?.status === 'SCHEDULED', 30_000);
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  // The publish time passes with no worker alive: nothing can have been published.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(publishAt) - Date.now()) + 1000));
  expect(mastodon.statuses).toHaveLength(0);

  workers.push(await startWorker(env, 'worker-2'));
  const published = await waitFor(() => api.get(`/api/v1/posts/${created.body.id}`), (res) => res.body.status === 'PUBLISHED', 90_000);
  expect(mastodon.statuses).toHaveLength(1);
  expect(mastodon.statuses[0]!.content).toBe('Survives a crash');
  expect(published.body.targets[0]).toMatchObject({ status: 'PUBLISHED', platformPostId: mastodon.statuses[0]!.id });
});
