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

test('an idea is a draft with text alone: no time, no account; scheduling it asks for both', async () => {
  const idea = await api.post('/api/v1/posts', { content: 'a thread about our launch?', connectionIds: [], draft: true });
  expect(idea.status).toBe(201);
  expect(idea.body).toMatchObject({ status: 'DRAFT', publishAt: null, targets: [], temporalUiUrl: null });
  // a post to publish needs both, and every missing one is named at once
  const incomplete = await api.post('/api/v1/posts', { content: 'go', connectionIds: [] });
  expect(incomplete.status).toBe(400);
  expect(incomplete.body.errors).toEqual([
    { field: 'body.publishAt', message: 'Choose when to publish' },
    { field: 'body.connectionIds', message: 'Choose at least one account to publish to' },
  ]);

  const noTime = await api.post(`/api/v1/posts/${idea.body.id}/schedule`, {});
  expect(noTime.status).toBe(400);
  expect(noTime.body.errors).toEqual([{ field: 'body.publishAt', message: 'the draft has no time yet: send when to publish it' }]);
  const noAccount = await api.post(`/api/v1/posts/${idea.body.id}/schedule`, { publishAt: inSeconds(3600) });
  expect(noAccount.status).toBe(422);
  expect(noAccount.body.type).toBe('https://planrrr.dev/problems/draft-without-accounts');

  // a planned time can be taken away again: the draft is an idea once more
  const reschedulePath = `/api/v1/posts/${idea.body.id}/reschedule`;
  expect((await api.post(reschedulePath, { publishAt: inSeconds(7200) })).body.publishAt).not.toBeNull();
  const unplanned = await api.post(reschedulePath, { publishAt: null });
  expect(unplanned.status).toBe(200);
  expect(unplanned.body).toMatchObject({ status: 'DRAFT', publishAt: null });

  expect((await api.patch(`/api/v1/posts/${idea.body.id}`, { connectionIds: [demoId] })).status).toBe(200);
  const scheduled = await api.post(`/api/v1/posts/${idea.body.id}/schedule`, { publishAt: inSeconds(3600) });
  expect(scheduled.status).toBe(200);
  expect(scheduled.body.status).toBe('SCHEDULED');
  expect(scheduled.body.temporalUiUrl).toContain(`/workflows/post-${idea.body.id}`);
  // a scheduled post keeps at least one account
  const emptied = await api.patch(`/api/v1/posts/${idea.body.id}`, { connectionIds: [] });
  expect(emptied.status).toBe(400);
  expect(emptied.body.errors).toEqual([{ field: 'body.connectionIds', message: 'Choose at least one account to publish to' }]);
  // and a time
  const timeless = await api.post(reschedulePath, { publishAt: null });
  expect(timeless.status).toBe(400);
  expect(timeless.body.errors).toEqual([
    { field: 'body.publishAt', message: 'Only a draft can be without a time: cancel the post instead' },
  ]);
});

