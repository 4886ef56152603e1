// Drafts, scheduling a draft, deleting drafts, and retrying the failed accounts of a post,
// through the API against a real worker, Temporal and PostgreSQL.
import { FakeMastodon } from '../fakes/mastodon';
import { ApiClient, inSeconds, signUpWithToken, testEnv, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const env = testEnv();
const mastodon = new FakeMastodon();
const stack = useServerAndWorker({ env, alongside: [mastodon] });
let api: ApiClient;
let session: ApiClient;
let demoId: string;
let mastodonId: string;

beforeAll(async () => {
  ({ api, session } = await signUpWithToken(stack.server.url, 'Dora'));
  demoId = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
  mastodonId = (await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' })).body
    .id;
});

const readPost = (id: string) => api.get(`/api/v1/posts/${id}`);

test('a draft waits unscheduled, can be edited and moved, then scheduled: it publishes at its time', async () => {
  const draft = await api.post('/api/v1/posts', { content: 'first idea', publishAt: inSeconds(2), connectionIds: [demoId], draft: true });
  expect(draft.status).toBe(201);
  expect(draft.body.status).toBe('DRAFT');

  // a draft has no workflow: it does not publish when its planned time passes
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  expect((await readPost(draft.body.id)).body).toMatchObject({ status: 'DRAFT', workflow: null });

  const edited = await api.patch(`/api/v1/posts/${draft.body.id}`, { content: 'better idea', connectionIds: [demoId, mastodonId] });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({ status: 'DRAFT', content: 'better idea' });
  expect(edited.body.targets).toHaveLength(2);
  expect((await api.post(`/api/v1/posts/${draft.body.id}/cancel`)).body.type).toBe('https://planrrr.dev/problems/post-is-draft');

  const past = await api.post(`/api/v1/posts/${draft.body.id}/schedule`, { publishAt: '2020-01-01T00:00:00Z' });
  expect(past.status).toBe(400);
  expect(past.body.errors[0].field).toBe('body.publishAt');
  const scheduled = await api.post(`/api/v1/posts/${draft.body.id}/schedule`, { publishAt: inSeconds(3) });
  expect(scheduled.status).toBe(200);
  expect(scheduled.body.status).toBe('SCHEDULED');
  expect((await api.post(`/api/v1/posts/${draft.body.id}/schedule`, {})).status).toBe(409);
  expect((await api.request('DELETE', `/api/v1/posts/${draft.body.id}`)).body.type).toBe('https://planrrr.dev/problems/post-not-draft');

  const published = await waitFor(
    () => readPost(draft.body.id),
    (r) => r.body.status === 'PUBLISHED',
    30_000,
  );
  expect(published.body.targets.map((t: { status: string }) => t.status)).toEqual(['PUBLISHED', 'PUBLISHED']);
  expect(mastodon.statuses.filter((s) => s.content === 'better idea')).toHaveLength(1);
});

test('a draft can be deleted; a scheduled post cannot', async () => {
  const draft = await api.post('/api/v1/posts', {
    content: 'never mind',
    publishAt: inSeconds(3600),
    connectionIds: [demoId],
    draft: true,
  });
  expect((await api.request('DELETE', `/api/v1/posts/${draft.body.id}`)).status).toBe(204);
  expect((await readPost(draft.body.id)).status).toBe(404);
  expect((await api.request('DELETE', `/api/v1/posts/${draft.body.id}`)).status).toBe(404);
});

test('retrying a partially published post publishes only the failed account, once', async () => {
  mastodon.failNext({ status: 422, body: { error: 'Validation failed: the instance refused it' } });
  const created = await api.post('/api/v1/posts', { content: 'retry me', publishAt: inSeconds(2), connectionIds: [demoId, mastodonId] });
  const partial = await waitFor(
    () => readPost(created.body.id),
    (r) => r.body.status === 'PARTIALLY_PUBLISHED',
    30_000,
  );
  const failedTarget = partial.body.targets.find((t: { connectionId: string }) => t.connectionId === mastodonId);
  expect(failedTarget).toMatchObject({ status: 'FAILED', lastError: expect.stringContaining('refused') });

  expect((await api.post(`/api/v1/posts/${created.body.id}/reschedule`, { publishAt: inSeconds(60) })).status).toBe(409);
  const retry = await api.post(`/api/v1/posts/${created.body.id}/retry`);
  expect(retry.status).toBe(202);

  const published = await waitFor(
    () => readPost(created.body.id),
    (r) => r.body.status === 'PUBLISHED',
    30_000,
  );
  expect(published.body.targets.map((t: { status: string }) => t.status)).toEqual(['PUBLISHED', 'PUBLISHED']);
  expect(mastodon.statuses.filter((s) => s.content === 'retry me')).toHaveLength(1);
  const feed = await api.get(`/api/v1/connections/${demoId}/demo-feed`);
  expect(feed.body.items.filter((item: { content: string }) => item.content === 'retry me')).toHaveLength(1);

  const again = await api.post(`/api/v1/posts/${created.body.id}/retry`);
  expect(again.status).toBe(409);
  expect(again.body.type).toBe('https://planrrr.dev/problems/post-not-retryable');

  const log = await session.get('/api/v1/audit-log');
  const actions = log.body.data
    .filter((entry: { entityId: string }) => entry.entityId === created.body.id)
    .map((entry: { action: string }) => entry.action);
  expect(actions).toEqual(['post.retried', 'post.created']);
});
