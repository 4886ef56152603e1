// X, Bluesky and LinkedIn end to end: the HTTP API, a real Temporal dev server, real
// PostgreSQL, the real worker process, and local contract fakes of the three platforms.
// X and LinkedIn accounts are connected by the OAuth flow (not built here), so this test
// stores their connections the way that flow does: encrypted credentials in the shapes of
// the common brief.
import { MockActivityEnvironment } from '@temporalio/testing';
import { createConnectionCredentials } from '../../activities/connection-credentials';
import { createPublishToTarget } from '../../activities/publish-to-target';
import { createPublishers } from '../../platforms/publishers.server';
import { keyRing } from '../../lib/config';
import { createDb, type Db } from '../../lib/db';
import { createMediaStore } from '../../lib/media-store';
import { oauthProviders } from '../../platforms/oauth-flows.server';
import { idempotencyKeyFor } from '../../domain/post-lifecycle';
import { FakeBluesky } from '../fakes/bluesky';
import { FakeLinkedIn } from '../fakes/linkedin';
import { FakeMastodon } from '../fakes/mastodon';
import { FakeX } from '../fakes/x';
import { storeOAuthConnection } from '../support/connections';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient, type TestEnv } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const x = new FakeX();
const bluesky = new FakeBluesky();
const linkedIn = new FakeLinkedIn();
const mastodon = new FakeMastodon();
const stack = useServerAndWorker({
  env: () => testEnv({ X_API_BASE_URL: x.url, LINKEDIN_API_BASE_URL: linkedIn.url, BLUESKY_DEFAULT_SERVICE_URL: bluesky.url }),
  alongside: [x, bluesky, linkedIn, mastodon],
});
let env: TestEnv;
let db: Db;
let api: ApiClient;
let teamId: string;
const ids = { x: '', bluesky: '', linkedIn: '' };

beforeAll(async () => {
  ({ env } = stack);
  db = createDb(env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Paula'));
  teamId = (await api.get('/api/v1/me')).body.currentTeamId;
  ids.x = await storeOAuthConnection(db, env, {
    teamId,
    platform: 'X',
    handle: '@alice',
    credentials: { accessToken: 'x-token-alice', refreshToken: 'x-refresh', expiresAt: inSeconds(7200) },
  });
  ids.linkedIn = await storeOAuthConnection(db, env, {
    teamId,
    platform: 'LINKEDIN',
    handle: 'Alice Example',
    credentials: { authorUrn: 'urn:li:person:alice', accessToken: 'li-token-alice' },
  });
});

afterAll(async () => {
  await db?.$disconnect();
});

const getPost = (id: string) => api.get(`/api/v1/posts/${id}`);

test('Bluesky connects with a handle and an app password; a wrong password is refused, naming the field', async () => {
  const wrong = await api.post('/api/v1/connections', { platform: 'bluesky', handle: 'alice.bsky.social', appPassword: 'nope' });
  expect(wrong.status).toBe(422);
  expect(wrong.headers.get('content-type')).toContain('application/problem+json');
  expect(wrong.body).toMatchObject({
    type: 'https://planrrr.dev/problems/platform-credentials-rejected',
    errors: [{ field: 'body.appPassword', message: expect.any(String) }],
  });
  expect(wrong.body.detail).toContain('Invalid identifier or password');

  const missing = await api.post('/api/v1/connections', { platform: 'bluesky', handle: 'alice.bsky.social' });
  expect(missing.status).toBe(400);
  expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'body.appPassword' })]);

  const connected = await api.post('/api/v1/connections', {
    platform: 'bluesky',
    handle: '@alice.bsky.social',
    appPassword: 'alice-app-password',
  });
  expect(connected.status).toBe(201);
  expect(connected.body).toMatchObject({ platform: 'BLUESKY', handle: '@alice.bsky.social', instanceUrl: bluesky.url });
  ids.bluesky = connected.body.id;
  const stored = await db.connection.findUniqueOrThrow({ where: { id: ids.bluesky }, select: { encryptedCredentials: true } });
  expect(stored.encryptedCredentials).not.toContain('alice-app-password');
});

