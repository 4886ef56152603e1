// The TikTok publisher against the contract fake of the Content Posting API (tests/fakes/tiktok.ts),
// which pulls a photo post's photos from a small local file server standing in for planrrr's
// signed URLs (the integration test uses the real ones).
import express from 'express';
import { PublishError } from '../../lib/platforms/errors';
import { parseTikTokJson } from './api.server';
import { close, listen } from '../../tests/fakes/http';
import { FAKE_ACCOUNTS, FakeOAuthProvider } from '../../tests/fakes/oauth-provider';
import { FAKE_TIKTOK_CREATOR, FakeTikTok } from '../../tests/fakes/tiktok';
import { JPEG, MP4, testMedia } from '../../tests/support/media-fixtures';
import type { PublishMedia, PublishRequest } from '../../activities/publishers/publisher';
import { chunkPlan, createTikTokPublisher } from './publisher.server';

const MB = 1024 * 1024;
// the OAuth fake (not started) lends the user endpoint, which answers this fake's own tokens too
const tiktok = new FakeTikTok(new FakeOAuthProvider());
let publisher: ReturnType<typeof createTikTokPublisher>;
let files: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  await tiktok.start();
  const app = express();
  app.get('/files/photo.jpg', (_req, res) => void res.type('image/jpeg').send(JPEG));
  files = await listen(app);
  tiktok.verifiedUrlPrefixes.add(`${files.url}/files/`);
  // these tests start more posts a minute than TikTok's 6 per creator (the integration test keeps to them)
  tiktok.initBudget.limit = 100;
  publisher = createTikTokPublisher({ baseUrl: tiktok.url, pollIntervalMs: 100, maxProcessingWaitMs: 5_000 });
});
afterAll(async () => {
  await Promise.all([tiktok.stop(), close(files.server)]);
});

/** A photo served from the verified file server, or from a host the TikTok app never verified. */
const photo = (verified = true): PublishMedia =>
  testMedia('image', { publicUrl: (seconds) => `${verified ? files.url : 'http://127.0.0.1:9'}/files/photo.jpg?expires=${seconds}` });

const connection = (accessToken = 'tiktok-token-alice') => ({
  id: 'c1',
  platform: 'TIKTOK' as const,
  handle: 'Alice on TikTok',
  instanceUrl: null,
  credentials: { openId: '-000AliceOpenId', accessToken },
});

function request(content: string, media: PublishMedia[], options: Record<string, unknown>, accessToken?: string): PublishRequest {
  return { content, media, options, idempotencyKey: 'planrrr-post-c1-r1', connection: connection(accessToken) };
}

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

test('a direct post: creator_info, the video uploaded, the status polled until PUBLISH_COMPLETE, and its link', async () => {
  const published = await publisher.publish(
    request('Lemon tart in 30 seconds #baking', [testMedia('video')], {
      mode: 'direct',
      privacyLevel: 'PUBLIC_TO_EVERYONE',
      disableStitch: true,
    }),
  );
  const video = tiktok.videos.at(-1)!;
  expect(video).toMatchObject({
    mode: 'direct',
    title: 'Lemon tart in 30 seconds #baking',
    privacyLevel: 'PUBLIC_TO_EVERYONE',
    disableComment: false,
    // the creator turned duets off in the app: it stays off
    disableDuet: true,
    disableStitch: true,
    status: 'PUBLISH_COMPLETE',
  });
  expect(tiktok.bytesOf(video).equals(MP4)).toBe(true);
  // the id passes 2^53: kept whole, not rounded
  expect(published).toEqual({
    platformPostId: video.postId,
    url: `https://www.tiktok.com/@${FAKE_TIKTOK_CREATOR.creator_username}/video/${video.postId}`,
  });
  const calls = tiktok.calls.slice(tiktok.calls.lastIndexOf('creator_info'));
  expect(calls.slice(0, 3)).toEqual(['creator_info', 'video.init', 'upload']);
  expect(calls.slice(3).every((call) => call === 'status')).toBe(true);
});

