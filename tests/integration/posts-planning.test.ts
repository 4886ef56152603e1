// Planning a team's posts over the API: search, filters and every sort of the posts list
// with cursor paging; the team's labels. Its posts are drafts unless a test says otherwise;
// no worker polls its task queue, so scheduled posts never run.
import type { RunningServer } from '../../api/server';
import { createDb, type Db } from '../../lib/db';
import { ApiClient, inSeconds, signUpWithToken, startApi, testEnv } from '../support/harness';
import { PNG } from '../support/media-fixtures';

jest.setTimeout(60_000);

const env = testEnv();
let server: RunningServer;
let alice: ApiClient;
let aliceSession: ApiClient;
let mallory: ApiClient;
let demoId: string;
let db: Db;

beforeAll(async () => {
  server = await startApi(env);
  db = createDb(env.config.DATABASE_URL);
  [{ api: alice, session: aliceSession }, { api: mallory }] = await Promise.all([
    signUpWithToken(server.url, 'Alice'),
    signUpWithToken(server.url, 'Mallory'),
  ]);
  demoId = (await alice.post('/api/v1/connections', { platform: 'demo' })).body.id;
});

afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
});

function expectValidationOf(response: { status: number; body: any }, field: string) {
  expect(response.status).toBe(400);
  expect(response.body.type).toBe('https://planrrr.dev/problems/validation-failed');
  expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
}

/** A draft of Alice's, due in 2030. */
async function draft(content: string, extra: Record<string, unknown> = {}) {
  const response = await alice.post('/api/v1/posts', {
    content,
    publishAt: '2030-01-01T09:00:00Z',
    connectionIds: [demoId],
    draft: true,
    ...extra,
  });
  expect(response.status).toBe(201);
  return response.body as { id: string; labels: Array<{ id: string; name: string; colour: string }> };
}

async function label(api: ApiClient, name: string, colour = '#336699'): Promise<{ id: string; name: string; colour: string }> {
  const response = await api.post('/api/v1/labels', { name, colour });
  expect(response.status).toBe(201);
  return response.body;
}