test('one post to X, Bluesky and LinkedIn publishes once to each, at its time, with each link', async () => {
  const publishAt = inSeconds(3);
  const content = 'Launch day 🚀 https://planrrr.dev (thanks @bob.bsky.social)';
  const created = await api.post('/api/v1/posts', { content, publishAt, connectionIds: [ids.x, ids.bluesky, ids.linkedIn] });
  expect(created.status).toBe(201);

  const published = await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  const tweets = x.tweets.filter((tweet) => tweet.text === content);
  const skeets = bluesky.posts.filter((post) => post.record.text === content);
  const shares = linkedIn.posts.filter((post) => post.commentary.startsWith('Launch day'));
  expect([tweets.length, skeets.length, shares.length]).toEqual([1, 1, 1]);
  for (const receivedAt of [tweets[0]!.receivedAt, skeets[0]!.receivedAt, shares[0]!.receivedAt]) {
    expect(receivedAt).toBeGreaterThanOrEqual(Date.parse(publishAt));
  }
  expect(skeets[0]!.record.facets).toHaveLength(2);
  expect(shares[0]!.commentary).toBe('Launch day 🚀 https://planrrr.dev \\(thanks \\@bob.bsky.social\\)');

  const byPlatform = Object.fromEntries(published.body.targets.map((target: any) => [target.platform, target]));
  expect(byPlatform.X).toMatchObject({
    status: 'PUBLISHED',
    platformPostId: tweets[0]!.id,
    url: `https://x.com/i/web/status/${tweets[0]!.id}`,
    attempts: 1,
  });
  expect(byPlatform.BLUESKY).toMatchObject({
    status: 'PUBLISHED',
    platformPostId: `at://did:plc:alice/app.bsky.feed.post/${skeets[0]!.rkey}`,
    url: `https://bsky.app/profile/alice.bsky.social/post/${skeets[0]!.rkey}`,
  });
  expect(byPlatform.LINKEDIN).toMatchObject({
    status: 'PUBLISHED',
    platformPostId: shares[0]!.urn,
    url: `https://www.linkedin.com/feed/update/${shares[0]!.urn}/`,
  });
});

test('X answering 500 twice is retried; the post publishes exactly once on the third attempt', async () => {
  x.failNext({ status: 500 }, { status: 500 });
  const created = await api.post('/api/v1/posts', { content: 'Third time lucky on X', publishAt: inSeconds(1), connectionIds: [ids.x] });
  // retried after the 5 s initial interval, then 10 s
  const published = await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'PUBLISHED',
    90_000,
  );
  expect(published.body.targets[0]).toMatchObject({ status: 'PUBLISHED', attempts: 3, lastError: null });
  expect(x.tweets.filter((tweet) => tweet.text === 'Third time lucky on X')).toHaveLength(1);
});

