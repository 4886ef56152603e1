// TikTok end to end: the creator connects through the OAuth flow (the fake provider's consent
// screen; the client named client_key at TikTok's token endpoint), then videos publish through
// the real API, a real Temporal dev server, the worker process and the Content Posting API
// contract fake: a direct post with its privacy level and link, an upload to the creator's
// inbox (no link: the post page says where it went), a photo post TikTok pulls from planrrr's
// signed URLs, and a privacy level the creator does not allow failing once, in words, without
// a retry.
import { freePort } from '../../runtime/ports';
import { FAKE_ACCOUNTS, FakeOAuthProvider } from '../fakes/oauth-provider';
import { FAKE_TIKTOK_CREATOR, FakeTikTok } from '../fakes/tiktok';
import { JPEG, MP4, uploadMedia } from '../support/media-fixtures';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const provider = new FakeOAuthProvider();
const tiktok = new FakeTikTok(provider);
const stack = useServerAndWorker({
  env: async () => {
    const port = await freePort();
    // the operator verified PUBLIC_URL in the TikTok app, so TikTok pulls photos from it
    tiktok.verifiedUrlPrefixes.add(`http://127.0.0.1:${port}/`);
    return testEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...provider.env(), TIKTOK_API_BASE_URL: tiktok.url });
  },
  alongside: [provider, tiktok],
});
let api: ApiClient;
let connectionId = '';

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Tia'));
});

async function published(postId: string) {
  return waitFor(
    () => api.get(`/api/v1/posts/${postId}`),
    (res) => !['SCHEDULED', 'PUBLISHING'].includes(res.body.status),
    90_000,
    500,
  );
}

async function videoPost(content: string, tiktokOptions: Record<string, unknown>) {
  const video = await uploadMedia(api, MP4, 'clip.mp4', 'video/mp4');
  const created = await api.post('/api/v1/posts', {
    content,
    publishAt: inSeconds(2),
    connectionIds: [connectionId],
    media: [video],
    targetOptions: [{ connectionId, tiktok: tiktokOptions }],
  });
  expect(created.status).toBe(201);
  return published(created.body.id);
}

test('TikTok connects through OAuth: the creator by display name, with their avatar', async () => {
  const started = await api.request('GET', '/api/v1/connections/tiktok/authorize', undefined, { accept: 'application/json' });
  expect(started.status).toBe(200);
  const authorizeUrl = new URL(started.body.authorizeUrl);
  expect(authorizeUrl.searchParams.get('client_key')).toBe('tiktok-client-key');
  expect(authorizeUrl.searchParams.get('scope')).toBe('user.info.basic,video.publish,video.upload,video.list,user.info.stats');
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const landing = await fetch(consent.headers.get('location')!, { redirect: 'manual' });
  expect(new URL(landing.headers.get('location')!).searchParams.get('oauth')).toBe('connected');

  const [connection] = (await api.get('/api/v1/connections')).body.data;
  expect(connection).toMatchObject({
    platform: 'TIKTOK',
    handle: FAKE_ACCOUNTS.tiktok.display_name,
    displayName: FAKE_ACCOUNTS.tiktok.display_name,
    avatarUrl: expect.any(String),
  });
  connectionId = connection.id;
});

test('a TikTok post needs a video or photos and its mode (422 naming the account and the rule), and a direct one its privacy level (400)', async () => {
  const refused = await api.post('/api/v1/posts', { content: 'No video', publishAt: inSeconds(60), connectionIds: [connectionId] });
  expect(refused.status).toBe(422);
  expect(refused.body.violations.map((violation: any) => [violation.connectionId, violation.rule, violation.field ?? null])).toEqual([
    [connectionId, 'media-required', null],
    [connectionId, 'target-options', 'targetOptions.tiktok.mode'],
  ]);
  const noPrivacy = await api.post('/api/v1/posts', {
    content: 'Direct, but who sees it?',
    publishAt: inSeconds(60),
    connectionIds: [connectionId],
    media: [await uploadMedia(api, MP4, 'clip.mp4', 'video/mp4')],
    targetOptions: [{ connectionId, tiktok: { mode: 'direct' } }],
  });
  // options of the wrong shape are the request's mistake: 400 naming the field
  expect(noPrivacy.status).toBe(400);
  expect(noPrivacy.body.errors).toEqual([
    expect.objectContaining({ field: 'body.targetOptions.0.tiktok.privacyLevel', message: 'privacyLevel is required for a direct post' }),
  ]);
});

