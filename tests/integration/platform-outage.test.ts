// Fault: the platform answers 500s, a 429 with Retry-After and a timeout for a while.
// Posts publish once it recovers, each exactly once, with the attempts recorded, and the
// platform's circuit breaker opens, then closes.
import type { RunningServer } from '../../api/server';
import { freePort } from '../../runtime/ports';
import type { ServiceProcess } from '../../runtime/processes';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, startApi, startWorker, testEnv, waitFor, type ApiClient } from '../support/harness';

jest.setTimeout(300_000);

const POSTS = 5;
const mastodon = new FakeMastodon();
let env: ReturnType<typeof testEnv>;
let server: RunningServer;
let worker: ServiceProcess;
let api: ApiClient;
let workerMetricsUrl: string;

beforeAll(async () => {
  const port = await freePort();
  // a short open circuit keeps the test short; the default is 30 s
  env = testEnv({ WORKER_METRICS_PORT: String(port), CIRCUIT_BREAKER_OPEN_SECONDS: '4' });
  workerMetricsUrl = `http://127.0.0.1:${port}/metrics`;
  [server, worker] = await Promise.all([startApi(env), startWorker(env), mastodon.start()]);
  ({ api } = await signUpWithToken(server.url, 'Petra'));
});

afterAll(async () => {
  await Promise.all([worker?.stop(), server?.close(), mastodon.stop()]);
});

/** planrrr_circuit_breaker_state{platform="MASTODON"}: 0 closed, 1 half-open, 2 open. */
async function mastodonBreakerState(): Promise<number | undefined> {
  const metrics = await (await fetch(workerMetricsUrl)).text();
  const line = metrics
    .split('\n')
    .find((candidate) => candidate.startsWith('planrrr_circuit_breaker_state{') && candidate.includes('platform="MASTODON"'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
}

test('after 500s, a 429 and a timeout, every post publishes once with its attempts recorded; the circuit opens and closes', async () => {
  const connection = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  expect(connection.status).toBe(201);
  // One 500 per post opens the circuit (5 outage-like failures in the window), then a
  // rate limit, a request that never gets an answer, and another 500.
  mastodon.failNext(
    ...Array.from({ length: POSTS }, () => ({ status: 500 })),
    { status: 429, headers: { 'Retry-After': '2' } },
    { hang: true },
    { status: 503 },
  );

  const publishAt = inSeconds(5);
  const created = await Promise.all(
    Array.from({ length: POSTS }, (_, index) =>
      api.post('/api/v1/posts', { content: `Outage ${index}`, publishAt, connectionIds: [connection.body.id] }),
    ),
  );
  expect(created.map((response) => response.status)).toEqual(Array(POSTS).fill(201));

  // Watch the breaker through the worker's metrics while the posts struggle through.
  const breakerStates: number[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const state = await mastodonBreakerState().catch(() => undefined);
      if (state !== undefined && breakerStates.at(-1) !== state) breakerStates.push(state);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();

  let published;
  try {
    published = await waitFor(
      () => Promise.all(created.map((response) => api.get(`/api/v1/posts/${response.body.id}`))),
      (posts) => posts.every((post) => post.body.status === 'PUBLISHED'),
      240_000,
      500,
    );
    await waitFor(mastodonBreakerState, (state) => state === 0, 10_000);
    breakerStates.push(0);
  } finally {
    watching = false;
    await watcher;
  }

  // Each post reached Mastodon exactly once, after the scripted failures.
  const answers = mastodon.requests.map((request) => request.answer);
  expect(answers.slice(0, POSTS + 3)).toEqual([...Array(POSTS).fill(500), 429, 'hang', 503]);
  expect(mastodon.statuses.map((status) => status.content).sort()).toEqual(created.map((_, index) => `Outage ${index}`).sort());

  // Every attempt is counted on the post's target: the failures the fake answered and
  // those the open circuit refused without calling it.
  const attempts = published.map((post) => post.body.targets[0]);
  for (const target of attempts) expect(target).toMatchObject({ status: 'PUBLISHED', lastError: null });
  expect(attempts.every((target) => target.attempts >= 2)).toBe(true);
  const totalAttempts = attempts.reduce((sum, target) => sum + target.attempts, 0);
  expect(totalAttempts).toBeGreaterThanOrEqual(mastodon.requests.length);

  // open (2) at some point, closed (0) at the end
  expect(breakerStates).toContain(2);
  expect(breakerStates.indexOf(2)).toBeLessThan(breakerStates.lastIndexOf(0));
});