test("Bluesky's 429 with Retry-After: the retry waits that long, not the default backoff", async () => {
  bluesky.failNext({ status: 429, headers: { 'Retry-After': '1' }, body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' } });
  const created = await api.post('/api/v1/posts', {
    content: 'Patience on Bluesky',
    publishAt: inSeconds(1),
    connectionIds: [ids.bluesky],
  });
  const published = await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(published.body.targets[0]).toMatchObject({ status: 'PUBLISHED', attempts: 2 });
  const limited = bluesky.failuresServed.find((failure) => failure.status === 429)!;
  const post = bluesky.posts.find((p) => p.record.text === 'Patience on Bluesky')!;
  const waitedMs = post.receivedAt - limited.at;
  expect(waitedMs).toBeGreaterThanOrEqual(1000);
  expect(waitedMs).toBeLessThan(4500); // the 5 s initial interval would be the wait without Retry-After
});

test('a revoked LinkedIn token fails the target at once (AUTH_FAILED, no retry) with the reason', async () => {
  const revoked = await storeOAuthConnection(db, env, {
    teamId,
    platform: 'LINKEDIN',
    handle: 'Revoked Member',
    credentials: { authorUrn: 'urn:li:person:gone', accessToken: 'li-token-revoked' },
  });
  const requestsBefore = linkedIn.requests.length;
  const created = await api.post('/api/v1/posts', { content: 'Nobody reads this', publishAt: inSeconds(1), connectionIds: [revoked] });
  const failed = await waitFor(
    () => getPost(created.body.id),
    (res) => res.body.status === 'FAILED',
    60_000,
  );
  expect(failed.body.targets[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
  expect(failed.body.targets[0].lastError).toContain('LinkedIn answered 401');
  // one request, refused: no retry
  expect(linkedIn.requests.slice(requestsBefore)).toEqual(['POST /rest/posts']);
});

test('the posts API refuses a post X would refuse: 422 naming X and the rule, listing every violation', async () => {
  const tooLongForX = 'a'.repeat(290);
  const refused = await api.post('/api/v1/posts', {
    content: tooLongForX,
    publishAt: inSeconds(3600),
    connectionIds: [ids.x, ids.bluesky, ids.linkedIn],
  });
  expect(refused.status).toBe(422);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.body).toMatchObject({
    type: 'https://planrrr.dev/problems/platform-rules',
    status: 422,
    violations: [
      {
        platform: 'X',
        connectionId: ids.x,
        rule: 'text-too-long',
        message: 'X allows 280 weighted characters (CJK and emoji count twice, links 23); this post has 290',
      },
    ],
  });
  expect(refused.body.detail).toContain('X (text-too-long)');

  const tooLongForBoth = await api.post('/api/v1/posts', {
    content: 'a'.repeat(310),
    publishAt: inSeconds(3600),
    connectionIds: [ids.x, ids.bluesky],
  });
  expect(tooLongForBoth.body.violations.map((v: any) => `${v.platform}:${v.rule}`)).toEqual(['X:text-too-long', 'BLUESKY:text-too-long']);

  // an edit is checked against the accounts the post already targets
  const created = await api.post('/api/v1/posts', { content: 'Short and fine', publishAt: inSeconds(3600), connectionIds: [ids.x] });
  expect(created.status).toBe(201);
  const edited = await api.patch(`/api/v1/posts/${created.body.id}`, { content: '漢'.repeat(141) });
  expect(edited.status).toBe(422);
  expect(edited.body.violations).toEqual([expect.objectContaining({ platform: 'X', rule: 'text-too-long' })]);
  expect((await getPost(created.body.id)).body.content).toBe('Short and fine');
  await api.post(`/api/v1/posts/${created.body.id}/cancel`);
});

test("a Mastodon instance's own length limit, read when the account is connected, is the one checked", async () => {
  mastodon.maxCharacters = 1000;
  const connected = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  expect(connected.status).toBe(201);
  const fits = await api.post('/api/v1/posts', {
    content: 'm'.repeat(1000),
    publishAt: inSeconds(3600),
    connectionIds: [connected.body.id],
  });
  expect(fits.status).toBe(201);
  const tooLong = await api.post('/api/v1/posts', {
    content: 'm'.repeat(1001),
    publishAt: inSeconds(3600),
    connectionIds: [connected.body.id],
  });
  expect(tooLong.status).toBe(422);
  expect(tooLong.body.violations).toEqual([
    {
      platform: 'MASTODON',
      connectionId: connected.body.id,
      handle: connected.body.handle,
      rule: 'text-too-long',
      message: 'Mastodon allows 1000 characters (links count 23); this post has 1001',
    },
  ]);
  await api.post(`/api/v1/posts/${fits.body.id}/cancel`);
});

test('a publishing activity repeated after a crash (its result recorded, its completion lost) does not post twice', async () => {
  const { publishToTarget } = createPublishToTarget({
    db,
    credentials: createConnectionCredentials({ db, keys: keyRing(env.config), providers: oauthProviders(env.config) }),
    publishers: createPublishers({
      db,
      config: { ...env.config, X_API_BASE_URL: x.url, LINKEDIN_API_BASE_URL: linkedIn.url, BLUESKY_DEFAULT_SERVICE_URL: bluesky.url },
    }),
    mediaStore: createMediaStore(env.config),
    publicUrl: env.config.PUBLIC_URL,
    sessionSecret: env.config.SESSION_SECRET,
  });
  const count = {
    X: () => x.tweets.length,
    BLUESKY: () => bluesky.posts.length,
    LINKEDIN: () => linkedIn.posts.length,
  };
  for (const [platform, connectionId] of [
    ['X', ids.x],
    ['BLUESKY', ids.bluesky],
    ['LINKEDIN', ids.linkedIn],
  ] as const) {
    // the post sleeps an hour, so only this test's activity runs publish it
    const content = `Exactly once on ${platform}`;
    const created = await api.post('/api/v1/posts', { content, publishAt: inSeconds(3600), connectionIds: [connectionId] });
    const input = {
      postId: created.body.id,
      teamId,
      connectionId,
      content,
      mediaIds: [],
      revision: 1,
      idempotencyKey: idempotencyKeyFor(created.body.id, connectionId, 1),
      publishAt: created.body.publishAt,
    };
    const before = count[platform]();
    // the heartbeat timeout the post workflow gives every publish
    const first = await new MockActivityEnvironment({ attempt: 1, heartbeatTimeoutMs: 30_000 }).run(publishToTarget, input);
    // The worker died before Temporal heard of the result: Temporal runs the activity again.
    const repeated = await new MockActivityEnvironment({ attempt: 2, heartbeatTimeoutMs: 30_000 }).run(publishToTarget, input);
    expect(count[platform]() - before).toBe(1);
    expect(repeated).toEqual(first);
    await api.post(`/api/v1/posts/${created.body.id}/cancel`);
  }
});