/** Every page of the list for `query`, walked with nextCursor. */
async function allPages(
  api: ApiClient,
  query: Record<string, string>,
  limit = 2,
): Promise<Array<{ id: string; publishAt: string | null; createdAt: string }>> {
  const posts = [];
  let cursor: string | null = null;
  do {
    const params: URLSearchParams = new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const page = await api.get(`/api/v1/posts?${params}`);
    expect(page.status).toBe(200);
    posts.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return posts;
}

describe('search, filters and sort', () => {
  let team: ApiClient;
  let teamConnection: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // a team of its own, so that the list holds only these posts
    ({ api: team } = await signUpWithToken(server.url, 'Planner'));
    teamConnection = (await team.post('/api/v1/connections', { platform: 'demo' })).body.id;
    const other = (await team.post('/api/v1/connections', { platform: 'demo' })).body.id;
    /** `days` null: an idea, a draft without a time or an account */
    const make = async (name: string, content: string, days: number | null, extra: Record<string, unknown> = {}) => {
      const response = await team.post('/api/v1/posts', {
        content,
        ...(days === null ? {} : { publishAt: new Date(Date.UTC(2030, 0, 1 + days, 9)).toISOString() }),
        connectionIds: days === null ? [] : [teamConnection],
        draft: true,
        ...extra,
      });
      expect(response.status).toBe(201);
      ids[name] = response.body.id;
    };
    // created in this order; due in another, two at the same time
    await make('launch', 'Our LAUNCH is near', 5);
    await make('recipe', 'A recipe: 100% butter_cake', 1);
    await make('override', 'Plain text', 3, {
      connectionIds: [teamConnection, other],
      overrides: [{ connectionId: other, content: 'Only here: the Launch party' }],
    });
    await make('tieA', 'Same time', 2, { connectionIds: [other] });
    await make('tieB', 'Same time too', 2, { connectionIds: [other] });
    // ideas without a time sort after every dated post (as if due at the end of time)
    await make('ideaA', 'An idea', null);
    await make('ideaB', 'Another idea', null);
    // two posts created at the same moment: the id breaks the tie
    await db.post.updateMany({ where: { id: { in: [ids.tieA!, ids.tieB!] } }, data: { createdAt: new Date('2029-06-01T00:00:00Z') } });
  });

  test('q finds posts by content or by a per-account text, ignoring case; % and _ are only text', async () => {
    const found = await team.get('/api/v1/posts?q=%20launch%20');
    expect(found.status).toBe(200);
    expect(found.body.data.map((post: { id: string }) => post.id).sort()).toEqual([ids.launch, ids.override].sort());
    const literal = await team.get(`/api/v1/posts?q=${encodeURIComponent('100% butter_')}`);
    expect(literal.body.data.map((post: { id: string }) => post.id)).toEqual([ids.recipe]);
    expect((await team.get('/api/v1/posts?q=1%25b')).body.data).toEqual([]);
  });

  test('filters combine, and another team sees none of it', async () => {
    const byConnection = await team.get(`/api/v1/posts?connectionId=${teamConnection}`);
    expect(byConnection.body.data.map((post: { id: string }) => post.id).sort()).toEqual([ids.launch, ids.recipe, ids.override].sort());
    const combined = await team.get(`/api/v1/posts?connectionId=${teamConnection}&q=launch&status=DRAFT&from=2030-01-05T00:00:00Z`);
    expect(combined.body.data.map((post: { id: string }) => post.id)).toEqual([ids.launch]);
    expect((await team.get(`/api/v1/posts?q=launch&status=SCHEDULED`)).body.data).toEqual([]);
    expect((await mallory.get('/api/v1/posts?q=launch')).body.data).toEqual([]);
    expect((await mallory.get(`/api/v1/posts?connectionId=${teamConnection}`)).body.data).toEqual([]);
  });

  test.each([
    ['publishAt', 'publishAt', false],
    ['-publishAt', 'publishAt', true],
    ['createdAt', 'createdAt', false],
    ['-createdAt', 'createdAt', true],
  ] as const)('sort=%s orders by %s (then id), and paging walks every post once', async (sort, field, descending) => {
    const posts = await allPages(team, { sort });
    expect(posts).toHaveLength(Object.keys(ids).length);
    expect(new Set(posts.map((post) => post.id)).size).toBe(posts.length);
    const key = (post: (typeof posts)[number]) => post[field] ?? '9999-12-31T23:59:59.999Z';
    const expected = [...posts].sort((a, b) => (key(a) === key(b) ? (a.id < b.id ? -1 : 1) : key(a) < key(b) ? -1 : 1));
    expect(posts.map((post) => post.id)).toEqual((descending ? expected.reverse() : expected).map((post) => post.id));
    // each page size gives the same walk
    expect((await allPages(team, { sort }, 1)).map((post) => post.id)).toEqual(posts.map((post) => post.id));
  });

  test('without sort the list is by publish time, oldest first, as before', async () => {
    const posts = await allPages(team, {}, 3);
    expect(posts.map((post) => post.id)).toEqual((await allPages(team, { sort: 'publishAt' }, 3)).map((post) => post.id));
  });

  test('bad values are a 400 naming the parameter', async () => {
    expectValidationOf(await team.get('/api/v1/posts?sort=content'), 'query.sort');
    expectValidationOf(await team.get('/api/v1/posts?q=%20%20'), 'query.q');
    expectValidationOf(await team.get(`/api/v1/posts?q=${'x'.repeat(201)}`), 'query.q');
    const byCreation = await team.get('/api/v1/posts?sort=createdAt&limit=1');
    expectValidationOf(await team.get(`/api/v1/posts?sort=publishAt&cursor=${byCreation.body.nextCursor}`), 'query.cursor');
  });
});

