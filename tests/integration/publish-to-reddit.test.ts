// Reddit end to end, and per-account platform options ("targetOptions"): the account connects
// through the OAuth flow (the fake provider's consent screen, HTTP Basic at the token
// endpoint, a permanent grant), then posts with their subreddit and title (an image post and a
// gallery, their images uploaded through Reddit's media lease and the text as their body)
// publish through the real API, a real Temporal dev server, the worker process and the Reddit
// API contract fake.
import { decryptSecret } from '../../lib/crypto';
import { createDb, type Db } from '../../lib/db';
import { freePort } from '../../runtime/ports';
import { FAKE_ACCOUNTS, FakeOAuthProvider } from '../fakes/oauth-provider';
import { FakeReddit } from '../fakes/reddit';
import { JPEG, MP4, PNG, uploadMedia } from '../support/media-fixtures';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient, type TestEnv } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const provider = new FakeOAuthProvider();
const reddit = new FakeReddit(provider);
const stack = useServerAndWorker({
  env: async () => {
    const port = await freePort();
    return testEnv({
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...provider.env(),
      REDDIT_API_BASE_URL: reddit.url,
      REDDIT_USER_AGENT: 'web:planrrr:test (by /u/planrrr)',
    });
  },
  alongside: [provider, reddit],
});
let env: TestEnv;
let db: Db;
let api: ApiClient;
let redditId = '';
let demoId = '';

beforeAll(async () => {
  ({ env } = stack);
  db = createDb(env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Rita'));
  demoId = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
});

afterAll(async () => {
  await db?.$disconnect();
});

function settled(postId: string) {
  return waitFor(
    () => api.get(`/api/v1/posts/${postId}`),
    (res) => !['SCHEDULED', 'PUBLISHING'].includes(res.body.status),
    90_000,
    500,
  );
}

test('Reddit connects through OAuth with a permanent grant: a refresh token, the account and its picture', async () => {
  const started = await api.request('GET', '/api/v1/connections/reddit/authorize', undefined, { accept: 'application/json' });
  expect(started.status).toBe(200);
  const authorizeUrl = new URL(started.body.authorizeUrl);
  expect(authorizeUrl.searchParams.get('duration')).toBe('permanent');
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const landing = await fetch(consent.headers.get('location')!, { redirect: 'manual' });
  expect(new URL(landing.headers.get('location')!).searchParams.get('oauth')).toBe('connected');

  const connection = (await api.get('/api/v1/connections')).body.data.find((c: any) => c.platform === 'REDDIT');
  expect(connection).toMatchObject({ handle: `u/${FAKE_ACCOUNTS.reddit.name}`, status: 'ACTIVE', avatarUrl: expect.any(String) });
  redditId = connection.id;
  const row = await db.connection.findUniqueOrThrow({ where: { id: redditId }, select: { encryptedCredentials: true } });
  expect(JSON.parse(decryptSecret(row.encryptedCredentials, env.config.ENCRYPTION_KEY))).toEqual({
    username: FAKE_ACCOUNTS.reddit.name,
    accessToken: expect.any(String),
    refreshToken: expect.any(String),
    expiresAt: expect.any(String),
  });
});

test('a Reddit account without its subreddit and title is refused with 422, naming the account and each field', async () => {
  const refused = await api.post('/api/v1/posts', { content: 'Hello Reddit', publishAt: inSeconds(60), connectionIds: [redditId, demoId] });
  expect(refused.status).toBe(422);
  expect(refused.body.type).toBe('https://planrrr.dev/problems/platform-rules');
  expect(refused.body.violations).toEqual([
    expect.objectContaining({
      platform: 'REDDIT',
      connectionId: redditId,
      rule: 'target-options',
      field: 'targetOptions.reddit.subreddit',
    }),
    expect.objectContaining({ platform: 'REDDIT', connectionId: redditId, rule: 'target-options', field: 'targetOptions.reddit.title' }),
  ]);

  const tooLong = await api.post('/api/v1/posts', {
    content: 'Hello Reddit',
    publishAt: inSeconds(60),
    connectionIds: [redditId],
    targetOptions: [{ connectionId: redditId, reddit: { subreddit: 'planrrr', title: 't'.repeat(301) } }],
  });
  expect(tooLong.status).toBe(400);
  expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'body.targetOptions.0.reddit.title' })]);

  const wrongPlatform = await api.post('/api/v1/posts', {
    content: 'Hello demo',
    publishAt: inSeconds(60),
    connectionIds: [demoId],
    targetOptions: [{ connectionId: demoId, reddit: { subreddit: 'planrrr', title: 'x' } }],
  });
  expect(wrongPlatform.status).toBe(400);
  expect(wrongPlatform.body.errors).toEqual([expect.objectContaining({ field: 'body.targetOptions.0.reddit' })]);
});

