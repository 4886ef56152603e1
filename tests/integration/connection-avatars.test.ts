// Account avatars end to end: each platform's fake names a profile picture it serves; the
// real API downloads it at connect (and reconnect), keeps the bytes in PostgreSQL and
// serves them same-origin at the connection's avatarUrl, to its own team only.
import type { RunningServer } from '../../api/server';
import { createDb, type Db } from '../../lib/db';
import { freePort } from '../../runtime/ports';
import { FakeBluesky } from '../fakes/bluesky';
import { solidPng } from '../fakes/http';
import { FakeMastodon } from '../fakes/mastodon';
import { FAKE_ACCOUNTS, FAKE_AVATARS, FakeOAuthProvider } from '../fakes/oauth-provider';
import { signUpWithToken, startApi, testEnv, type ApiClient, type TestEnv } from '../support/harness';

jest.setTimeout(120_000);

const mastodon = new FakeMastodon();
const bluesky = new FakeBluesky();
const provider = new FakeOAuthProvider();
let env: TestEnv;
let server: RunningServer;
let db: Db;

beforeAll(async () => {
  await Promise.all([mastodon.start(), bluesky.start(), provider.start()]);
  const port = await freePort();
  env = testEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...provider.env() });
  server = await startApi(env);
  db = createDb(env.config.DATABASE_URL);
});

afterAll(async () => {
  await Promise.allSettled([server?.close(), mastodon.stop(), bluesky.stop(), provider.stop(), db?.$disconnect()]);
});

