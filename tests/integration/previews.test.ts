// Client preview links through the API: a team makes a link to posts (a list, or a range of
// the calendar resolved when opened), a client opens it without any credentials and sees
// only those posts of that team, and an expired or revoked link answers 410. No worker:
// the posts are drafts, which nothing publishes.
import type { RunningServer } from '../../api/server';
import { createDb } from '../../lib/db';
import { PNG, uploadMedia } from '../support/media-fixtures';
import { ApiClient, signUpWithToken, startApi, testEnv } from '../support/harness';

jest.setTimeout(60_000);

const env = testEnv();
const db = createDb(env.config.DATABASE_URL);
let server: RunningServer;
/** a client: no session, no token */
let client: ApiClient;
let alice: ApiClient;
let mallory: ApiClient;
let clientA: string;
let clientB: string;

beforeAll(async () => {
  server = await startApi(env);
  client = new ApiClient(server.url);
  [{ api: alice }, { api: mallory }] = await Promise.all([signUpWithToken(server.url, 'Alice'), signUpWithToken(server.url, 'Mallory')]);
  clientA = (await alice.post('/api/v1/connections', { platform: 'demo', name: 'Client A' })).body.id;
  clientB = (await alice.post('/api/v1/connections', { platform: 'demo', name: 'Client B' })).body.id;
});

afterAll(async () => {
  await Promise.allSettled([server?.close(), db.$disconnect()]);
});