describe('labels', () => {
  test('are created, listed by name, renamed and recoloured; another team sees none of them', async () => {
    const created = await alice.post('/api/v1/labels', { name: '  Spring launch ', colour: '#A1B2C3' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'Spring launch', colour: '#a1b2c3', createdAt: expect.any(String) });
    expect(created.headers.get('location')).toBe(`/api/v1/labels/${created.body.id}`);
    const other = await label(alice, 'Autumn');
    const listed = await alice.get('/api/v1/labels');
    expect(listed.body.data.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([other.id, created.body.id]));
    const names = listed.body.data.map((item: { name: string }) => item.name);
    expect(names.indexOf('Autumn')).toBeLessThan(names.indexOf('Spring launch'));

    const renamed = await alice.patch(`/api/v1/labels/${created.body.id}`, { name: 'Spring LAUNCH', colour: '#000000' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Spring LAUNCH', colour: '#000000' });

    expect((await mallory.get('/api/v1/labels')).body.data).toEqual([]);
    expect((await mallory.patch(`/api/v1/labels/${created.body.id}`, { name: 'Mine' })).status).toBe(404);
    expect((await mallory.delete(`/api/v1/labels/${created.body.id}`)).status).toBe(404);
    // the same name in another team is another label
    expect((await mallory.post('/api/v1/labels', { name: 'Spring launch', colour: '#ffffff' })).status).toBe(201);
  });

  test('a name the team has, ignoring case, is a 409; bad input a 400 naming the field', async () => {
    const taken = await label(alice, 'Newsletter');
    const again = await alice.post('/api/v1/labels', { name: 'NEWSLETTER', colour: '#123456' });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('https://planrrr.dev/problems/label-name-taken');
    const other = await label(alice, 'Podcast');
    expect((await alice.patch(`/api/v1/labels/${other.id}`, { name: 'newsletter' })).status).toBe(409);
    expect((await alice.patch(`/api/v1/labels/${taken.id}`, { name: 'newsLETTER' })).status).toBe(200);

    expectValidationOf(await alice.post('/api/v1/labels', { name: 'Red', colour: 'red' }), 'body.colour');
    expectValidationOf(await alice.post('/api/v1/labels', { name: 'Short', colour: '#fff' }), 'body.colour');
    expectValidationOf(await alice.post('/api/v1/labels', { name: ' ', colour: '#ffffff' }), 'body.name');
    expectValidationOf(await alice.post('/api/v1/labels', { name: 'x'.repeat(41), colour: '#ffffff' }), 'body.name');
    expectValidationOf(await alice.patch(`/api/v1/labels/${taken.id}`, {}), 'body');
  });

  test('are put on posts at creation and replaced on any post, shown on every view, and filter the list', async () => {
    const [campaign, evergreen] = [await label(alice, 'Campaign'), await label(alice, 'Evergreen', '#00ff00')];
    const labelled = await draft('Labelled at creation', { labelIds: [evergreen.id, campaign.id] });
    expect(labelled.labels).toEqual([
      { id: campaign.id, name: 'Campaign', colour: '#336699' },
      { id: evergreen.id, name: 'Evergreen', colour: '#00ff00' },
    ]);
    expect((await alice.get(`/api/v1/posts/${labelled.id}`)).body.labels).toEqual(labelled.labels);

    // a scheduled post takes labels too, without any change to its schedule
    const scheduled = await alice.post('/api/v1/posts', {
      content: 'Scheduled',
      publishAt: '2030-02-01T09:00:00Z',
      connectionIds: [demoId],
    });
    expect(scheduled.status).toBe(201);
    const before = (await alice.get(`/api/v1/posts/${scheduled.body.id}`)).body;
    const set = await alice.request('PUT', `/api/v1/posts/${scheduled.body.id}/labels`, { labelIds: [campaign.id] });
    expect(set.status).toBe(200);
    // the live workflow state is on reads only
    const { labels, workflow: _workflow, ...unchanged } = before;
    expect(labels).toEqual([]);
    expect(set.body).toMatchObject({ ...unchanged, labels: [{ id: campaign.id }] });

    const byLabel = await alice.get(`/api/v1/posts?labelId=${campaign.id}`);
    expect(byLabel.body.data.map((post: { id: string }) => post.id).sort()).toEqual([labelled.id, scheduled.body.id].sort());
    const listedPost = byLabel.body.data.find((post: { id: string }) => post.id === labelled.id);
    expect(listedPost.labels).toEqual(labelled.labels);
    const combined = await alice.get(`/api/v1/posts?labelId=${campaign.id}&status=DRAFT&q=creation`);
    expect(combined.body.data.map((post: { id: string }) => post.id)).toEqual([labelled.id]);

    const cleared = await alice.request('PUT', `/api/v1/posts/${labelled.id}/labels`, { labelIds: [] });
    expect(cleared.body.labels).toEqual([]);
  });

  test('unknown or other-team label ids are a 400 naming the field', async () => {
    const mallorys = await label(mallory, 'Not yours');
    const created = await alice.post('/api/v1/posts', {
      content: 'x',
      publishAt: '2030-01-01T09:00:00Z',
      connectionIds: [demoId],
      draft: true,
      labelIds: [mallorys.id],
    });
    expectValidationOf(created, 'body.labelIds.0');
    const post = await draft('Labels checked');
    const own = await label(alice, 'Own');
    expectValidationOf(
      await alice.request('PUT', `/api/v1/posts/${post.id}/labels`, { labelIds: [own.id, 'no-such-label'] }),
      'body.labelIds.1',
    );
    expectValidationOf(await alice.request('PUT', `/api/v1/posts/${post.id}/labels`, { labelIds: [own.id, own.id] }), 'body.labelIds');
    expect((await mallory.request('PUT', `/api/v1/posts/${post.id}/labels`, { labelIds: [] })).status).toBe(404);
    expect((await mallory.get(`/api/v1/posts?labelId=${own.id}`)).body.data).toEqual([]);
  });

  test('deleting a label takes it off every post', async () => {
    const doomed = await label(alice, 'Doomed');
    const post = await draft('Soon unlabelled', { labelIds: [doomed.id] });
    expect((await alice.delete(`/api/v1/labels/${doomed.id}`)).status).toBe(204);
    expect((await alice.get(`/api/v1/posts/${post.id}`)).body.labels).toEqual([]);
    expect((await alice.get(`/api/v1/posts?labelId=${doomed.id}`)).body.data).toEqual([]);
    expect((await alice.delete(`/api/v1/labels/${doomed.id}`)).status).toBe(404);
  });
});

describe('duplicate', () => {
  test('copies a scheduled post into a new draft: text, per-account texts, media, labels, time; nothing scheduled', async () => {
    const second = (await alice.post('/api/v1/connections', { platform: 'demo' })).body.id;
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(PNG)]), 'dot.png');
    const media = await alice.request('POST', '/api/v1/media', form);
    expect(media.status).toBe(201);
    const tag = await label(alice, 'Copied along');
    const source = await alice.post('/api/v1/posts', {
      content: 'Worth saying twice',
      publishAt: '2030-03-01T09:00:00+01:00',
      timeZone: 'Europe/Paris',
      connectionIds: [demoId, second],
      overrides: [{ connectionId: second, content: 'Said differently here' }],
      media: [media.body.id],
      labelIds: [tag.id],
    });
    expect(source.status).toBe(201);

    const copy = await alice.post(`/api/v1/posts/${source.body.id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.headers.get('location')).toBe(`/api/v1/posts/${copy.body.id}`);
    expect(copy.body.id).not.toBe(source.body.id);
    expect(copy.body).toMatchObject({
      status: 'DRAFT',
      content: 'Worth saying twice',
      publishAt: source.body.publishAt,
      timeZone: 'Europe/Paris',
      media: [{ id: media.body.id }],
      labels: [{ id: tag.id, name: 'Copied along' }],
    });
    const texts = (post: { targets: Array<{ connectionId: string; content: string | null; status: string }> }) =>
      post.targets.map(({ connectionId, content, status }) => ({ connectionId, content, status }));
    expect(texts(copy.body)).toEqual(texts(source.body));
    // a draft has no workflow; the source is untouched
    expect((await alice.get(`/api/v1/posts/${copy.body.id}`)).body.workflow).toBeNull();
    expect((await alice.get(`/api/v1/posts/${source.body.id}`)).body).toMatchObject({ status: 'SCHEDULED', content: 'Worth saying twice' });
    // the copy is a draft like any other: it schedules
    const scheduled = await alice.post(`/api/v1/posts/${copy.body.id}/schedule`, { publishAt: inSeconds(86_400) });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.status).toBe('SCHEDULED');
  });

  test("leaves out accounts that need reconnecting, all of them if need be; another team's post is a 404", async () => {
    const stale = (await alice.post('/api/v1/connections', { platform: 'demo' })).body.id;
    const source = await draft('Two accounts, one usable', { connectionIds: [demoId, stale] });
    const onlyStale = await draft('Only the stale account', { connectionIds: [stale] });
    await db.connection.update({ where: { id: stale }, data: { status: 'NEEDS_RECONNECT' } });
    const copy = await alice.post(`/api/v1/posts/${source.id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body.targets.map((target: { connectionId: string }) => target.connectionId)).toEqual([demoId]);

    // a draft may be an idea without accounts
    const unaccounted = await alice.post(`/api/v1/posts/${onlyStale.id}/duplicate`);
    expect(unaccounted.status).toBe(201);
    expect(unaccounted.body).toMatchObject({ status: 'DRAFT', content: 'Only the stale account', targets: [] });

    const foreign = await mallory.post(`/api/v1/posts/${source.id}/duplicate`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.type).toBe('https://planrrr.dev/problems/not-found');
    expect((await alice.post('/api/v1/posts/no-such-post/duplicate')).status).toBe(404);
  });

  test('needs posts:write', async () => {
    const source = await draft('Read, not copied');
    const reader = await aliceSession.post('/api/v1/tokens', { name: 'reader', scopes: ['posts:read'] });
    const readOnly = new ApiClient(server.url, reader.body.token);
    expect((await readOnly.get(`/api/v1/posts/${source.id}`)).status).toBe(200);
    expect((await readOnly.post(`/api/v1/posts/${source.id}/duplicate`)).status).toBe(403);
    expect((await readOnly.post('/api/v1/labels', { name: 'Nope', colour: '#ffffff' })).status).toBe(403);
    expect((await readOnly.get('/api/v1/labels')).status).toBe(200);
  });
});
