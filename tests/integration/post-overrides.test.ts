// Per-account text overrides end to end: the HTTP API, a real Temporal dev server, real
// PostgreSQL, the real worker process, the demo channel and contract fakes of Mastodon and X.
import { createDb, type Db } from '../../lib/db';
import { FakeMastodon } from '../fakes/mastodon';
import { FakeX } from '../fakes/x';
import { storeOAuthConnection } from '../support/connections';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const x = new FakeX();
const mastodon = new FakeMastodon();
const stack = useServerAndWorker({ env: () => testEnv({ X_API_BASE_URL: x.url }), alongside: [x, mastodon] });
let db: Db;
let api: ApiClient;
const ids = { demo: '', mastodon: '', x: '' };

beforeAll(async () => {
  db = createDb(stack.env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Olga'));
  const teamId = (await api.get('/api/v1/me')).body.currentTeamId;
  ids.demo = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
  ids.mastodon = (
    await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' })
  ).body.id;
  ids.x = await storeOAuthConnection(db, stack.env, {
    teamId,
    platform: 'X',
    handle: '@olga',
    credentials: { accessToken: 'x-token-alice' },
  });
});

afterAll(async () => {
  await db?.$disconnect();
});

const getPost = (id: string) => api.get(`/api/v1/posts/${id}`);
const targetOf = (post: { targets: Array<{ connectionId: string }> }, connectionId: string) =>
  post.targets.find((target) => target.connectionId === connectionId);
const demoFeed = async () => (await api.get(`/api/v1/connections/${ids.demo}/demo-feed`)).body.items as Array<{ content: string }>;

test('a post with overrides publishes each account its own text, and the main text to the others', async () => {
  const long = `For Mastodon, the long version: ${'m'.repeat(300)}`;
  const created = await api.post('/api/v1/posts', {
    content: 'The main text',
    publishAt: inSeconds(3),
    connectionIds: [ids.demo, ids.mastodon, ids.x],
    overrides: [
      { connectionId: ids.mastodon, content: long },
      { connectionId: ids.x, content: 'Short for X' },
    ],
  });
  expect(created.status).toBe(201);
  expect(targetOf(created.body, ids.mastodon)).toMatchObject({ content: long });
  expect(targetOf(created.body, ids.demo)).toMatchObject({ content: null });

  const published = await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(mastodon.statuses.filter((status) => status.content === long)).toHaveLength(1);
  expect(x.tweets.filter((tweet) => tweet.text === 'Short for X')).toHaveLength(1);
  expect(x.tweets.filter((tweet) => tweet.text === 'The main text')).toHaveLength(0);
  expect((await demoFeed()).filter((item) => item.content === 'The main text')).toHaveLength(1);
  expect(published.body.targets.map((target: { content: string | null }) => target.content).sort()).toEqual(
    ['Short for X', long, null].sort(),
  );
});

test('overrides naming an account outside the post, or one twice, are refused naming the field', async () => {
  const outside = await api.post('/api/v1/posts', {
    content: 'Hello',
    publishAt: inSeconds(3600),
    connectionIds: [ids.demo],
    overrides: [{ connectionId: ids.mastodon, content: 'Not chosen' }],
  });
  expect(outside.status).toBe(400);
  expect(outside.headers.get('content-type')).toContain('application/problem+json');
  expect(outside.body.errors).toEqual([
    { field: 'body.overrides.0.connectionId', message: `${ids.mastodon} is not one of the post's connectionIds` },
  ]);

  const twice = await api.post('/api/v1/posts', {
    content: 'Hello',
    publishAt: inSeconds(3600),
    connectionIds: [ids.demo, ids.mastodon],
    overrides: [
      { connectionId: ids.mastodon, content: 'One' },
      { connectionId: ids.mastodon, content: 'Two' },
    ],
  });
  expect(twice.status).toBe(400);
  expect(twice.body.errors).toEqual([{ field: 'body.overrides.1.connectionId', message: `${ids.mastodon} already has an override` }]);

  const empty = await api.post('/api/v1/posts', {
    content: 'Hello',
    publishAt: inSeconds(3600),
    connectionIds: [ids.demo],
    overrides: [{ connectionId: ids.demo, content: ' ' }],
  });
  expect(empty.status).toBe(400);
  expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'body.overrides.0.content' })]);
});

test("an override too long for X is refused by X's rules alone, naming the account; the main text is not blamed", async () => {
  const refused = await api.post('/api/v1/posts', {
    content: 'Fits everywhere',
    publishAt: inSeconds(3600),
    connectionIds: [ids.demo, ids.x],
    overrides: [{ connectionId: ids.x, content: 'x'.repeat(281) }],
  });
  expect(refused.status).toBe(422);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.body).toMatchObject({ type: 'https://planrrr.dev/problems/platform-rules' });
  expect(refused.body.violations).toEqual([
    {
      platform: 'X',
      connectionId: ids.x,
      handle: '@olga',
      rule: 'text-too-long',
      message: 'X allows 280 weighted characters (CJK and emoji count twice, links 23); this post has 281',
    },
  ]);
  expect(refused.body.detail).toContain('X (text-too-long) for @olga');

  // the main text too long for X does not matter when X has its own
  const overridden = await api.post('/api/v1/posts', {
    content: 'y'.repeat(400),
    publishAt: inSeconds(3600),
    connectionIds: [ids.demo, ids.x],
    overrides: [{ connectionId: ids.x, content: 'Short' }],
  });
  expect(overridden.status).toBe(201);
  await api.post(`/api/v1/posts/${overridden.body.id}/cancel`);
});

