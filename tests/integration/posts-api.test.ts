// The posts API's contract: problem+json for every client mistake, team isolation,
// idempotent creation, cursor pagination. No worker polls this file's task queue: its
// posts are due far ahead and simply never run.
import { randomUUID } from 'node:crypto';
import type { RunningServer } from '../../api/server';
import { createDb, type Db } from '../../lib/db';
import { storeOAuthConnection } from '../support/connections';
import { ApiClient, inSeconds, signUpWithToken, startApi, testEnv } from '../support/harness';

jest.setTimeout(60_000);

const env = testEnv();
let server: RunningServer;
let alice: ApiClient;
let mallory: ApiClient;
let demoId: string;
let db: Db;

beforeAll(async () => {
  server = await startApi(env);
  db = createDb(env.config.DATABASE_URL);
  [{ api: alice }, { api: mallory }] = await Promise.all([signUpWithToken(server.url, 'Alice'), signUpWithToken(server.url, 'Mallory')]);
  demoId = (await alice.post('/api/v1/connections', { platform: 'demo' })).body.id;
});

afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
});

function expectProblem(response: { status: number; headers: Headers; body: any }, status: number, slug: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ type: `https://planrrr.dev/problems/${slug}`, status });
  expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack traces
}

test('requests without credentials, or with a wrong token, get 401', async () => {
  expectProblem(await new ApiClient(server.url).get('/api/v1/posts'), 401, 'unauthenticated');
  expectProblem(await new ApiClient(server.url, 'planrrr_not-a-token').get('/api/v1/posts'), 401, 'unauthenticated');
});

test('invalid input is a 400 naming each field', async () => {
  const response = await alice.post('/api/v1/posts', { content: '', publishAt: 'tomorrow', connectionIds: [] });
  expectProblem(response, 400, 'validation-failed');
  const fields = response.body.errors.map((error: { field: string }) => error.field);
  expect(fields).toEqual(expect.arrayContaining(['body.content', 'body.publishAt', 'body.connectionIds']));
});

test('a publish time in the past, or without an offset, is refused', async () => {
  const past = await alice.post('/api/v1/posts', { content: 'x', publishAt: '2020-01-01T00:00:00Z', connectionIds: [demoId] });
  expectProblem(past, 400, 'validation-failed');
  expect(past.body.errors).toEqual([{ field: 'body.publishAt', message: 'That time has passed: choose one still to come' }]);
  const naive = await alice.post('/api/v1/posts', { content: 'x', publishAt: '2030-01-01T09:00:00', connectionIds: [demoId] });
  expect(naive.body.errors[0].field).toBe('body.publishAt');
});

test('a post keeps the time zone its time was chosen in; an unknown zone is a 400 naming it', async () => {
  const publishAt = '2030-03-31T09:00:00+02:00'; // 9:00 in Paris, the day after clocks go forward
  const created = await alice.post('/api/v1/posts', { content: 'Bonjour', publishAt, timeZone: 'Europe/Paris', connectionIds: [demoId] });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ publishAt: '2030-03-31T07:00:00.000Z', timeZone: 'Europe/Paris' });
  expect((await alice.get(`/api/v1/posts/${created.body.id}`)).body.timeZone).toBe('Europe/Paris');
  const without = await alice.post('/api/v1/posts', { content: 'No zone given', publishAt, connectionIds: [demoId] });
  expect(without.body.timeZone).toBeNull();

  const unknown = await alice.post('/api/v1/posts', { content: 'x', publishAt, timeZone: 'Mars/Olympus_Mons', connectionIds: [demoId] });
  expectProblem(unknown, 400, 'validation-failed');
  expect(unknown.body.errors).toEqual([{ field: 'body.timeZone', message: 'must be an IANA time zone, e.g. Europe/Berlin' }]);

  // a draft moved to a time chosen in another zone, then scheduled from a third
  const draft = await alice.post('/api/v1/posts', {
    content: 'Draft',
    publishAt,
    timeZone: 'Europe/Paris',
    connectionIds: [demoId],
    draft: true,
  });
  const moved = await alice.post(`/api/v1/posts/${draft.body.id}/reschedule`, {
    publishAt: '2030-04-01T09:00:00+09:00',
    timeZone: 'Asia/Tokyo',
  });
  expect(moved.status).toBe(200);
  expect(moved.body).toMatchObject({ publishAt: '2030-04-01T00:00:00.000Z', timeZone: 'Asia/Tokyo' });
  const scheduled = await alice.post(`/api/v1/posts/${draft.body.id}/schedule`, {
    publishAt: '2030-04-01T09:00:00-04:00',
    timeZone: 'America/New_York',
  });
  expect(scheduled.status).toBe(200);
  expect(scheduled.body).toMatchObject({ status: 'SCHEDULED', publishAt: '2030-04-01T13:00:00.000Z', timeZone: 'America/New_York' });
});

