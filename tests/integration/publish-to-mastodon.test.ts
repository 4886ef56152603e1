// The durable core end to end: the HTTP API, a real Temporal dev server, real PostgreSQL,
// the real worker process, and a local fake of Mastodon's API.
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const env = testEnv();
const mastodon = new FakeMastodon();
const stack = useServerAndWorker({ env, alongside: [mastodon] });
let api: ApiClient;
let connectionId: string;

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url));
  const connection = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  expect(connection.status).toBe(201);
  expect(connection.body).toMatchObject({ platform: 'MASTODON', handle: `@alice@${new URL(mastodon.url).host}` });
  connectionId = connection.body.id;
});

function getPost(id: string) {
  return api.get(`/api/v1/posts/${id}`);
}

test('a post scheduled a few seconds ahead reaches Mastodon once, at its time, and reads PUBLISHED', async () => {
  const publishAt = inSeconds(4);
  const created = await api.post('/api/v1/posts', { content: 'Hello from planrrr', publishAt, connectionIds: [connectionId] });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'SCHEDULED', content: 'Hello from planrrr', workflowId: `post-${created.body.id}` });

  const published = await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  const [status] = mastodon.statuses;
  expect(mastodon.statuses).toHaveLength(1);
  expect(status).toMatchObject({ content: 'Hello from planrrr', accessToken: 'token-alice' });
  expect(status!.idempotencyKey).toMatch(new RegExp(`^planrrr-${created.body.id}-${connectionId}-r1$`));
  expect(status!.receivedAt).toBeGreaterThanOrEqual(Date.parse(publishAt));

  expect(published.body.targets).toEqual([
    expect.objectContaining({
      connectionId,
      platform: 'MASTODON',
      status: 'PUBLISHED',
      platformPostId: status!.id,
      url: `${mastodon.url}/@alice/${status!.id}`,
      attempts: 1,
    }),
  ]);
  expect(published.body.workflow).toMatchObject({ status: 'PUBLISHED', revision: 1 });

  // Operators find the post's workflow by its search attribute.
  const found = await waitFor(
    async () => {
      const matches = [];
      for await (const execution of stack.server.temporal.workflow.list({
        query: `PlanrrrPostId="${created.body.id}" AND PlanrrrStatus="PUBLISHED"`,
      })) {
        matches.push(execution.workflowId);
      }
      return matches;
    },
    (matches) => matches.length === 1,
    15_000,
  );
  expect(found).toEqual([`post-${created.body.id}`]);
});

test('an edit and a reschedule before publishing change what is published and when', async () => {
  const created = await api.post('/api/v1/posts', { content: 'First draft', publishAt: inSeconds(3600), connectionIds: [connectionId] });
  expect(created.status).toBe(201);

  const edited = await api.patch(`/api/v1/posts/${created.body.id}`, { content: 'Final words' });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({ content: 'Final words', revision: 2, status: 'SCHEDULED' });

  const publishAt = inSeconds(3);
  const moved = await api.post(`/api/v1/posts/${created.body.id}/reschedule`, { publishAt });
  expect(moved.status).toBe(200);
  expect(moved.body.publishAt).toBe(new Date(publishAt).toISOString());

  await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  const delivered = mastodon.statuses.filter((status) => status.idempotencyKey?.startsWith(`planrrr-${created.body.id}-`));
  expect(delivered.map((status) => status.content)).toEqual(['Final words']);

  const tooLate = await api.patch(`/api/v1/posts/${created.body.id}`, { content: 'After the fact' });
  expect(tooLate.status).toBe(409);
  expect(tooLate.headers.get('content-type')).toContain('application/problem+json');
  expect(tooLate.body).toMatchObject({ type: 'https://planrrr.dev/problems/post-not-changeable', status: 409 });
});

test('an edit while the publish activity waits for the time publishes the new text, once', async () => {
  const publishAt = inSeconds(15);
  const created = await api.post('/api/v1/posts', { content: 'Text as first written', publishAt, connectionIds: [connectionId] });
  expect(created.status).toBe(201);
  // within PUBLISH_LEAD_SECONDS: by now the publish activity has started and waits on the worker
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const edited = await api.patch(`/api/v1/posts/${created.body.id}`, { content: 'Text as corrected' });
  expect(edited.status).toBe(200);

  const published = await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(Date.parse(published.body.targets[0].publishedAt)).toBeGreaterThanOrEqual(Date.parse(publishAt));
  const delivered = mastodon.statuses.filter((status) => status.idempotencyKey?.startsWith(`planrrr-${created.body.id}-`));
  expect(delivered.map((status) => status.content)).toEqual(['Text as corrected']);
  // the replaced activity woke at the time, saw the edit and did not publish or count an attempt
  expect(published.body.targets[0].attemptLog).toEqual([expect.objectContaining({ attempt: 1, outcome: 'published' })]);
});

test('a publish waiting for its time opens its connection ahead: at the time only its call is left', async () => {
  const createdAt = Date.now();
  const publishAt = inSeconds(12);
  const created = await api.post('/api/v1/posts', { content: 'Connected ahead', publishAt, connectionIds: [connectionId] });
  expect(created.status).toBe(201);
  await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  const status = mastodon.statuses.find((candidate) => candidate.content === 'Connected ahead')!;
  expect(status.receivedAt).toBeGreaterThanOrEqual(Date.parse(publishAt));
  // opened for this post (after it was created) when its target was claimed, 5 s before the time
  expect(status.connectedAt).toBeGreaterThan(createdAt);
  expect(status.connectedAt).toBeLessThanOrEqual(Date.parse(publishAt) - 3_000);
});

