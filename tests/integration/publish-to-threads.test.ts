// Threads end to end: the account connects through the OAuth flow (the fake provider's
// consent screen, Threads' code exchange and long-lived token exchange), then posts publish
// through the real API, a real Temporal dev server, the worker process and the Threads API
// contract fake, which fetches media from planrrr's signed public URLs as Threads does.
import { decryptSecret, encryptSecret } from '../../lib/crypto';
import { createDb, type Db } from '../../lib/db';
import { freePort } from '../../runtime/ports';
import { FAKE_ACCOUNTS, FakeOAuthProvider } from '../fakes/oauth-provider';
import { FakeThreads } from '../fakes/threads';
import { JPEG } from '../support/media-fixtures';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient, type TestEnv } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const provider = new FakeOAuthProvider();
const threads = new FakeThreads(provider);
const stack = useServerAndWorker({
  // the redirect URI is PUBLIC_URL + the callback path, and Threads fetches media from PUBLIC_URL
  env: async () => {
    const port = await freePort();
    return testEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...provider.env(), THREADS_API_BASE_URL: threads.url });
  },
  alongside: [provider, threads],
});
let env: TestEnv;
let db: Db;
let api: ApiClient;
let connectionId = '';

beforeAll(async () => {
  ({ env } = stack);
  db = createDb(env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Theo'));
});

afterAll(async () => {
  await db?.$disconnect();
});

async function credentialsOf(id: string): Promise<Record<string, string>> {
  const row = await db.connection.findUniqueOrThrow({ where: { id }, select: { encryptedCredentials: true } });
  return JSON.parse(decryptSecret(row.encryptedCredentials, env.config.ENCRYPTION_KEY));
}

function settled(postId: string) {
  return waitFor(
    () => api.get(`/api/v1/posts/${postId}`),
    (res) => !['SCHEDULED', 'PUBLISHING'].includes(res.body.status),
    90_000,
    500,
  );
}

test('Threads connects through OAuth: a long-lived token, the profile and its picture', async () => {
  const started = await api.request('GET', '/api/v1/connections/threads/authorize', undefined, { accept: 'application/json' });
  expect(started.status).toBe(200);
  const authorizeUrl = new URL(started.body.authorizeUrl);
  expect(authorizeUrl.searchParams.get('scope')).toBe('threads_basic,threads_content_publish,threads_manage_insights');
  expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${env.config.PUBLIC_URL}/api/v1/connections/threads/callback`);

  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const landing = await fetch(consent.headers.get('location')!, { redirect: 'manual' });
  expect(landing.status).toBe(302);
  expect(new URL(landing.headers.get('location')!).searchParams.get('oauth')).toBe('connected');

  const [connection] = (await api.get('/api/v1/connections')).body.data;
  expect(connection).toMatchObject({
    platform: 'THREADS',
    handle: `@${FAKE_ACCOUNTS.threads.username}`,
    displayName: FAKE_ACCOUNTS.threads.name,
    status: 'ACTIVE',
    avatarUrl: expect.any(String),
  });
  connectionId = connection.id;
  const credentials = await credentialsOf(connectionId);
  expect(credentials).toEqual({ threadsUserId: FAKE_ACCOUNTS.threads.id, accessToken: expect.any(String), expiresAt: expect.any(String) });
  // the one-hour token was exchanged for one of 60 days
  expect(Date.parse(credentials.expiresAt!)).toBeGreaterThan(Date.now() + 59 * 24 * 3600 * 1000);
  expect(provider.tokenRequests.filter((request) => request.provider === 'threads').map((request) => request.grantType)).toEqual([
    'authorization_code',
    'th_exchange_token',
  ]);
});

test('a text post and an image post publish once each, with the permalink', async () => {
  const form = new FormData();
  form.set('altText', 'Our logo');
  form.set('file', new Blob([new Uint8Array(JPEG)], { type: 'image/jpeg' }), 'logo.jpg');
  const image = await api.request('POST', '/api/v1/media', form);
  expect(image.status).toBe(201);

  const text = await api.post('/api/v1/posts', { content: 'Hello from planrrr', publishAt: inSeconds(2), connectionIds: [connectionId] });
  const withImage = await api.post('/api/v1/posts', {
    content: 'Now with a picture',
    publishAt: inSeconds(2),
    connectionIds: [connectionId],
    media: [image.body.id],
  });
  expect([text.status, withImage.status]).toEqual([201, 201]);

  for (const [post, mediaType] of [
    [text, 'TEXT'],
    [withImage, 'IMAGE'],
  ] as const) {
    const done = await settled(post.body.id);
    expect(done.body.status).toBe('PUBLISHED');
    const published = threads.posts.filter((candidate) => candidate.text === post.body.content);
    expect(published).toHaveLength(1);
    expect(published[0]!.mediaType).toBe(mediaType);
    expect(done.body.targets[0]).toMatchObject({ platformPostId: published[0]!.id, url: published[0]!.permalink });
  }
  const picture = threads.posts.find((candidate) => candidate.text === 'Now with a picture')!;
  expect(picture.files).toEqual([expect.objectContaining({ contentType: 'image/jpeg', altText: 'Our logo' })]);
  expect(picture.files[0]!.bytes.equals(JPEG)).toBe(true);
});

test('a token that expires within a week is refreshed with th_refresh_token before publishing', async () => {
  const before = await credentialsOf(connectionId);
  await db.connection.update({
    where: { id: connectionId },
    data: {
      encryptedCredentials: encryptSecret(JSON.stringify({ ...before, expiresAt: inSeconds(6 * 24 * 3600) }), env.config.ENCRYPTION_KEY),
    },
  });
  const refreshes = provider.refreshes.threads;
  const post = await api.post('/api/v1/posts', { content: 'Fresh token', publishAt: inSeconds(1), connectionIds: [connectionId] });
  expect((await settled(post.body.id)).body.status).toBe('PUBLISHED');
  expect(provider.refreshes.threads).toBe(refreshes + 1);
  const after = await credentialsOf(connectionId);
  expect(after.accessToken).not.toBe(before.accessToken);
  expect(Date.parse(after.expiresAt!)).toBeGreaterThan(Date.now() + 59 * 24 * 3600 * 1000);
});

test('a post over 500 characters is refused with 422 platform-rules naming the account', async () => {
  const refused = await api.post('/api/v1/posts', { content: 'x'.repeat(501), publishAt: inSeconds(60), connectionIds: [connectionId] });
  expect(refused.status).toBe(422);
  expect(refused.body).toMatchObject({
    type: 'https://planrrr.dev/problems/platform-rules',
    violations: [{ platform: 'THREADS', connectionId, rule: 'text-too-long', message: expect.stringContaining('500') }],
  });
});

test('a three-part thread publishes each part once, in order, each a reply to the part before it', async () => {
  const texts = ['Three things we learned 🧵 1/3', 'The first: write it down 2/3', 'And the last: ship it 3/3'];
  const created = await api.post('/api/v1/posts', {
    content: texts[0],
    publishAt: inSeconds(2),
    connectionIds: [connectionId],
    thread: [{ content: texts[1] }, { content: texts[2] }],
  });
  expect(created.status).toBe(201);
  const done = await settled(created.body.id);
  expect(done.body.status).toBe('PUBLISHED');

  const parts = texts.map((text) => threads.posts.filter((candidate) => candidate.text === text));
  expect(parts.map((each) => each.length)).toEqual([1, 1, 1]);
  const [first, second, third] = parts.map((each) => each[0]!);
  expect(first!.replyToId).toBeUndefined();
  expect(second!.replyToId).toBe(first!.id);
  expect(third!.replyToId).toBe(second!.id);
  expect(first!.publishedAt).toBeLessThanOrEqual(second!.publishedAt);
  expect(second!.publishedAt).toBeLessThanOrEqual(third!.publishedAt);
  expect(done.body.targets[0]).toMatchObject({
    platformPostId: first!.id,
    threadParts: [
      { part: 1, platformPostId: second!.id, url: second!.permalink },
      { part: 2, platformPostId: third!.id, url: third!.permalink },
    ],
  });
});
