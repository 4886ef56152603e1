// Planning a team's posts over the API: search, filters and every sort of the posts list
// with cursor paging. Its posts are drafts: no workflow runs.
import type { RunningServer } from '../../api/server';
import { createDb, type Db } from '../../lib/db';
import { ApiClient, signUpWithToken, startApi, testEnv } from '../support/harness';

jest.setTimeout(60_000);

const env = testEnv();
let server: RunningServer;
let mallory: ApiClient;
let db: Db;

beforeAll(async () => {
  server = await startApi(env);
  db = createDb(env.config.DATABASE_URL);
  ({ api: mallory } = await signUpWithToken(server.url, 'Mallory'));
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

/** Every page of the list for `query`, walked with nextCursor. */
async function allPages(
  api: ApiClient,
  query: Record<string, string>,
  limit = 2,
): Promise<Array<{ id: string; publishAt: string; createdAt: string }>> {
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
    const make = async (name: string, content: string, days: number, extra: Record<string, unknown> = {}) => {
      const response = await team.post('/api/v1/posts', {
        content,
        publishAt: new Date(Date.UTC(2030, 0, 1 + days, 9)).toISOString(),
        connectionIds: [teamConnection],
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
    const expected = [...posts].sort((a, b) => (a[field] === b[field] ? (a.id < b.id ? -1 : 1) : a[field] < b[field] ? -1 : 1));
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