/** GETs a path with the client's credentials and reads the raw bytes. */
async function fetchBytes(client: ApiClient, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { headers: { ...client.authHeaders(), ...headers } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Plays the browser through an OAuth connect: /authorize, the fake's consent, planrrr's callback. */
async function connectWithOAuth(client: ApiClient, platform: string): Promise<void> {
  const started = await client.request('GET', `/api/v1/connections/${platform}/authorize`, undefined, { accept: 'application/json' });
  const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
  const landing = await fetch(consent.headers.get('location')!, { redirect: 'manual' });
  expect(new URL(landing.headers.get('location')!).searchParams.get('oauth')).toBe('connected');
}

async function connectionsOf(client: ApiClient): Promise<any[]> {
  return (await client.get('/api/v1/connections')).body.data;
}

test('a Mastodon account keeps its avatar: served same-origin with its type, cacheable, to its own team only', async () => {
  const { api } = await signUpWithToken(server.url, 'Ava');
  const created = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  expect(created.status).toBe(201);
  expect(created.body.avatarUrl).toMatch(new RegExp(`^/api/v1/connections/${created.body.id}/avatar\\?v=\\d+$`));

  const [listed] = await connectionsOf(api);
  expect(listed.avatarUrl).toBe(created.body.avatarUrl);
  // lists carry the picture's address, never its bytes
  expect(Object.keys(listed)).not.toEqual(expect.arrayContaining(['avatarImage']));

  const avatar = await fetchBytes(api, listed.avatarUrl);
  expect(avatar.status).toBe(200);
  expect(avatar.headers.get('content-type')).toBe('image/png');
  expect(avatar.bytes.equals(mastodon.avatarPng)).toBe(true);
  expect(avatar.headers.get('cache-control')).toBe('private, max-age=86400');
  expect(avatar.headers.get('x-content-type-options')).toBe('nosniff');
  // NOTE: fetch adds `Cache-Control: no-cache` to conditional requests unless one is set, which asks the server for the whole answer
  const unchanged = await fetchBytes(api, listed.avatarUrl, { 'if-none-match': avatar.headers.get('etag')!, 'cache-control': 'max-age=0' });
  expect(unchanged.status).toBe(304);

  const { api: stranger } = await signUpWithToken(server.url, 'Mallory');
  const refused = await stranger.get(`/api/v1/connections/${listed.id}/avatar`);
  expect(refused.status).toBe(404);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect((await fetch(`${server.url}/api/v1/connections/${listed.id}/avatar`)).status).toBe(401);
});

test('Bluesky: the profile avatar when there is one; none, and a 404 problem, when the profile has none', async () => {
  const { api } = await signUpWithToken(server.url, 'Bea');
  const alice = await api.post('/api/v1/connections', {
    platform: 'bluesky',
    handle: 'alice.bsky.social',
    appPassword: 'alice-app-password',
    serviceUrl: bluesky.url,
  });
  const bob = await api.post('/api/v1/connections', {
    platform: 'bluesky',
    handle: 'bob.bsky.social',
    appPassword: 'bob-app-password',
    serviceUrl: bluesky.url,
  });
  expect([alice.status, bob.status]).toEqual([201, 201]);
  expect(bluesky.calls.filter((call) => call === 'getProfile')).toHaveLength(2);

  const avatar = await fetchBytes(api, alice.body.avatarUrl);
  expect(avatar.headers.get('content-type')).toBe('image/png');
  expect(avatar.bytes.equals(bluesky.accounts.get('alice.bsky.social')!.avatar!)).toBe(true);

  expect(bob.body.avatarUrl).toBeNull();
  const none = await api.get(`/api/v1/connections/${bob.body.id}/avatar`);
  expect(none.status).toBe(404);
  expect(none.body.detail).toContain(bob.body.id);
});

test('a profile lookup or picture that fails never fails the connect: the account has no avatar', async () => {
  const { api } = await signUpWithToken(server.url, 'Cleo');
  bluesky.failNext({ route: 'getProfile', status: 502 });
  const connected = await api.post('/api/v1/connections', {
    platform: 'bluesky',
    handle: 'alice.bsky.social',
    appPassword: 'alice-app-password',
    serviceUrl: bluesky.url,
  });
  expect(connected.status).toBe(201);
  expect(connected.body.avatarUrl).toBeNull();
});

test('OAuth accounts get the picture each identity answer names, and a reconnect refreshes it', async () => {
  const { api } = await signUpWithToken(server.url, 'Olga');
  for (const platform of ['x', 'facebook', 'youtube', 'linkedin']) await connectWithOAuth(api, platform);
  const byHandle = Object.fromEntries((await connectionsOf(api)).map((connection) => [connection.handle, connection]));

  const expected: Record<string, Buffer> = {
    [`@${FAKE_ACCOUNTS.x.username}`]: FAKE_AVATARS.x!,
    'Alice Bakery': FAKE_AVATARS['facebook-1001']!,
    '@alicebakery': FAKE_AVATARS['instagram-17841400000000001']!,
    [FAKE_ACCOUNTS.youtube.customUrl]: FAKE_AVATARS.youtube!,
    [FAKE_ACCOUNTS.linkedin.email]: FAKE_AVATARS.linkedin!,
    // a company page's logo, through the Images API
    'acme-corp': FAKE_AVATARS['linkedin-2414183']!,
  };
  for (const [handle, png] of Object.entries(expected)) {
    const avatar = await fetchBytes(api, byHandle[handle].avatarUrl);
    expect({ handle, status: avatar.status, type: avatar.headers.get('content-type'), same: avatar.bytes.equals(png) }).toEqual({
      handle,
      status: 200,
      type: 'image/png',
      same: true,
    });
  }
  // the fake's picture for this page is gone (404): connected all the same, shown with initials
  expect(byHandle['Alice Blog']).toMatchObject({ status: 'ACTIVE', avatarUrl: null });

  const before = byHandle[`@${FAKE_ACCOUNTS.x.username}`];
  const original = FAKE_AVATARS.x!;
  FAKE_AVATARS.x = solidPng([0, 0, 0]);
  try {
    await connectWithOAuth(api, 'x');
    const after = (await connectionsOf(api)).find((connection) => connection.id === before.id);
    expect(after.avatarUrl).not.toBe(before.avatarUrl);
    expect((await fetchBytes(api, after.avatarUrl)).bytes.equals(FAKE_AVATARS.x)).toBe(true);
  } finally {
    FAKE_AVATARS.x = original;
  }
  const stored = await db.connection.findUniqueOrThrow({ where: { id: before.id }, select: { avatarMimeType: true } });
  expect(stored.avatarMimeType).toBe('image/png');
});