test('an inbox upload: no post_info, and no link (the creator finishes it in the app)', async () => {
  const published = await publisher.publish(request('Draft for the app', [testMedia('video')], { mode: 'inbox' }));
  const video = tiktok.videos.at(-1)!;
  expect(video).toMatchObject({ mode: 'inbox', status: 'SEND_TO_USER_INBOX' });
  expect(video.title).toBeUndefined();
  expect(published).toEqual({ platformPostId: video.publishId, url: '' });
});

test('a SELF_ONLY post completes without a public id: the publish id, and no link', async () => {
  const published = await publisher.publish(request('Only me', [testMedia('video')], { mode: 'direct', privacyLevel: 'SELF_ONLY' }));
  expect(published).toEqual({ platformPostId: tiktok.videos.at(-1)!.publishId, url: '' });
});

test('a privacy level the creator does not allow is refused before anything is uploaded, naming the allowed ones', async () => {
  const before = tiktok.videos.length;
  const error = await failure(
    publisher.publish(request('x', [testMedia('video')], { mode: 'direct', privacyLevel: 'FOLLOWER_OF_CREATOR' })),
  );
  expect(error.kind).toBe('CONTENT_REJECTED');
  expect(error.message).toBe(
    'This TikTok account does not allow the privacy level FOLLOWER_OF_CREATOR: it allows PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY',
  );
  expect(tiktok.videos).toHaveLength(before);
});

test("TikTok's error codes: a refused token is auth, spam risk and a failed check are content, a rate limit waits a minute", async () => {
  const direct = { mode: 'direct', privacyLevel: 'PUBLIC_TO_EVERYONE' };
  expect((await failure(publisher.publish(request('x', [testMedia('video')], direct, 'nope')))).kind).toBe('AUTH_FAILED');
  tiktok.failNext({
    status: 403,
    body: { data: {}, error: { code: 'spam_risk_too_many_posts', message: 'The daily post cap is reached', log_id: 'l' } },
  });
  expect(await failure(publisher.publish(request('x', [testMedia('video')], direct)))).toMatchObject({
    kind: 'CONTENT_REJECTED',
    message: expect.stringContaining('spam_risk_too_many_posts: The daily post cap is reached'),
  });
  tiktok.failNext({ status: 429, body: { data: {}, error: { code: 'rate_limit_exceeded', message: 'slow down', log_id: 'l' } } });
  expect(await failure(publisher.publish(request('x', [testMedia('video')], direct)))).toMatchObject({
    kind: 'RATE_LIMITED',
    retryAfterMs: 60_000,
  });
  const notAVideo: PublishMedia = { ...testMedia('video'), read: async () => Buffer.from('not a video at all') };
  expect(await failure(publisher.publish(request('x', [notAVideo], direct)))).toMatchObject({
    kind: 'CONTENT_REJECTED',
    message: 'TikTok could not publish the video: file_format_check_failed',
  });
});

test('a post without its options, or with a video and photos, fails in words', async () => {
  expect((await failure(publisher.publish(request('x', [testMedia('video')], { mode: 'direct' })))).message).toContain(
    'privacyLevel is required for a direct post',
  );
  expect((await failure(publisher.publish(request('x', [testMedia('video'), photo()], { mode: 'inbox' })))).kind).toBe('CONTENT_REJECTED');
});