test('editing overrides before publishing is a new revision, and the new text is what publishes', async () => {
  const created = await api.post('/api/v1/posts', {
    content: 'Main',
    publishAt: inSeconds(3600),
    connectionIds: [ids.demo, ids.mastodon],
    overrides: [{ connectionId: ids.mastodon, content: 'First Mastodon text' }],
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;

  const outside = await api.patch(`/api/v1/posts/${id}`, { overrides: [{ connectionId: ids.x, content: 'X is not a target' }] });
  expect(outside.status).toBe(400);
  expect(outside.body.errors).toEqual([expect.objectContaining({ field: 'body.overrides.0.connectionId' })]);

  const edited = await api.patch(`/api/v1/posts/${id}`, { overrides: [{ connectionId: ids.mastodon, content: 'Second Mastodon text' }] });
  expect(edited.status).toBe(200);
  expect(edited.body.revision).toBe(created.body.revision + 1);
  expect(targetOf(edited.body, ids.mastodon)).toMatchObject({ content: 'Second Mastodon text' });
  expect(targetOf(edited.body.workflow, ids.mastodon)).toMatchObject({ content: 'Second Mastodon text' });

  // an edit of other fields keeps the override
  const textEdited = await api.patch(`/api/v1/posts/${id}`, { content: 'Main, edited' });
  expect(targetOf(textEdited.body, ids.mastodon)).toMatchObject({ content: 'Second Mastodon text' });

  const rescheduled = await api.post(`/api/v1/posts/${id}/reschedule`, { publishAt: inSeconds(2) });
  expect(rescheduled.status).toBe(200);
  await waitFor(
    () => getPost(id),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  const statuses = mastodon.statuses.filter((status) => status.content.endsWith('Mastodon text'));
  expect(statuses.map((status) => status.content)).toEqual(['Second Mastodon text']);
  expect(statuses[0]!.idempotencyKey).toMatch(new RegExp(`-r${created.body.revision + 2}$`));
  expect((await demoFeed()).filter((item) => item.content === 'Main, edited')).toHaveLength(1);
});

test('removing an account drops its override; [] clears them all', async () => {
  const created = await api.post('/api/v1/posts', {
    content: 'Main',
    publishAt: inSeconds(3600),
    connectionIds: [ids.demo, ids.mastodon],
    overrides: [
      { connectionId: ids.demo, content: 'Demo text' },
      { connectionId: ids.mastodon, content: 'Mastodon text' },
    ],
  });
  const id = created.body.id as string;
  const narrowed = await api.patch(`/api/v1/posts/${id}`, { connectionIds: [ids.demo] });
  expect(narrowed.status).toBe(200);
  expect(
    narrowed.body.targets.map((target: { connectionId: string; content: string | null }) => [target.connectionId, target.content]),
  ).toEqual([[ids.demo, 'Demo text']]);

  const cleared = await api.patch(`/api/v1/posts/${id}`, { overrides: [] });
  expect(cleared.status).toBe(200);
  expect(targetOf(cleared.body, ids.demo)).toMatchObject({ content: null });
  expect(cleared.body.revision).toBe(narrowed.body.revision + 1);
  await api.post(`/api/v1/posts/${id}/cancel`);
});

test('a draft keeps its overrides, and scheduling it publishes them', async () => {
  const draft = await api.post('/api/v1/posts', {
    content: 'Draft main',
    publishAt: inSeconds(3600),
    connectionIds: [ids.demo, ids.mastodon],
    draft: true,
    overrides: [{ connectionId: ids.mastodon, content: 'Draft for Mastodon' }],
  });
  expect(draft.status).toBe(201);
  expect(targetOf(draft.body, ids.mastodon)).toMatchObject({ content: 'Draft for Mastodon' });

  const edited = await api.patch(`/api/v1/posts/${draft.body.id}`, {
    overrides: [{ connectionId: ids.mastodon, content: 'Draft for Mastodon, edited' }],
  });
  expect(targetOf(edited.body, ids.mastodon)).toMatchObject({ content: 'Draft for Mastodon, edited' });

  const scheduled = await api.post(`/api/v1/posts/${draft.body.id}/schedule`, { publishAt: inSeconds(2) });
  expect(scheduled.status).toBe(200);
  await waitFor(
    () => getPost(draft.body.id),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(mastodon.statuses.filter((status) => status.content === 'Draft for Mastodon, edited')).toHaveLength(1);
  expect((await demoFeed()).filter((item) => item.content === 'Draft main')).toHaveLength(1);
});
