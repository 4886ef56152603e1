// Accounts, sessions, API tokens and connections through the REST API.
import type { RunningServer } from '../../api/server';
import { createDb } from '../../lib/db';
import { FakeBluesky } from '../fakes/bluesky';
import { FakeMastodon } from '../fakes/mastodon';
import { ApiClient, inSeconds, signUpWithToken, startApi, testEnv } from '../support/harness';

jest.setTimeout(60_000);

const env = testEnv();
const mastodon = new FakeMastodon();
const bluesky = new FakeBluesky();
const db = createDb(env.config.DATABASE_URL);
let server: RunningServer;

beforeAll(async () => {
  [server] = await Promise.all([startApi(env), mastodon.start(), bluesky.start()]);
});

afterAll(async () => {
  await Promise.all([server?.close(), mastodon.stop(), bluesky.stop(), db.$disconnect()]);
});

test('sign up, log out, log in with the right password only, and see who I am', async () => {
  const email = `frank-${Date.now()}@example.com`;
  const browser = new ApiClient(server.url);
  const signup = await browser.post('/api/v1/auth/signup', { email: email.toUpperCase(), password: 'a long passphrase', name: 'Frank' });
  expect(signup.status).toBe(201);
  expect(signup.body.user).toMatchObject({ email, name: 'Frank' });
  expect(signup.headers.get('set-cookie')).toMatch(/planrrr\.sid=.*HttpOnly.*SameSite=Lax/i);

  const me = await browser.get('/api/v1/me');
  expect(me.body).toMatchObject({ user: { email }, teams: [{ name: "Frank's team", role: 'OWNER' }] });
  expect(me.body.currentTeamId).toBe(me.body.teams[0].id);

  expect((await browser.post('/api/v1/auth/logout')).status).toBe(204);
  expect((await browser.get('/api/v1/me')).status).toBe(401);

  const wrong = await browser.post('/api/v1/auth/login', { email, password: 'not it at all' });
  expect(wrong.status).toBe(401);
  expect(wrong.body.detail).toBe('The email or password is wrong.');
  const right = await browser.post('/api/v1/auth/login', { email, password: 'a long passphrase' });
  expect(right.status).toBe(200);
  expect((await browser.get('/api/v1/me')).status).toBe(200);

  const again = await new ApiClient(server.url).post('/api/v1/auth/signup', { email, password: 'another passphrase', name: 'Frank 2' });
  expect(again.status).toBe(409);
  expect(again.body.type).toBe('https://planrrr.dev/problems/email-taken');
});

test('an API token is shown once, listed without its secret, and stops working when revoked', async () => {
  const { api, session } = await signUpWithToken(server.url, 'Grace');
  const created = await session.post('/api/v1/tokens', { name: 'zapier' });
  expect(created.status).toBe(201);
  expect(created.body.token).toMatch(/^planrrr_/);
  const listed = await session.get('/api/v1/tokens');
  expect(listed.body.data.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['zapier', 'tests']));
  expect(JSON.stringify(listed.body)).not.toContain(created.body.token);

  const zapier = api.withToken(created.body.token);
  expect((await zapier.get('/api/v1/posts')).status).toBe(200);
  expect((await session.request('DELETE', `/api/v1/tokens/${created.body.id}`)).status).toBe(204);
  expect((await zapier.get('/api/v1/posts')).status).toBe(401);
  expect((await session.request('DELETE', `/api/v1/tokens/${created.body.id}`)).status).toBe(404);
});

test('connections: Mastodon credentials are verified and never returned; an account in use cannot be disconnected', async () => {
  const { api } = await signUpWithToken(server.url, 'Heidi');
  const missing = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: 'not a url' });
  expect(missing.status).toBe(400);
  expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(
    expect.arrayContaining(['body.instanceUrl', 'body.accessToken']),
  );
  expect((await api.post('/api/v1/connections', { platform: 'myspace' })).status).toBe(400);

  const connected = await api.post('/api/v1/connections', {
    platform: 'mastodon',
    instanceUrl: `${mastodon.url}/some/path`,
    accessToken: 'token-alice',
  });
  expect(connected.status).toBe(201);
  expect(connected.body).toMatchObject({ platform: 'MASTODON', instanceUrl: mastodon.url, displayName: 'Alice', status: 'ACTIVE' });
  const listed = await api.get('/api/v1/connections');
  expect(JSON.stringify(listed.body)).not.toContain('token-alice');

  const post = await api.post('/api/v1/posts', { content: 'Pinned', publishAt: inSeconds(3600), connectionIds: [connected.body.id] });
  expect(post.status).toBe(201);
  const refused = await api.request('DELETE', `/api/v1/connections/${connected.body.id}`);
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ type: 'https://planrrr.dev/problems/connection-in-use', scheduledPosts: 1 });

  const demo = await api.post('/api/v1/connections', { platform: 'demo' });
  expect((await api.request('DELETE', `/api/v1/connections/${demo.body.id}`)).status).toBe(204);
  expect((await api.get('/api/v1/connections')).body.data.map((c: { id: string }) => c.id)).toEqual([connected.body.id]);
});