test('cancel ends a scheduled post: CANCELLED, nothing published', async () => {
  // changes close 10 s before the time (PUBLISH_LEAD_SECONDS): by then the publish activity waits on the worker
  const publishAt = inSeconds(14);
  const created = await api.post('/api/v1/posts', { content: 'Never mind', publishAt, connectionIds: [connectionId] });
  const cancelled = await api.post(`/api/v1/posts/${created.body.id}/cancel`);
  expect(cancelled.status).toBe(200);
  expect(cancelled.body).toMatchObject({ status: 'CANCELLED' });
  // past the time, when the waiting activity wakes and finds the post cancelled
  await new Promise((resolve) => setTimeout(resolve, Date.parse(publishAt) - Date.now() + 1500));
  const after = await getPost(created.body.id);
  expect(after.body.status).toBe('CANCELLED');
  expect(after.body.targets[0].status).toBe('CANCELLED');
  expect(mastodon.statuses.some((status) => status.content === 'Never mind')).toBe(false);
  expect((await api.post(`/api/v1/posts/${created.body.id}/reschedule`, { publishAt: inSeconds(60) })).status).toBe(409);
});

test('a Mastodon outage and rate limit are retried; the post publishes once with its attempts recorded', async () => {
  mastodon.failNext({ status: 503 }, { status: 429, headers: { 'Retry-After': '1' } });
  const created = await api.post('/api/v1/posts', { content: 'Persistence pays', publishAt: inSeconds(1), connectionIds: [connectionId] });
  // 503 → retried after the 5 s initial interval; 429 → retried after its 1 s Retry-After
  const published = await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(published.body.targets[0]).toMatchObject({ status: 'PUBLISHED', attempts: 3, lastError: null });
  // every attempt and its error stay visible after the success
  expect(published.body.targets[0].attemptLog).toEqual([
    expect.objectContaining({
      attempt: 1,
      outcome: 'failed',
      errorKind: 'PLATFORM_UNAVAILABLE',
      retryable: true,
      error: expect.stringContaining('503'),
    }),
    expect.objectContaining({ attempt: 2, outcome: 'failed', errorKind: 'RATE_LIMITED', retryable: true }),
    expect.objectContaining({ attempt: 3, outcome: 'published', errorKind: null, error: null }),
  ]);
  expect(mastodon.statuses.filter((status) => status.content === 'Persistence pays')).toHaveLength(1);
});

/**
 * Connects an account whose token the platform then revokes. Connecting reads the account's
 * follower count once, in the background: the token is revoked only after that read, so the
 * publish under test is the first to meet the refusal.
 */
async function connectThenRevoke(token: string) {
  mastodon.validTokens.add(token);
  const connection = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: token });
  expect(connection.status).toBe(201);
  await waitFor(
    () => api.get(`/api/v1/connections/${connection.body.id}/followers`),
    (res) => res.body.days?.length === 1,
    30_000,
  );
  mastodon.validTokens.delete(token);
  return connection;
}

test('a revoked token fails the target without retrying, and the post reads FAILED with the reason', async () => {
  const other = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-bob' });
  expect(other.status).toBe(422); // unknown token: refused at connect time
  expect(other.body.type).toBe('https://planrrr.dev/problems/platform-credentials-rejected');

  const carol = await connectThenRevoke('token-carol');
  const requestsBefore = mastodon.postRequests;
  const created = await api.post('/api/v1/posts', { content: 'Nobody hears', publishAt: inSeconds(1), connectionIds: [carol.body.id] });
  const failed = await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'FAILED',
    60_000,
  );
  expect(failed.body.targets[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
  expect(failed.body.targets[0].lastError).toContain('401');
  expect(mastodon.postRequests - requestsBefore).toBe(1);
});

test('after a revoked token, a new token for the same account reconnects it, and a retry publishes with the new token', async () => {
  const dora = await connectThenRevoke('token-dora');
  const created = await api.post('/api/v1/posts', { content: 'Dora speaks again', publishAt: inSeconds(1), connectionIds: [dora.body.id] });
  await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'FAILED',
    60_000,
  );
  const needing = (await api.get('/api/v1/connections')).body.data.find((connection: { id: string }) => connection.id === dora.body.id);
  expect(needing.status).toBe('NEEDS_RECONNECT');

  mastodon.validTokens.add('token-dora-2');
  const reconnected = await api.post('/api/v1/connections', {
    platform: 'mastodon',
    instanceUrl: mastodon.url,
    accessToken: 'token-dora-2',
  });
  expect(reconnected.status).toBe(200);
  expect(reconnected.body).toMatchObject({ id: dora.body.id, status: 'ACTIVE' });
  expect((await api.post(`/api/v1/posts/${created.body.id}/retry`)).status).toBe(202);
  await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(mastodon.statuses.filter((status) => status.content === 'Dora speaks again')).toEqual([
    expect.objectContaining({ accessToken: 'token-dora-2' }),
  ]);
});