test('malformed JSON is a 400 problem, not a 500', async () => {
  const response = await alice.request('POST', '/api/v1/posts', '{"content": "oops",', { 'content-type': 'application/json' });
  expectProblem(response, 400, 'invalid-json');
});

test("another team's connection cannot be targeted, and another team's post is 404", async () => {
  const foreignTarget = await mallory.post('/api/v1/posts', { content: 'x', publishAt: inSeconds(3600), connectionIds: [demoId] });
  expectProblem(foreignTarget, 422, 'unknown-connection');

  const post = await alice.post('/api/v1/posts', { content: 'Private plans', publishAt: inSeconds(3600), connectionIds: [demoId] });
  expect(post.status).toBe(201);
  expectProblem(await mallory.get(`/api/v1/posts/${post.body.id}`), 404, 'not-found');
  expectProblem(await mallory.patch(`/api/v1/posts/${post.body.id}`, { content: 'hijacked' }), 404, 'not-found');
  expectProblem(await mallory.post(`/api/v1/posts/${post.body.id}/cancel`), 404, 'not-found');
  expect((await mallory.get('/api/v1/posts')).body.data).toEqual([]);
  expect((await alice.get(`/api/v1/posts/${post.body.id}`)).body.content).toBe('Private plans');
});

test('Idempotency-Key makes a retried create return the same post instead of a second one', async () => {
  const body = { content: 'Exactly one', publishAt: inSeconds(3600), connectionIds: [demoId] };
  const headers = { 'Idempotency-Key': 'create-exactly-one' };
  const [first, second] = await Promise.all([alice.post('/api/v1/posts', body, headers), alice.post('/api/v1/posts', body, headers)]);
  expect([first.status, second.status].sort()).toEqual([200, 201]);
  expect(first.body.id).toBe(second.body.id);
  const listed = (await alice.get('/api/v1/posts?limit=200')).body.data.filter((p: { content: string }) => p.content === 'Exactly one');
  expect(listed).toHaveLength(1);
});

test('the list filters by status and time range and pages with a cursor', async () => {
  const base = Date.now() + 10 * 24 * 3600 * 1000;
  const ids: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    const created = await alice.post('/api/v1/posts', {
      content: `Calendar ${i}`,
      publishAt: new Date(base + i * 60_000).toISOString(),
      connectionIds: [demoId],
    });
    ids.push(created.body.id);
  }
  const range = `from=${encodeURIComponent(new Date(base).toISOString())}&to=${encodeURIComponent(new Date(base + 5 * 60_000).toISOString())}`;
  const page1 = await alice.get(`/api/v1/posts?status=SCHEDULED&${range}&limit=3`);
  expect(page1.body.data.map((p: { id: string }) => p.id)).toEqual(ids.slice(0, 3));
  const page2 = await alice.get(`/api/v1/posts?status=SCHEDULED&${range}&limit=3&cursor=${page1.body.nextCursor}`);
  expect(page2.body.data.map((p: { id: string }) => p.id)).toEqual(ids.slice(3));
  expect(page2.body.nextCursor).toBeNull();
  expectProblem(await alice.get('/api/v1/posts?cursor=garbage'), 400, 'validation-failed');
  expectProblem(await alice.get('/api/v1/posts?status=LOST'), 400, 'validation-failed');
  const yearZero = await alice.get(`/api/v1/posts?from=${encodeURIComponent('0001-01-01T00:30:00+01:00')}`);
  expectProblem(yearZero, 400, 'validation-failed');
  expect(yearZero.body.errors).toEqual([{ field: 'query.from', message: 'must be in the year 1 or later' }]);
});