test('connecting an account the team already has reconnects it: new credentials, ACTIVE again, no duplicate', async () => {
  const { api } = await signUpWithToken(server.url, 'Rhea');
  mastodon.validTokens.add('token-rhea').add('token-rhea-2');
  const first = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-rhea' });
  expect(first.status).toBe(201);
  const pinned = await api.post('/api/v1/posts', { content: 'Waits for Rhea', publishAt: inSeconds(3600), connectionIds: [first.body.id] });
  await db.connection.update({ where: { id: first.body.id }, data: { status: 'NEEDS_RECONNECT' } });

  const again = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-rhea-2' });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ id: first.body.id, handle: `@rhea@${new URL(mastodon.url).host}`, status: 'ACTIVE' });
  // the post keeps its account; another account of the same instance is a connection of its own
  expect((await api.get(`/api/v1/posts/${pinned.body.id}`)).body.targets[0].connectionId).toBe(first.body.id);
  const other = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  expect(other.status).toBe(201);

  // Bluesky: the DID names the account
  const blueskyAccount = { platform: 'bluesky', handle: 'bob.bsky.social', appPassword: 'bob-app-password', serviceUrl: bluesky.url };
  const bob = await api.post('/api/v1/connections', blueskyAccount);
  expect(bob.status).toBe(201);
  await db.connection.update({ where: { id: bob.body.id }, data: { status: 'NEEDS_RECONNECT' } });
  const bobAgain = await api.post('/api/v1/connections', blueskyAccount);
  expect(bobAgain.status).toBe(200);
  expect(bobAgain.body).toMatchObject({ id: bob.body.id, status: 'ACTIVE' });

  // a connection made before account ids were kept is found by its handle, and keeps one from now on
  await db.connection.update({ where: { id: other.body.id }, data: { platformAccountId: null } });
  const legacy = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  expect(legacy.status).toBe(200);
  expect(legacy.body.id).toBe(other.body.id);
  expect((await db.connection.findUniqueOrThrow({ where: { id: other.body.id } })).platformAccountId).toBe(
    `1@${new URL(mastodon.url).host}`,
  );

  const listed = (await api.get('/api/v1/connections')).body.data.map((connection: { id: string }) => connection.id);
  expect(listed).toEqual([first.body.id, other.body.id, bob.body.id]);
  // another team connecting the same account gets a connection of its own
  const { api: otherTeam } = await signUpWithToken(server.url, 'Sol');
  expect(
    (await otherTeam.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-rhea-2' })).status,
  ).toBe(201);

  // the same new account connected twice at once (a double click): one connection
  mastodon.validTokens.add('token-tess');
  const tess = { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-tess' };
  const both = await Promise.all([otherTeam.post('/api/v1/connections', tess), otherTeam.post('/api/v1/connections', tess)]);
  expect(both.map((response) => response.status).sort()).toEqual([200, 201]);
  expect(both[0]!.body.id).toBe(both[1]!.body.id);
});

test('outside tests, Mastodon instances must be public https URLs', async () => {
  const strict = testEnv({ ALLOW_INSECURE_PLATFORM_URLS: 'false' });
  const strictServer = await startApi(strict);
  try {
    const { api } = await signUpWithToken(strictServer.url, 'Ivan');
    const local = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
    expect(local.status).toBe(400);
    expect(local.body.errors).toEqual([{ field: 'body.instanceUrl', message: 'must be a public https:// URL' }]);
  } finally {
    await strictServer.close();
  }
});
