// Labels in the audit log, and labels or posts deleted while a request writes them. The
// races are made deterministic with PostgreSQL's own locks: a transaction deletes the row
// and stays open, the request reads the row as it still was and then waits on the foreign
// key's lock for that row, and the transaction commits under it. No worker: nothing publishes.
import pg from 'pg';
import type { RunningServer } from '../../api/server';
import { ApiClient, signUpWithToken, startApi, testEnv, waitFor, type ApiResponse } from '../support/harness';

jest.setTimeout(60_000);

const env = testEnv();
let server: RunningServer;
let api: ApiClient;
let session: ApiClient;
let demoId: string;
let deleter: pg.Client;
/** outside the deleter's transaction, which would see pg_stat_activity as it was when first read */
let watcher: pg.Client;

beforeAll(async () => {
  server = await startApi(env);
  ({ api, session } = await signUpWithToken(server.url, 'Lena'));
  demoId = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
  deleter = new pg.Client({ connectionString: env.config.DATABASE_URL });
  watcher = new pg.Client({ connectionString: env.config.DATABASE_URL });
  await Promise.all([deleter.connect(), watcher.connect()]);
});

afterAll(async () => {
  await Promise.allSettled([deleter?.end(), watcher?.end()]);
  await server?.close();
});

async function label(name: string): Promise<string> {
  const response = await api.post('/api/v1/labels', { name, colour: '#336699' });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function draft(content: string, labelIds: string[] = []): Promise<string> {
  const response = await api.post('/api/v1/posts', {
    content,
    publishAt: '2030-01-01T09:00:00Z',
    connectionIds: [demoId],
    draft: true,
    labelIds,
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

/**
 * Runs `request` while `deleteRow` is done by a transaction that stays open until the
 * request waits for its lock on a PostLabel insert, then commits: the request found the
 * row before the commit and its write meets the row's absence.
 */
async function deletedUnder(deleteRow: { sql: string; id: string }, request: () => Promise<ApiResponse>): Promise<ApiResponse> {
  await deleter.query('BEGIN');
  try {
    await deleter.query(deleteRow.sql, [deleteRow.id]);
    const answer = request();
    await waitFor(
      async () =>
        (
          await watcher.query(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%"PostLabel"%'`,
          )
        ).rows[0].waiting as number,
      (waiting) => waiting > 0,
      20_000,
      20,
    );
    await deleter.query('COMMIT');
    return await answer;
  } catch (error) {
    await deleter.query('ROLLBACK');
    throw error;
  }
}

function expectProblem(response: ApiResponse, status: number, slug: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body.type).toBe(`https://planrrr.dev/problems/${slug}`);
}

test('creating, renaming, recolouring and deleting labels, and setting a post’s labels, are in the audit log', async () => {
  const id = await label('Launch');
  expect((await api.patch(`/api/v1/labels/${id}`, { name: 'Big launch', colour: '#AA0000' })).status).toBe(200);
  const post = await draft('Labelled for the log');
  expect((await api.request('PUT', `/api/v1/posts/${post}/labels`, { labelIds: [id] })).status).toBe(200);
  expect((await api.delete(`/api/v1/labels/${id}`)).status).toBe(204);

  const log = (await session.get('/api/v1/audit-log?limit=20')).body.data as Array<{
    action: string;
    entityId: string;
    details: unknown;
    actorVia: string;
  }>;
  const about = (entityId: string) =>
    log.filter((entry) => entry.entityId === entityId).map(({ action, details, actorVia }) => ({ action, details, actorVia }));
  // newest first
  expect(about(id)).toEqual([
    { action: 'label.deleted', details: { name: 'Big launch' }, actorVia: 'token' },
    {
      action: 'label.edited',
      details: { from: { name: 'Launch', colour: '#336699' }, to: { name: 'Big launch', colour: '#aa0000' } },
      actorVia: 'token',
    },
    { action: 'label.created', details: { name: 'Launch', colour: '#336699' }, actorVia: 'token' },
  ]);
  expect(about(post)[0]).toEqual({ action: 'post.labels_set', details: { labelIds: [id] }, actorVia: 'token' });
});

test('a label deleted while PUT /posts/{id}/labels writes answers 409 label-deleted, and the post keeps its labels', async () => {
  const kept = await label('Kept');
  const doomed = await label('Deleted meanwhile');
  const post = await draft('Labels in a race', [kept]);

  const answer = await deletedUnder({ sql: 'DELETE FROM "Label" WHERE id = $1', id: doomed }, () =>
    api.request('PUT', `/api/v1/posts/${post}/labels`, { labelIds: [kept, doomed] }),
  );
  expectProblem(answer, 409, 'label-deleted');
  expect((await api.get(`/api/v1/posts/${post}`)).body.labels.map((each: { id: string }) => each.id)).toEqual([kept]);
  // asked again, the deleted label is simply unknown
  const again = await api.request('PUT', `/api/v1/posts/${post}/labels`, { labelIds: [kept, doomed] });
  expect(again.status).toBe(400);
  expect(again.body.errors).toEqual([{ field: 'body.labelIds.1', message: `no label with id ${doomed} in this team` }]);
});

test('a post deleted while PUT /posts/{id}/labels writes answers 404', async () => {
  const tag = await label('On a vanishing post');
  const post = await draft('Deleted while labelled');

  const answer = await deletedUnder({ sql: 'DELETE FROM "Post" WHERE id = $1', id: post }, () =>
    api.request('PUT', `/api/v1/posts/${post}/labels`, { labelIds: [tag] }),
  );
  expectProblem(answer, 404, 'not-found');
});

test('a label deleted while POST /posts/{id}/duplicate copies the post answers 409 post-changed; duplicating again works', async () => {
  const doomed = await label('Gone during the copy');
  const source = await draft('Copied in a race', [doomed]);

  const answer = await deletedUnder({ sql: 'DELETE FROM "Label" WHERE id = $1', id: doomed }, () =>
    api.post(`/api/v1/posts/${source}/duplicate`),
  );
  expectProblem(answer, 409, 'post-changed');
  const copies = (await api.get('/api/v1/posts?q=Copied%20in%20a%20race')).body.data;
  expect(copies.map((post: { id: string }) => post.id)).toEqual([source]);

  const copy = await api.post(`/api/v1/posts/${source}/duplicate`);
  expect(copy.status).toBe(201);
  expect(copy.body.labels).toEqual([]);
});