test('a listed post reads exactly like the post itself: override, media and attempts included', async () => {
  const { teamId } = await db.connection.findUniqueOrThrow({ where: { id: demoId }, select: { teamId: true } });
  const { userId } = await db.membership.findFirstOrThrow({ where: { teamId }, select: { userId: true } });
  const media = await Promise.all(
    ['first.png', 'second.png'].map((fileName, index) =>
      db.media.create({
        data: {
          teamId,
          uploaderId: userId,
          kind: 'IMAGE',
          mimeType: 'image/png',
          sizeBytes: 100 + index,
          fileName,
          altText: index ? null : 'A cat',
          storageKey: randomUUID(),
        },
      }),
    ),
  );
  const publishAt = new Date(Date.now() + 40 * 24 * 3600 * 1000).toISOString();
  const created = await alice.post('/api/v1/posts', {
    content: 'Listed like itself',
    publishAt,
    timeZone: 'Europe/Berlin',
    connectionIds: [demoId],
    overrides: [{ connectionId: demoId, content: 'Listed, demo text' }],
    media: [media[1]!.id, media[0]!.id],
  });
  expect(created.status).toBe(201);
  // an attempt as the publish activity records it
  const target = await db.postTarget.findFirstOrThrow({ where: { postId: created.body.id }, select: { id: true } });
  await db.postTarget.update({
    where: { id: target.id },
    data: {
      attempts: 1,
      lastError: 'Demo did not answer in time',
      attemptLog: {
        create: { attempt: 1, outcome: 'failed', errorKind: 'TIMEOUT', error: 'Demo did not answer in time', retryable: true },
      },
    },
  });

  const single = await alice.get(`/api/v1/posts/${created.body.id}`);
  const listed = await alice.get(`/api/v1/posts?from=${encodeURIComponent(publishAt)}&limit=1`);
  const { workflow: _live, ...stored } = single.body;
  expect(listed.body.data).toEqual([stored]);
  expect(stored.media.map((item: { fileName: string }) => item.fileName)).toEqual(['second.png', 'first.png']);
  expect(stored.targets[0]).toMatchObject({
    content: 'Listed, demo text',
    attempts: 1,
    attemptLog: [expect.objectContaining({ outcome: 'failed', errorKind: 'TIMEOUT', retryable: true })],
  });
});

test('a new post answers what reading it answers: targets, per-account texts, media, a thread with media, labels', async () => {
  const { teamId } = await db.connection.findUniqueOrThrow({ where: { id: demoId }, select: { teamId: true } });
  const { userId } = await db.membership.findFirstOrThrow({ where: { teamId }, select: { userId: true } });
  const [brandId, founderId] = await Promise.all(
    ['@brand', '@founder'].map((handle) =>
      storeOAuthConnection(db, env, {
        teamId,
        platform: 'X',
        handle,
        credentials: { accessToken: `x-token-${handle}`, refreshToken: 'x-refresh', expiresAt: inSeconds(7200) },
      }),
    ),
  );
  const [cover, chart] = await Promise.all(
    ['cover.png', 'chart.png'].map((fileName) =>
      db.media.create({
        data: { teamId, uploaderId: userId, kind: 'IMAGE', mimeType: 'image/png', sizeBytes: 100, fileName, storageKey: randomUUID() },
      }),
    ),
  );
  const label = (await alice.post('/api/v1/labels', { name: 'Launch', colour: '#1e90ff' })).body;
  const created = await alice.post('/api/v1/posts', {
    content: 'A new post reads like itself 1/2',
    publishAt: inSeconds(50 * 24 * 3600),
    connectionIds: [founderId, brandId],
    overrides: [{ connectionId: founderId, content: 'The founder says 1/2' }],
    media: [cover!.id],
    thread: [{ content: 'And its second part 2/2', media: [chart!.id] }],
    labelIds: [label.id],
  });
  expect(created.status).toBe(201);

  const { workflow: _created, ...answered } = created.body;
  const { workflow: _read, ...read } = (await alice.get(`/api/v1/posts/${created.body.id}`)).body;
  expect(answered).toEqual(read);
  expect(read).toMatchObject({
    media: [{ id: cover!.id }],
    thread: [{ content: 'And its second part 2/2', media: [{ id: chart!.id }] }],
    labels: [{ id: label.id, name: 'Launch' }],
  });
  expect(read.targets).toHaveLength(2);
  expect(read.targets.find((target: { connectionId: string }) => target.connectionId === founderId).content).toBe('The founder says 1/2');
});

test('unknown API routes answer a 404 problem', async () => {
  expectProblem(await alice.get('/api/v1/nothing-here'), 404, 'not-found');
});