test('a cancelled post is restored as a draft, or scheduled again and published once', async () => {
  const created = await api.post('/api/v1/posts', { content: 'back from the dead', publishAt: inSeconds(3600), connectionIds: [demoId] });
  expect((await api.post(`/api/v1/posts/${created.body.id}/restore`)).body.type).toBe('https://planrrr.dev/problems/post-not-cancelled');
  expect((await api.post(`/api/v1/posts/${created.body.id}/cancel`)).body.status).toBe('CANCELLED');

  const asDraft = await waitFor(
    () => api.post(`/api/v1/posts/${created.body.id}/restore`),
    // the cancelled run may still be closing for a moment (409 post-closing)
    (response) => response.status !== 409,
    10_000,
  );
  expect(asDraft.status).toBe(200);
  expect(asDraft.body).toMatchObject({ status: 'DRAFT', content: 'back from the dead', publishAt: created.body.publishAt });
  expect(asDraft.body.targets.map((target: { status: string }) => target.status)).toEqual(['PENDING']);
  // its past workflow stays visible to operators
  expect(asDraft.body.temporalUiUrl).toContain(`/workflows/post-${created.body.id}`);

  const again = await api.post(`/api/v1/posts/${created.body.id}/schedule`, { publishAt: inSeconds(3600) });
  expect(again.status).toBe(200);
  expect((await api.post(`/api/v1/posts/${created.body.id}/cancel`)).body.status).toBe('CANCELLED');
  const past = await api.post(`/api/v1/posts/${created.body.id}/restore`, { publishAt: '2020-01-01T00:00:00Z' });
  expect(past.status).toBe(400);
  expect(past.body.errors[0].field).toBe('body.publishAt');
  const rescheduled = await waitFor(
    () => api.post(`/api/v1/posts/${created.body.id}/restore`, { publishAt: inSeconds(2) }),
    (response) => response.status !== 409,
    10_000,
  );
  expect(rescheduled.status).toBe(200);
  expect(rescheduled.body.status).toBe('SCHEDULED');
  const published = await waitFor(
    () => readPost(created.body.id),
    (r) => r.body.status === 'PUBLISHED',
    30_000,
  );
  expect(published.body.targets).toHaveLength(1);
  const log = await session.get('/api/v1/audit-log');
  const actions = log.body.data
    .filter((entry: { entityId: string }) => entry.entityId === created.body.id)
    .map((entry: { action: string }) => entry.action);
  // newest first: a restore with a time is a restore, then a scheduling
  expect(actions).toEqual([
    'post.scheduled',
    'post.restored',
    'post.cancelled',
    'post.scheduled',
    'post.restored',
    'post.cancelled',
    'post.created',
  ]);
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

test('a partly published post is fixed and retried: the failed account publishes the new text, the published one keeps its own', async () => {
  mastodon.failNext({ status: 422, body: { error: 'Validation failed: the instance refused it' } });
  const created = await api.post('/api/v1/posts', { content: 'first words', publishAt: inSeconds(2), connectionIds: [demoId, mastodonId] });
  await waitFor(
    () => readPost(created.body.id),
    (r) => r.body.status === 'PARTIALLY_PUBLISHED',
    30_000,
  );
  const retryPath = `/api/v1/posts/${created.body.id}/retry`;

  // what a published account cannot lose is named, and nothing is written
  const refused = await api.post(retryPath, { connectionIds: [mastodonId], overrides: [], content: 'better words' });
  expect(refused.status).toBe(400);
  expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'body.connectionIds', message: expect.stringContaining('demo') })]);
  const withOtherText = await api.post(retryPath, { overrides: [{ connectionId: demoId, content: 'rewritten' }] });
  expect(withOtherText.body.errors).toEqual([expect.objectContaining({ field: 'body.overrides' })]);
  expect((await readPost(created.body.id)).body).toMatchObject({ status: 'PARTIALLY_PUBLISHED', content: 'first words', revision: 1 });

  const retried = await api.post(retryPath, { content: 'better words' });
  expect(retried.status).toBe(202);
  expect(retried.body).toMatchObject({ content: 'better words', revision: 2 });
  const published = await waitFor(
    () => readPost(created.body.id),
    (r) => r.body.status === 'PUBLISHED',
    30_000,
  );
  // the demo account published the first words: its text says so
  expect(published.body.targets.find((t: { connectionId: string }) => t.connectionId === demoId)).toMatchObject({
    status: 'PUBLISHED',
    content: 'first words',
  });
  expect(published.body.targets.find((t: { connectionId: string }) => t.connectionId === mastodonId)).toMatchObject({
    status: 'PUBLISHED',
    content: null,
  });
  expect(mastodon.statuses.filter((status) => status.content === 'better words')).toHaveLength(1);
  const feed = await api.get(`/api/v1/connections/${demoId}/demo-feed`);
  expect(feed.body.items.filter((item: { content: string }) => ['first words', 'better words'].includes(item.content))).toEqual([
    expect.objectContaining({ content: 'first words' }),
  ]);
});

test('a failed post is fixed before it is retried: a text the platform refuses is named first, then the fix publishes', async () => {
  mastodon.failNext({ status: 422, body: { error: 'Validation failed: the instance refused it' } });
  const created = await api.post('/api/v1/posts', { content: 'nobody saw this', publishAt: inSeconds(2), connectionIds: [mastodonId] });
  await waitFor(
    () => readPost(created.body.id),
    (r) => r.body.status === 'FAILED',
    30_000,
  );
  const retryPath = `/api/v1/posts/${created.body.id}/retry`;
  const tooLong = await api.post(retryPath, { content: 'x'.repeat(600) });
  expect(tooLong.status).toBe(422);
  expect(tooLong.body.type).toBe('https://planrrr.dev/problems/platform-rules');
  const fixed = await api.post(retryPath, { content: 'everybody sees this', connectionIds: [mastodonId, demoId] });
  expect(fixed.status).toBe(202);
  const published = await waitFor(
    () => readPost(created.body.id),
    (r) => r.body.status === 'PUBLISHED',
    30_000,
  );
  expect(published.body.targets.map((t: { status: string }) => t.status)).toEqual(['PUBLISHED', 'PUBLISHED']);
  expect(mastodon.statuses.filter((status) => status.content === 'everybody sees this')).toHaveLength(1);
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