test("a photo post: pulled by TikTok from the photos' signed URLs, as a direct post with its link, or to the inbox", async () => {
  const published = await publisher.publish(
    request('Three tarts', [photo(), photo(), photo()], { mode: 'direct', privacyLevel: 'PUBLIC_TO_EVERYONE' }),
  );
  const post = tiktok.videos.at(-1)!;
  expect(post).toMatchObject({ mediaType: 'PHOTO', mode: 'direct', description: 'Three tarts', privacyLevel: 'PUBLIC_TO_EVERYONE' });
  expect(post.photos!.map((bytes) => bytes.equals(JPEG))).toEqual([true, true, true]);
  expect(published).toEqual({
    platformPostId: post.postId,
    url: `https://www.tiktok.com/@${FAKE_TIKTOK_CREATOR.creator_username}/photo/${post.postId}`,
  });
  const inbox = await publisher.publish(request('For the app', [photo()], { mode: 'inbox' }));
  expect(tiktok.videos.at(-1)).toMatchObject({ mediaType: 'PHOTO', mode: 'inbox', status: 'SEND_TO_USER_INBOX' });
  expect(inbox).toEqual({ platformPostId: tiktok.videos.at(-1)!.publishId, url: '' });
});

test("photos from a URL the TikTok app has not verified are refused as content, in TikTok's words", async () => {
  expect(await failure(publisher.publish(request('x', [photo(false)], { mode: 'inbox' })))).toMatchObject({
    kind: 'CONTENT_REJECTED',
    message: expect.stringContaining('url_ownership_unverified'),
  });
});

test('once the video is uploaded, a status TikTok does not give in time ends the publish without a link, never a second post', async () => {
  tiktok.processingMs = 60_000;
  try {
    const quick = createTikTokPublisher({ baseUrl: tiktok.url, pollIntervalMs: 50, maxProcessingWaitMs: 200 });
    const published = await quick.publish(request('Slow', [testMedia('video')], { mode: 'direct', privacyLevel: 'PUBLIC_TO_EVERYONE' }));
    expect(published).toEqual({ platformPostId: tiktok.videos.at(-1)!.publishId, url: '' });
  } finally {
    tiktok.processingMs = 300;
  }
});

test("the media transfer guide's chunks: one under 64 MB, else 10 MB chunks with the rest in the last", () => {
  expect(chunkPlan(5000)).toEqual({ chunkSize: 5000, starts: [0] });
  expect(chunkPlan(64 * MB)).toEqual({ chunkSize: 64 * MB, starts: [0] });
  const plan = chunkPlan(105 * MB);
  expect(plan.chunkSize).toBe(10 * MB);
  expect(plan.starts).toHaveLength(10);
  expect(plan.starts.at(-1)).toBe(90 * MB);
});

test("TikTok's int64 ids are read whole", () => {
  expect(parseTikTokJson('{"data":{"publicaly_available_post_id":[7300000000000000123],"uploaded_bytes":5000}}')).toEqual({
    data: { publicaly_available_post_id: ['7300000000000000123'], uploaded_bytes: 5000 },
  });
});

test("metrics: a video's views, likes, comments and shares; a deleted video is deleted; an inbox upload has none, said so", async () => {
  const { platformPostId } = await publisher.publish(
    request('Count me', [testMedia('video')], { mode: 'direct', privacyLevel: 'PUBLIC_TO_EVERYONE' }),
  );
  const reading = await publisher.fetchMetrics!({ platformPostId, connection: connection() });
  expect(reading).toMatchObject({ kind: 'reading', missing: [] });
  expect(Object.keys((reading as { metrics: object }).metrics).sort()).toEqual(['likes', 'replies', 'reposts', 'views']);
  tiktok.deleted.add(platformPostId);
  expect(await publisher.fetchMetrics!({ platformPostId, connection: connection() })).toEqual({ kind: 'deleted' });
  const inbox = await publisher.fetchMetrics!({ platformPostId: 'v_inbox_file~v2.1', connection: connection() });
  expect(inbox).toMatchObject({ kind: 'reading', metrics: {} });
  expect((inbox as { missing: Array<{ reason: string }> }).missing.map((missing) => missing.reason)).toEqual(
    Array(4).fill(expect.stringContaining('an inbox upload finished in the app')),
  );
});

test("followers: the account's follower_count", async () => {
  expect(await publisher.fetchFollowers!(connection())).toEqual({ followers: FAKE_ACCOUNTS.tiktok.follower_count });
});