async function draft(api: ApiClient, content: string, publishAt: string, connectionIds: string[], extra: Record<string, unknown> = {}) {
  const response = await api.post('/api/v1/posts', { content, publishAt, connectionIds, draft: true, ...extra });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

/** The token in a link's URL (`/preview/<token>`). */
function tokenOf(url: string): string {
  return new URL(url).pathname.split('/').pop()!;
}

test('a link to two posts shows them, in its order, to a client without credentials, and nothing else of the team', async () => {
  const image = await uploadMedia(alice, PNG, 'launch.png', 'image/png', 'The launch poster');
  const first = await draft(alice, 'Launch day!', '2031-03-02T09:00:00Z', [clientA, clientB], {
    overrides: [{ connectionId: clientB, content: 'Launch day, B edition' }],
    media: [image],
  });
  const second = await draft(alice, 'Thank you all', '2031-03-01T09:00:00Z', [clientA]);
  const label = await alice.post('/api/v1/labels', { name: 'internal-only-label', colour: '#123456' });
  await alice.request('PUT', `/api/v1/posts/${first}/labels`, { labelIds: [label.body.id] });

  const created = await alice.post('/api/v1/previews', { label: 'March for ACME', postIds: [first, second] });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    label: 'March for ACME',
    postIds: [first, second],
    range: null,
    status: 'ACTIVE',
    allowApprove: false,
    allowComment: false,
    timeZone: 'UTC',
    url: expect.stringMatching(/\/preview\/[\w-]{40,}$/),
  });
  // fourteen days by default
  expect(Date.parse(created.body.expiresAt) - Date.now()).toBeGreaterThan(13.9 * 24 * 3600_000);
  expect(Date.parse(created.body.expiresAt) - Date.now()).toBeLessThan(14.1 * 24 * 3600_000);

  const listed = await alice.get('/api/v1/previews');
  expect(listed.body.data[0]).toMatchObject({ id: created.body.id, status: 'ACTIVE' });
  expect(JSON.stringify(listed.body)).not.toContain(tokenOf(created.body.url));

  const opened = await client.get(`/api/v1/client-previews/${tokenOf(created.body.url)}`);
  expect(opened.status).toBe(200);
  expect(opened.headers.get('x-robots-tag')).toContain('noindex');
  expect(opened.headers.get('cache-control')).toBe('no-store');
  expect(opened.body).toMatchObject({ label: 'March for ACME', teamName: expect.any(String), range: null });
  expect(opened.body.posts.map((post: { id: string }) => post.id)).toEqual([first, second]);
  const [launch] = opened.body.posts;
  expect(launch).toMatchObject({ status: 'DRAFT', publishAt: '2031-03-02T09:00:00.000Z', content: 'Launch day!' });
  // each account with the text it publishes, in the order of their ids
  const accounts: Record<string, unknown> = {
    [clientA]: expect.objectContaining({ platform: 'DEMO', displayName: 'Client A', content: 'Launch day!' }),
    [clientB]: expect.objectContaining({ platform: 'DEMO', displayName: 'Client B', content: 'Launch day, B edition' }),
  };
  expect(launch.accounts).toEqual([clientA, clientB].sort().map((id) => accounts[id]));
  expect(launch.media).toEqual([
    expect.objectContaining({ kind: 'IMAGE', altText: 'The launch poster', url: expect.stringMatching(/^\/media\//) }),
  ]);
  // the media's signed URL works without a session
  const bytes = await fetch(`${server.url}${launch.media[0].url}`);
  expect(bytes.status).toBe(200);
  expect(Buffer.from(await bytes.arrayBuffer()).equals(PNG)).toBe(true);
  // no ids of the team, its accounts, labels, or the posts' history
  const text = JSON.stringify(opened.body);
  for (const leaked of ['internal-only-label', clientA, clientB, 'teamId', 'attemptLog', 'lastError', 'workflow'])
    expect(text).not.toContain(leaked);
});

test("a link cannot name another team's post, and a range shows only the team's own posts", async () => {
  const theirs = await draft(mallory, "Mallory's secret plan", '2031-04-06T10:00:00Z', []);
  const refused = await alice.post('/api/v1/previews', { label: 'sneaky', postIds: [theirs] });
  expect(refused.status).toBe(400);
  expect(refused.body.errors).toEqual([{ field: 'body.postIds.0', message: `no post with id ${theirs} in this team` }]);

  const ours = await draft(alice, 'Our April post', '2031-04-06T11:00:00Z', [clientA]);
  const week = await alice.post('/api/v1/previews', {
    label: 'Week 14',
    range: { from: '2031-04-06T00:00:00Z', to: '2031-04-13T00:00:00Z' },
  });
  expect(week.status).toBe(201);
  const opened = await client.get(`/api/v1/client-previews/${tokenOf(week.body.url)}`);
  expect(opened.body.posts.map((post: { id: string }) => post.id)).toEqual([ours]);
  expect(JSON.stringify(opened.body)).not.toContain('Mallory');

  // and Mallory cannot revoke Alice's link
  expect((await mallory.delete(`/api/v1/previews/${week.body.id}`)).status).toBe(404);
  expect((await mallory.get('/api/v1/previews')).body.data).toEqual([]);
});

test('a range is resolved when the link is opened, filtered to its accounts', async () => {
  const range = { from: '2031-05-04T00:00:00+02:00', to: '2031-05-11T00:00:00+02:00', connectionIds: [clientA] };
  const created = await alice.post('/api/v1/previews', { label: 'Client A, week 19', range, timeZone: 'Europe/Berlin' });
  expect(created.status).toBe(201);
  expect(created.body.range).toEqual({ from: '2031-05-03T22:00:00.000Z', to: '2031-05-10T22:00:00.000Z', connectionIds: [clientA] });
  const token = tokenOf(created.body.url);
  expect((await client.get(`/api/v1/client-previews/${token}`)).body.posts).toEqual([]);

  // planned after the link was made: it shows, on Client A only
  const both = await draft(alice, 'For A and B', '2031-05-05T09:00:00Z', [clientA, clientB]);
  await draft(alice, 'For B only', '2031-05-05T10:00:00Z', [clientB]);
  await draft(alice, 'For A, a week later', '2031-05-12T09:00:00Z', [clientA]);
  const opened = await client.get(`/api/v1/client-previews/${token}`);
  expect(opened.body).toMatchObject({
    timeZone: 'Europe/Berlin',
    range: { from: '2031-05-03T22:00:00.000Z', to: '2031-05-10T22:00:00.000Z' },
  });
  expect(opened.body.posts).toHaveLength(1);
  expect(opened.body.posts[0]).toMatchObject({ id: both, accounts: [expect.objectContaining({ displayName: 'Client A' })] });
  expect(opened.body.posts[0].accounts).toHaveLength(1);
});

test('a revoked link answers 410 from then on; revoking it again changes nothing', async () => {
  const post = await draft(alice, 'Soon revoked', '2031-06-01T09:00:00Z', [clientA]);
  const created = await alice.post('/api/v1/previews', { label: 'Revoke me', postIds: [post] });
  const token = tokenOf(created.body.url);
  expect((await client.get(`/api/v1/client-previews/${token}`)).status).toBe(200);

  expect((await alice.delete(`/api/v1/previews/${created.body.id}`)).status).toBe(204);
  const gone = await client.get(`/api/v1/client-previews/${token}`);
  expect(gone.status).toBe(410);
  expect(gone.headers.get('content-type')).toContain('application/problem+json');
  expect(gone.body).toMatchObject({ type: 'https://planrrr.dev/problems/preview-link-revoked', status: 410 });
  expect(JSON.stringify(gone.body)).not.toContain('Soon revoked');

  expect((await alice.delete(`/api/v1/previews/${created.body.id}`)).status).toBe(204);
  const listed = (await alice.get('/api/v1/previews')).body.data.find((link: { id: string }) => link.id === created.body.id);
  expect(listed).toMatchObject({ status: 'REVOKED', revokedAt: expect.any(String) });
  const audit = await db.auditEntry.findMany({
    where: { entityType: 'preview', entityId: created.body.id },
    orderBy: { createdAt: 'asc' },
  });
  expect(audit.map((entry) => entry.action)).toEqual(['preview.created', 'preview.revoked']);
});

test('an expired link answers 410, an unknown one 404', async () => {
  const post = await draft(alice, 'Soon expired', '2031-07-01T09:00:00Z', [clientA]);
  const created = await alice.post('/api/v1/previews', { label: 'One day', postIds: [post], expiresInDays: 1 });
  expect(created.status).toBe(201);
  await db.previewLink.update({ where: { id: created.body.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const gone = await client.get(`/api/v1/client-previews/${tokenOf(created.body.url)}`);
  expect(gone.status).toBe(410);
  expect(gone.body.type).toBe('https://planrrr.dev/problems/preview-link-expired');
  expect((await alice.get('/api/v1/previews')).body.data.find((link: { id: string }) => link.id === created.body.id).status).toBe(
    'EXPIRED',
  );

  const unknown = await client.get(`/api/v1/client-previews/${'x'.repeat(43)}`);
  expect(unknown.status).toBe(404);
});

test('what a link may be: a list or a range, up to 90 days, named; a client may not list or revoke', async () => {
  const refused = async (body: unknown) => {
    const response = await alice.post('/api/v1/previews', body);
    expect(response.status).toBe(400);
    return response.body.errors.map((error: { field: string }) => error.field);
  };
  expect(await refused({ label: 'both', postIds: ['a'], range: { from: '2031-01-01T00:00:00Z', to: '2031-01-08T00:00:00Z' } })).toEqual([
    'body.postIds',
  ]);
  expect(await refused({ label: 'neither' })).toEqual(['body.postIds']);
  expect(await refused({ label: '', postIds: ['a'] })).toEqual(['body.label']);
  expect(await refused({ label: 'long', postIds: ['a'], expiresInDays: 91 })).toEqual(['body.expiresInDays']);
  expect(await refused({ label: 'backwards', range: { from: '2031-01-08T00:00:00Z', to: '2031-01-01T00:00:00Z' } })).toEqual([
    'body.range.to',
  ]);
  expect(await refused({ label: 'tz', postIds: ['a'], timeZone: 'Mars/Olympus' })).toEqual(['body.timeZone']);
  expect(
    await refused({ label: 'theirs', range: { from: '2031-01-01T00:00:00Z', to: '2031-01-08T00:00:00Z', connectionIds: ['nope'] } }),
  ).toEqual(['body.range.connectionIds.0']);

  expect((await client.get('/api/v1/previews')).status).toBe(401);
  expect((await client.post('/api/v1/previews', { label: 'x', postIds: ['a'] })).status).toBe(401);
});
