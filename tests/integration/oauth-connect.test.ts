// Connecting accounts through OAuth, end to end: the real API and PostgreSQL, and a local
// fake of X's, Facebook's, Google's and LinkedIn's OAuth and identity endpoints. Each test
// plays the browser: it opens /authorize, follows the fake's consent redirect to /callback
// and lands on the web app's connections page.
import type { RunningServer } from '../../api/server';
import { decryptSecret } from '../../lib/crypto';
import { createDb, type Db } from '../../lib/db';
import { freePort } from '../../runtime/ports';
import { FAKE_ACCOUNTS, FakeOAuthProvider } from '../fakes/oauth-provider';
import { ApiClient, signUpWithToken, startApi, testEnv, type TestEnv } from '../support/harness';

jest.setTimeout(120_000);

const provider = new FakeOAuthProvider();
let env: TestEnv;
let server: RunningServer;
let db: Db;
let api: ApiClient;
let session: ApiClient;

beforeAll(async () => {
  await provider.start();
  const port = await freePort();
  // the redirect URI the providers send the browser back to is PUBLIC_URL + the callback path
  env = testEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...provider.env() });
  server = await startApi(env);
  db = createDb(env.config.DATABASE_URL);
  ({ api, session } = await signUpWithToken(server.url, 'Olga'));
});

afterAll(async () => {
  await Promise.allSettled([server?.close(), provider.stop(), db?.$disconnect()]);
});

const JSON_ACCEPT = { accept: 'application/json' };

async function startFlow(client: ApiClient, platform: string): Promise<string> {
  const started = await client.request('GET', `/api/v1/connections/${platform}/authorize`, undefined, JSON_ACCEPT);
  expect(started.status).toBe(200);
  return started.body.authorizeUrl as string;
}

/** The provider's consent screen: approves (or denies) and redirects to planrrr's callback. */
async function consent(authorizeUrl: string): Promise<string> {
  const answer = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  return answer.headers.get('location')!;
}

async function callback(callbackUrl: string): Promise<{ status: number; location: URL | null; body: any }> {
  const answer = await fetch(callbackUrl, { redirect: 'manual' });
  const location = answer.headers.get('location');
  const text = await answer.text();
  return { status: answer.status, location: location ? new URL(location) : null, body: text.startsWith('{') ? JSON.parse(text) : text };
}

async function connect(client: ApiClient, platform: string) {
  return callback(await consent(await startFlow(client, platform)));
}

async function teamIdOf(client: ApiClient): Promise<string> {
  return (await client.get('/api/v1/me')).body.currentTeamId as string;
}

async function storedCredentials(connectionId: string): Promise<{ raw: string; credentials: Record<string, string> }> {
  const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { encryptedCredentials: true } });
  return { raw: row.encryptedCredentials, credentials: JSON.parse(decryptSecret(row.encryptedCredentials, env.config.ENCRYPTION_KEY)) };
}

function expectLanding(landing: { status: number; location: URL | null }, outcome: 'connected' | 'error'): string {
  expect(landing.status).toBe(302);
  expect(landing.location?.origin).toBe(env.config.PUBLIC_URL);
  expect(landing.location?.pathname).toBe('/connections');
  expect(landing.location?.searchParams.get('oauth')).toBe(outcome);
  return landing.location!.searchParams.get('message')!;
}

test('every platform is listed with how it connects, and the OAuth ones are configured', async () => {
  const listed = await api.get('/api/v1/connections/platforms');
  expect(listed.status).toBe(200);
  const byPlatform = Object.fromEntries(listed.body.data.map((entry: any) => [entry.platform, entry]));
  expect(byPlatform.DEMO).toMatchObject({ connectsWith: 'demo', configured: true, authorizePath: null, setupVariables: [] });
  expect(byPlatform.MASTODON).toMatchObject({ connectsWith: 'token', configured: true, setupVariables: [] });
  // what an administrator sets for each app (docs/platforms.md); Instagram connects through Facebook's
  expect(byPlatform.X.setupVariables).toEqual(['X_CLIENT_ID', 'X_CLIENT_SECRET']);
  expect(byPlatform.INSTAGRAM.setupVariables).toEqual(['FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET']);
  expect(byPlatform.YOUTUBE.setupVariables).toEqual(['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET']);
  expect(byPlatform.THREADS.setupVariables).toEqual(['THREADS_APP_ID', 'THREADS_APP_SECRET']);
  expect(byPlatform.REDDIT.setupVariables).toEqual(['REDDIT_CLIENT_ID', 'REDDIT_CLIENT_SECRET']);
  expect(byPlatform.PINTEREST.setupVariables).toEqual(['PINTEREST_APP_ID', 'PINTEREST_APP_SECRET']);
  expect(byPlatform.TIKTOK.setupVariables).toEqual(['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET']);
  // Business Profile connects through the Google client YouTube uses, with a grant of its own
  expect(byPlatform.GOOGLE_BUSINESS.setupVariables).toEqual(['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET']);
  for (const platform of [
    'X',
    'FACEBOOK',
    'INSTAGRAM',
    'YOUTUBE',
    'LINKEDIN',
    'THREADS',
    'REDDIT',
    'PINTEREST',
    'TIKTOK',
    'GOOGLE_BUSINESS',
  ]) {
    expect(byPlatform[platform]).toMatchObject({
      connectsWith: 'oauth',
      configured: true,
      authorizePath: `/api/v1/connections/${platform.toLowerCase()}/authorize`,
    });
  }
});