test('a direct post publishes once, with its privacy level, and links to the video', async () => {
  const done = await videoPost('Lemon tart in 30 seconds', { mode: 'direct', privacyLevel: 'MUTUAL_FOLLOW_FRIENDS', disableComment: true });
  expect(done.body.status).toBe('PUBLISHED');
  const videos = tiktok.videos.filter((video) => video.title === 'Lemon tart in 30 seconds');
  expect(videos).toEqual([expect.objectContaining({ mode: 'direct', privacyLevel: 'MUTUAL_FOLLOW_FRIENDS', disableComment: true })]);
  expect(tiktok.bytesOf(videos[0]!).equals(MP4)).toBe(true);
  expect(done.body.targets[0]).toMatchObject({
    platformPostId: videos[0]!.postId,
    url: `https://www.tiktok.com/@${FAKE_TIKTOK_CREATOR.creator_username}/video/${videos[0]!.postId}`,
  });
});

test("an inbox upload goes to the creator's TikTok inbox, and the post page says so instead of a link", async () => {
  const done = await videoPost('For the app', { mode: 'inbox' });
  expect(done.body.status).toBe('PUBLISHED');
  const video = tiktok.videos.filter((candidate) => candidate.mode === 'inbox').at(-1)!;
  expect(video.status).toBe('SEND_TO_USER_INBOX');
  expect(done.body.targets[0]).toMatchObject({ platformPostId: video.publishId, url: '', options: { tiktok: { mode: 'inbox' } } });
});

test('a photo post publishes once: TikTok pulls the photos from their signed public URLs', async () => {
  const photos = [await uploadMedia(api, JPEG, 'one.jpg', 'image/jpeg'), await uploadMedia(api, JPEG, 'two.jpg', 'image/jpeg')];
  const created = await api.post('/api/v1/posts', {
    content: 'Two tarts',
    publishAt: inSeconds(2),
    connectionIds: [connectionId],
    media: photos,
    targetOptions: [{ connectionId, tiktok: { mode: 'direct', privacyLevel: 'PUBLIC_TO_EVERYONE' } }],
  });
  expect(created.status).toBe(201);
  const done = await published(created.body.id);
  expect(done.body.status).toBe('PUBLISHED');
  const posts = tiktok.videos.filter((post) => post.description === 'Two tarts');
  expect(posts).toEqual([expect.objectContaining({ mediaType: 'PHOTO', mode: 'direct' })]);
  expect(posts[0]!.photos!.every((bytes) => bytes.equals(JPEG))).toBe(true);
  expect(done.body.targets[0]).toMatchObject({
    platformPostId: posts[0]!.postId,
    url: `https://www.tiktok.com/@${FAKE_TIKTOK_CREATOR.creator_username}/photo/${posts[0]!.postId}`,
  });
});

test('a privacy level the creator does not allow fails once, naming the levels they allow', async () => {
  const uploads = tiktok.videos.length;
  const done = await videoPost('Followers only', { mode: 'direct', privacyLevel: 'FOLLOWER_OF_CREATOR' });
  expect(done.body.status).toBe('FAILED');
  expect(done.body.targets[0]).toMatchObject({
    status: 'FAILED',
    attempts: 1,
    lastError: expect.stringContaining('it allows PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY'),
  });
  expect(tiktok.videos).toHaveLength(uploads);
});