test('a post with its Reddit options publishes once to that subreddit with that title; the view returns the options', async () => {
  const created = await api.post('/api/v1/posts', {
    content: 'What we shipped this week',
    // changes close 10 s before the time
    publishAt: inSeconds(15),
    connectionIds: [redditId, demoId],
    targetOptions: [{ connectionId: redditId, reddit: { subreddit: 'r/planrrr', title: 'Weekly update' } }],
  });
  expect(created.status).toBe(201);
  const redditTarget = (post: any) => post.targets.find((target: any) => target.connectionId === redditId);
  expect(redditTarget(created.body).options).toEqual({ reddit: { subreddit: 'planrrr', title: 'Weekly update' } });

  // an edit of the options is a new revision of what Reddit receives
  const edited = await api.patch(`/api/v1/posts/${created.body.id}`, {
    targetOptions: [{ connectionId: redditId, reddit: { subreddit: 'planrrr', title: 'Weekly update #12' } }],
  });
  expect(edited.status).toBe(200);
  expect(redditTarget(edited.body).options).toEqual({ reddit: { subreddit: 'planrrr', title: 'Weekly update #12' } });

  const done = await settled(created.body.id);
  expect(done.body.status).toBe('PUBLISHED');
  const posts = reddit.posts.filter((post) => post.text === 'What we shipped this week');
  expect(posts).toEqual([expect.objectContaining({ subreddit: 'planrrr', title: 'Weekly update #12', kind: 'self' })]);
  expect(redditTarget(done.body)).toMatchObject({
    status: 'PUBLISHED',
    platformPostId: posts[0]!.name,
    options: { reddit: { subreddit: 'planrrr', title: 'Weekly update #12' } },
  });
});

test('a post with an image publishes once as an image post with the text as body: the image uploaded to Reddit, the post named by its websocket', async () => {
  const video = await uploadMedia(api, MP4, 'clip.mp4', 'video/mp4');
  const options = [{ connectionId: redditId, reddit: { subreddit: 'planrrr', title: 'Our new dashboard' } }];
  const refused = await api.post('/api/v1/posts', {
    content: 'A video',
    publishAt: inSeconds(60),
    connectionIds: [redditId],
    media: [video],
    targetOptions: options,
  });
  expect(refused.status).toBe(422);
  expect(refused.body.violations).toEqual([expect.objectContaining({ connectionId: redditId, rule: 'too-many-videos' })]);

  const image = await uploadMedia(api, PNG, 'dashboard.png', 'image/png');
  const created = await api.post('/api/v1/posts', {
    content: 'The dashboard, redrawn',
    publishAt: inSeconds(2),
    connectionIds: [redditId],
    media: [image],
    targetOptions: options,
  });
  expect(created.status).toBe(201);
  const done = await settled(created.body.id);
  expect(done.body.status).toBe('PUBLISHED');
  const posts = reddit.posts.filter((post) => post.title === 'Our new dashboard');
  expect(posts).toEqual([
    expect.objectContaining({
      kind: 'image',
      subreddit: 'planrrr',
      text: 'The dashboard, redrawn',
      image: expect.objectContaining({ mimeType: 'image/png' }),
    }),
  ]);
  expect(posts[0]!.image!.bytes.equals(PNG)).toBe(true);
  expect(done.body.targets[0]).toMatchObject({
    status: 'PUBLISHED',
    attempts: 1,
    platformPostId: posts[0]!.name,
    url: expect.stringContaining(`/r/planrrr/comments/${posts[0]!.id}/`),
  });
});