test('X connects: the account is stored with its tokens encrypted, and connecting again reuses it and clears NEEDS_RECONNECT', async () => {
  const authorizeUrl = new URL(await startFlow(api, 'x'));
  expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${env.config.PUBLIC_URL}/api/v1/connections/x/callback`);
  const message = expectLanding(await callback(await consent(authorizeUrl.toString())), 'connected');
  expect(message).toContain(`@${FAKE_ACCOUNTS.x.username}`);

  const listed = (await api.get('/api/v1/connections')).body.data.filter((c: any) => c.platform === 'X');
  expect(listed).toEqual([
    expect.objectContaining({ handle: `@${FAKE_ACCOUNTS.x.username}`, displayName: FAKE_ACCOUNTS.x.name, status: 'ACTIVE' }),
  ]);
  const { raw, credentials } = await storedCredentials(listed[0].id);
  expect(raw).not.toContain(credentials.accessToken);
  expect(provider.isAccessToken(credentials.accessToken)).toBe(true);
  expect(credentials.refreshToken).toEqual(expect.any(String));
  expect(Date.parse(credentials.expiresAt!)).toBeGreaterThan(Date.now() + 60 * 60 * 1000);

  await db.connection.update({ where: { id: listed[0].id }, data: { status: 'NEEDS_RECONNECT' } });
  expect((await api.get('/api/v1/connections')).body.data.find((c: any) => c.id === listed[0].id).status).toBe('NEEDS_RECONNECT');
  expectLanding(await connect(api, 'x'), 'connected');
  const again = (await api.get('/api/v1/connections')).body.data.filter((c: any) => c.platform === 'X');
  expect(again).toEqual([expect.objectContaining({ id: listed[0].id, status: 'ACTIVE' })]);
  expect((await storedCredentials(listed[0].id)).credentials.accessToken).not.toBe(credentials.accessToken);
});

test('Facebook connects every page with its page token, and the Instagram business account linked to a page', async () => {
  const { api: client } = await signUpWithToken(server.url, 'Fiona');
  // Instagram accounts connect through Facebook's consent screen and callback
  const instagramUrl = new URL(await startFlow(client, 'instagram'));
  expect(instagramUrl.searchParams.get('redirect_uri')).toBe(`${env.config.PUBLIC_URL}/api/v1/connections/facebook/callback`);
  const message = expectLanding(await callback(await consent(instagramUrl.toString())), 'connected');
  expect(message).toContain('Alice Bakery');

  const connections = (await client.get('/api/v1/connections')).body.data;
  expect(connections.map((c: any) => [c.platform, c.handle]).sort()).toEqual([
    ['FACEBOOK', 'Alice Bakery'],
    ['FACEBOOK', 'Alice Blog'],
    ['INSTAGRAM', '@alicebakery'],
  ]);
  const bakery = connections.find((c: any) => c.handle === 'Alice Bakery');
  const instagram = connections.find((c: any) => c.platform === 'INSTAGRAM');
  const page = (await storedCredentials(bakery.id)).credentials;
  expect(page).toEqual({ pageId: '1001', accessToken: expect.any(String) });
  expect(provider.isAccessToken(page.accessToken)).toBe(true);
  expect((await storedCredentials(instagram.id)).credentials).toEqual({
    igUserId: FAKE_ACCOUNTS.facebookPages[0]!.instagram!.id,
    accessToken: page.accessToken,
  });

  // connecting through the Facebook button updates the same three connections
  expectLanding(await connect(client, 'facebook'), 'connected');
  expect((await client.get('/api/v1/connections')).body.data.map((c: any) => c.id).sort()).toEqual(
    connections.map((c: any) => c.id).sort(),
  );
});

test('YouTube connects the Google account’s channel, with a refresh token', async () => {
  const { api: client } = await signUpWithToken(server.url, 'Yuri');
  const authorizeUrl = new URL(await startFlow(client, 'youtube'));
  expect(authorizeUrl.searchParams.get('access_type')).toBe('offline');
  expectLanding(await callback(await consent(authorizeUrl.toString())), 'connected');
  const [channel] = (await client.get('/api/v1/connections')).body.data;
  expect(channel).toMatchObject({ platform: 'YOUTUBE', handle: FAKE_ACCOUNTS.youtube.customUrl, displayName: FAKE_ACCOUNTS.youtube.title });
  expect((await storedCredentials(channel.id)).credentials).toEqual({
    channelId: FAKE_ACCOUNTS.youtube.id,
    accessToken: expect.any(String),
    refreshToken: expect.any(String),
    expiresAt: expect.any(String),
  });
});

test('LinkedIn connects the member as urn:li:person:<sub>, and each company page they administer as urn:li:organization:<id>', async () => {
  const { api: client } = await signUpWithToken(server.url, 'Lena');
  expectLanding(await connect(client, 'linkedin'), 'connected');
  const connections = (await client.get('/api/v1/connections')).body.data;
  const byName = Object.fromEntries(connections.map((connection: any) => [connection.displayName, connection]));
  const member = byName[FAKE_ACCOUNTS.linkedin.name];
  expect(member).toMatchObject({ platform: 'LINKEDIN' });
  const memberCredentials = (await storedCredentials(member.id)).credentials;
  expect(memberCredentials).toMatchObject({ authorUrn: `urn:li:person:${FAKE_ACCOUNTS.linkedin.sub}`, accessToken: expect.any(String) });
  expect(connections).toHaveLength(1 + FAKE_ACCOUNTS.linkedinOrganizations.length);
  for (const organization of FAKE_ACCOUNTS.linkedinOrganizations) {
    const page = byName[organization.localizedName];
    expect(page).toMatchObject({ platform: 'LINKEDIN', handle: organization.vanityName ?? organization.localizedName });
    // the member's token posts as the page
    expect((await storedCredentials(page.id)).credentials).toEqual({
      ...memberCredentials,
      authorUrn: `urn:li:organization:${organization.id}`,
    });
  }
});

describe('the state protects the flow', () => {
  async function connectionCount(client: ApiClient): Promise<number> {
    return db.connection.count({ where: { teamId: await teamIdOf(client) } });
  }

  function expectInvalidState(answer: { status: number; body: any }) {
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      type: 'https://planrrr.dev/problems/invalid-oauth-state',
      title: 'invalid OAuth state',
      status: 400,
    });
  }

  test('a tampered, missing, reused, expired or other platform’s state is refused with 400 and stores nothing', async () => {
    const { api: client } = await signUpWithToken(server.url, 'Tom');

    const callbackUrl = new URL(await consent(await startFlow(client, 'x')));
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', `${callbackUrl.searchParams.get('state')}x`);
    expectInvalidState(await callback(tampered.toString()));
    const missing = new URL(callbackUrl);
    missing.searchParams.delete('state');
    expectInvalidState(await callback(missing.toString()));
    const otherPlatform = new URL(callbackUrl);
    otherPlatform.pathname = '/api/v1/connections/linkedin/callback';
    expectInvalidState(await callback(otherPlatform.toString()));
    // the state was claimed by that attempt: the genuine callback is now a replay
    expectInvalidState(await callback(callbackUrl.toString()));
    expect(await connectionCount(client)).toBe(0);

    const fresh = await consent(await startFlow(client, 'x'));
    expectLanding(await callback(fresh), 'connected');
    expectInvalidState(await callback(fresh)); // reused
    expect(await connectionCount(client)).toBe(1);

    const late = await consent(await startFlow(client, 'youtube'));
    await db.oAuthAuthorization.updateMany({ where: { teamId: await teamIdOf(client) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectInvalidState(await callback(late));
    expect(await connectionCount(client)).toBe(1);
  });

  test('declining on the provider’s consent screen lands on the connections page with a clear message', async () => {
    const { api: client } = await signUpWithToken(server.url, 'Dora');
    provider.denyNextConsent('linkedin');
    const message = expectLanding(await connect(client, 'linkedin'), 'error');
    expect(message).toBe('You declined access on LinkedIn; no account was connected.');
    expect(await connectionCount(client)).toBe(0);
  });
});

test('authorize redirects a browser to the provider, needs a session or token, and names bad platforms', async () => {
  const { token } = (await session.post('/api/v1/tokens', { name: 'browser' })).body;
  const redirected = await fetch(`${server.url}/api/v1/connections/linkedin/authorize?returnTo=/posts`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/html' },
    redirect: 'manual',
  });
  expect(redirected.status).toBe(302);
  expect(redirected.headers.get('location')).toMatch(new RegExp(`^${provider.url}/linkedin/oauth/v2/authorization\\?`));
  const landing = await callback(await consent(redirected.headers.get('location')!));
  expect(landing.location?.pathname).toBe('/posts');

  expect((await new ApiClient(server.url).request('GET', '/api/v1/connections/x/authorize', undefined, JSON_ACCEPT)).status).toBe(401);
  const unknown = await api.request('GET', '/api/v1/connections/myspace/authorize', undefined, JSON_ACCEPT);
  expect(unknown.status).toBe(400);
  expect(unknown.body.detail).toContain('params.platform');
  const offsite = await api.request('GET', '/api/v1/connections/x/authorize?returnTo=//evil.example', undefined, JSON_ACCEPT);
  expect(offsite.status).toBe(400);
  expect(offsite.body.detail).toContain('query.returnTo');
});
