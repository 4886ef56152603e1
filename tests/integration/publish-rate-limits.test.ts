// Rate budgets per platform: each platform publishes on its own task queue, rate-limited
// by the Temporal server for every worker at once, so a slow platform never holds up
// another one.
import type { RunningServer } from '../../api/server';
import type { ServiceProcess } from '../../runtime/processes';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, startApi, startWorker, testEnv, waitFor, type ApiClient } from '../support/harness';

jest.setTimeout(180_000);

const MASTODON_PER_SECOND = 1;
const env = testEnv({
  PUBLISH_RATE_LIMITS: JSON.stringify({ MASTODON: { perSecond: MASTODON_PER_SECOND, concurrency: 5 } }),
  // Publish activities started ahead would all wait for the same second and go out
  // together (up to the platform's concurrency): this test measures the pacing alone.
  PUBLISH_LEAD_SECONDS: '0',
});
const mastodon = new FakeMastodon();
let server: RunningServer;
const workers: ServiceProcess[] = [];
let api: ApiClient;

beforeAll(async () => {
  const startNamed = async (name: string) => workers.push(await startWorker(env, name));
  [server] = await Promise.all([startApi(env), startNamed('worker-1'), startNamed('worker-2'), mastodon.start()]);
  ({ api } = await signUpWithToken(server.url, 'Rita'));
});

afterAll(async () => {
  await Promise.all([...workers.map((worker) => worker.stop()), server?.close(), mastodon.stop()]);
});

test('a burst to a rate-limited Mastodon is spread at its rate across two workers, while a demo post goes out on time', async () => {
  const toot = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  const demo = await api.post('/api/v1/connections', { platform: 'demo' });
  expect([toot.status, demo.status]).toEqual([201, 201]);

  const publishAt = inSeconds(10);
  const mastodonPosts = 10;
  const created = await Promise.all([
    ...Array.from({ length: mastodonPosts }, (_, index) =>
      api.post('/api/v1/posts', { content: `Burst ${index}`, publishAt, connectionIds: [toot.body.id] }),
    ),
    api.post('/api/v1/posts', { content: 'On time, whatever Mastodon allows', publishAt, connectionIds: [demo.body.id] }),
  ]);
  expect(created.map((response) => response.status)).toEqual(Array(mastodonPosts + 1).fill(201));
  const demoPost = created.at(-1)!.body;

  const published = await waitFor(
    () => Promise.all(created.map((response) => api.get(`/api/v1/posts/${response.body.id}`))),
    (posts) => posts.every((post) => post.body.status === 'PUBLISHED'),
    120_000,
    500,
  );

  const arrivals = mastodon.statuses.map((status) => status.receivedAt).sort((a, b) => a - b);
  expect(arrivals).toHaveLength(mastodonPosts);
  // The server hands out tasks at the rate for the whole queue: two workers with room for
  // 5 each still add up to the one rate. The queue has 4 partitions
  // (temporal-config/dynamic-config.yaml), each with a share of the rate and a token
  // bucket holding one task, so up to 4 go out at once at the start; after that the n-th
  // call comes at least n - 4 intervals after the first (10% slack for timing). Unlimited,
  // all of them would arrive within a second.
  const burst = 4;
  const intervalMs = 1000 / MASTODON_PER_SECOND;
  const offsets = arrivals.map((arrival) => arrival - arrivals[0]!);
  const tooEarly = offsets.filter((offset, index) => offset < Math.max(0, index - burst) * intervalMs * 0.9);
  expect({ tooEarly, offsets }).toEqual({ tooEarly: [], offsets });

  const demoTarget = published.at(-1)!.body.targets[0];
  expect(published.at(-1)!.body.id).toBe(demoPost.id);
  const demoPublishedAt = Date.parse(demoTarget.publishedAt);
  // the demo post never queued behind Mastodon's budget
  expect(demoPublishedAt - Date.parse(publishAt)).toBeLessThan(3_000);
  expect(demoPublishedAt).toBeLessThan(arrivals.at(-1)! - 2_000);
});