test('a post with three images publishes once as a gallery with the text as body, even when Reddit makes it and its answer is lost', async () => {
  const images = [
    await uploadMedia(api, PNG, 'before.png', 'image/png'),
    await uploadMedia(api, JPEG, 'after.jpg', 'image/jpeg'),
    await uploadMedia(api, PNG, 'detail.png', 'image/png'),
  ];
  const options = [{ connectionId: redditId, reddit: { subreddit: 'planrrr', title: 'Before and after' } }];

  // Reddit makes the gallery, then the connection drops before its answer arrives
  reddit.answersToLose.add('gallery');
  const created = await api.post('/api/v1/posts', {
    content: 'Our redesign, **step by step**',
    publishAt: inSeconds(2),
    connectionIds: [redditId],
    media: images,
    targetOptions: options,
  });
  expect(created.status).toBe(201);
  const done = await settled(created.body.id);
  expect(done.body.status).toBe('PUBLISHED');
  const posts = reddit.posts.filter((post) => post.title === 'Before and after');
  expect(posts).toEqual([expect.objectContaining({ kind: 'gallery', subreddit: 'planrrr', text: 'Our redesign, **step by step**' })]);
  expect(posts[0]!.images!.map((image) => image.mimeType)).toEqual(['image/png', 'image/jpeg', 'image/png']);
  expect(posts[0]!.images![1]!.bytes.equals(JPEG)).toBe(true);
  // the answer was lost, and the gallery was found among the subreddit's new posts instead of being posted again
  expect(reddit.answersToLose.size).toBe(0);
  expect(reddit.requests).toContain('GET /r/planrrr/new');
  expect(done.body.targets[0]).toMatchObject({
    status: 'PUBLISHED',
    attempts: 1,
    platformPostId: posts[0]!.name,
    url: `https://www.reddit.com/r/planrrr/comments/${posts[0]!.id}/`,
  });
});

test("a subreddit's flairs are listed for the account; an unknown subreddit is a 422", async () => {
  const flairs = await api.get(`/api/v1/connections/${redditId}/reddit/flairs?subreddit=r/strictsub`);
  expect(flairs.status).toBe(200);
  expect(flairs.body).toEqual({
    data: [
      { id: 'flair-news', text: 'news' },
      { id: 'flair-help', text: 'help' },
    ],
  });
  const unknown = await api.get(`/api/v1/connections/${redditId}/reddit/flairs?subreddit=nosuchsub`);
  expect(unknown.status).toBe(422);
  expect(unknown.body.type).toBe('https://planrrr.dev/problems/flairs-unavailable');
  expect((await api.get(`/api/v1/connections/${redditId}/reddit/flairs`)).status).toBe(400);
  expect((await api.get(`/api/v1/connections/${demoId}/reddit/flairs?subreddit=planrrr`)).status).toBe(404);
});

test("Reddit's refusal (an unknown subreddit) fails the target without retrying, in Reddit's words", async () => {
  const created = await api.post('/api/v1/posts', {
    content: 'Nobody home',
    publishAt: inSeconds(2),
    connectionIds: [redditId],
    targetOptions: [{ connectionId: redditId, reddit: { subreddit: 'nosuchsub', title: 'Hello?' } }],
  });
  const done = await settled(created.body.id);
  expect(done.body.status).toBe('FAILED');
  expect(done.body.targets[0]).toMatchObject({ status: 'FAILED', attempts: 1, lastError: expect.stringContaining('SUBREDDIT_NOEXIST') });
});
