// Rate limits answer 429 problem+json with Retry-After, per IP for log-ins and per token for writes.
import type { RunningServer } from '../../api/server';
import { ApiClient, inSeconds, signUpWithToken, startApi, testEnv } from '../support/harness';

jest.setTimeout(60_000);

const env = testEnv({ AUTH_RATE_LIMIT_PER_MINUTE: '4', WRITE_RATE_LIMIT_PER_MINUTE: '3' });
let server: RunningServer;

beforeAll(async () => {
  server = await startApi(env);
});

afterAll(async () => {
  await server?.close();
});

test('password guessing is slowed down: the fifth log-in attempt in a minute answers 429', async () => {
  const guesser = new ApiClient(server.url);
  const attempts = [];
  for (let i = 0; i < 5; i += 1)
    attempts.push(await guesser.post('/api/v1/auth/login', { email: 'victim@example.com', password: `guess-${i}` }));
  expect(attempts.slice(0, 4).map((attempt) => attempt.status)).toEqual([401, 401, 401, 401]);
  const limited = attempts[4]!;
  expect(limited.status).toBe(429);
  expect(limited.headers.get('content-type')).toContain('application/problem+json');
  expect(limited.body).toMatchObject({ type: 'https://planrrr.dev/problems/rate-limited', status: 429 });
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
});

test('writes are limited per API token; reads are not', async () => {
  // a fresh server, so the sign-ups above do not count against this test's client IP
  const fresh = await startApi(testEnv({ WRITE_RATE_LIMIT_PER_MINUTE: '3' }));
  try {
    const { api } = await signUpWithToken(fresh.url, 'Wendy'); // two writes by the session (signup, token): not the token's
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await api.post('/api/v1/connections', { platform: 'demo', name: `Demo ${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await api.get('/api/v1/connections')).status).toBe(200);
    const other = await signUpWithToken(fresh.url, 'Xavier');
    expect((await other.api.post('/api/v1/posts', { content: 'x', publishAt: inSeconds(60), connectionIds: ['none'] })).status).toBe(422);
  } finally {
    await fresh.close();
  }
});
