// The Facebook publisher against the Graph API contract fake: text, one photo, several
// photos, a video, a Reel and Stories, and how Graph's answers map to PublishError kinds.
import { FakeFacebookGraph } from '../../tests/fakes/facebook-graph';
import { MP4, PNG, testMedia } from '../../tests/support/media-fixtures';
import { PublishError } from '../../lib/platforms/errors';
import { createFacebookPublisher } from './publisher.server';
import type { PublishMedia, PublishRequest } from '../../activities/publishers/publisher';

const graph = new FakeFacebookGraph();
let publisher: ReturnType<typeof createFacebookPublisher>;

beforeAll(async () => {
  await graph.start();
  // the fake serves rupload's video uploads on its own host
  publisher = createFacebookPublisher({ baseUrl: graph.url, version: 'v26.0', ruploadBaseUrl: graph.url, pollIntervalMs: 10 });
});
afterAll(() => graph.stop());

function request(content: string, media: PublishMedia[] = [], accessToken = 'fb-page-token', format?: string): PublishRequest {
  return {
    content,
    media,
    ...(format ? { options: { format } } : {}),
    idempotencyKey: 'planrrr-post-connection-r1',
    connection: { id: 'c1', platform: 'FACEBOOK', handle: 'Page', instanceUrl: null, credentials: { pageId: 'page-1', accessToken } },
  };
}

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

test('a text post goes to the page feed, with its first link as the link preview', async () => {
  const published = await publisher.publish(request('Read this: https://example.com/news today'));
  const post = graph.posts.find((candidate) => candidate.id === published.platformPostId)!;
  expect(post).toMatchObject({
    kind: 'feed',
    pageId: 'page-1',
    message: 'Read this: https://example.com/news today',
    link: 'https://example.com/news',
  });
  expect(published.url).toBe(`https://www.facebook.com/${post.id}`);
});

test('one image is uploaded as a published photo with its caption and alt text', async () => {
  const published = await publisher.publish(request('A photo', [testMedia('image', { altText: 'a red dot' })]));
  const post = graph.posts.find((candidate) => candidate.id === published.platformPostId)!;
  expect(post).toMatchObject({ kind: 'photo', message: 'A photo', altText: 'a red dot' });
  expect(post.file!.bytes.equals(PNG)).toBe(true);
  expect(post.file!.contentType).toBe('image/png');
});

test('several images are uploaded unpublished, then attached to one feed post in order', async () => {
  const photosBefore = graph.photos.length;
  const published = await publisher.publish(request('An album', [testMedia('image', { id: 'a' }), testMedia('image', { id: 'b' })]));
  const uploaded = graph.photos.slice(photosBefore);
  expect(uploaded.map((photo) => photo.published)).toEqual([false, false]);
  const post = graph.posts.find((candidate) => candidate.id === published.platformPostId)!;
  expect(post).toMatchObject({ kind: 'feed', message: 'An album', attachedPhotoIds: uploaded.map((photo) => photo.id) });
});

test('a video goes to the page videos with the content as its description', async () => {
  const published = await publisher.publish(request('Watch this', [testMedia('video')]));
  const post = graph.posts.find((candidate) => candidate.id === published.platformPostId)!;
  expect(post).toMatchObject({ kind: 'video', message: 'Watch this' });
  expect(post.file!.bytes.equals(MP4)).toBe(true);
});

test('a Reel: upload_phase start, the bytes to rupload, finish with video_state PUBLISHED and the description, then followed until published', async () => {
  const before = graph.requests.length;
  graph.reelProcessingPolls = 2;
  const published = await publisher.publish(request('Our reel', [testMedia('video')], 'fb-page-token', 'reel'));
  graph.reelProcessingPolls = 1;
  expect(graph.requests.slice(before)).toEqual([
    'POST /v26.0/page-1/video_reels',
    `POST /video-upload/v26.0/${published.platformPostId}`,
    'POST /v26.0/page-1/video_reels',
  ]);
  // read until published: two reads processing, the third published
  expect(graph.videoUploads.find((upload) => upload.videoId === published.platformPostId)!.pollsUntilDone).toBe(0);
  const reel = graph.posts.find((candidate) => candidate.id === published.platformPostId)!;
  expect(reel).toMatchObject({ kind: 'reel', pageId: 'page-1', message: 'Our reel' });
  expect(reel.file!.bytes.equals(MP4)).toBe(true);
  expect(published.url).toBe(`https://www.facebook.com/reel/${reel.id}`);

  const requests = graph.requests.length;
  const photo = await failure(publisher.publish(request('Not a reel', [testMedia('image')], 'fb-page-token', 'reel')));
  expect(photo).toMatchObject({ kind: 'CONTENT_REJECTED', message: 'A Facebook Reel is exactly one video' });
  expect(graph.requests.length).toBe(requests);
});

test('a Reel whose video Facebook cannot process fails as refused content; one still processing at the deadline counts as published', async () => {
  graph.reelProcessingError = 'Video Creation failed, please try again.';
  const refused = await failure(publisher.publish(request('Broken reel', [testMedia('video')], 'fb-page-token', 'reel')));
  graph.reelProcessingError = undefined;
  expect(refused).toMatchObject({
    kind: 'CONTENT_REJECTED',
    message: "Facebook could not process the Reel's video: Video Creation failed, please try again.",
  });

  const impatient = createFacebookPublisher({
    baseUrl: graph.url,
    version: 'v26.0',
    ruploadBaseUrl: graph.url,
    pollIntervalMs: 10,
    maxProcessingWaitMs: 50,
  });
  graph.reelProcessingPolls = 1_000;
  const slow = await impatient.publish(request('Slow reel', [testMedia('video')], 'fb-page-token', 'reel'));
  graph.reelProcessingPolls = 1;
  // accepted, so not uploaded again: a retry would publish it twice
  expect(slow.url).toBe(`https://www.facebook.com/reel/${slow.platformPostId}`);
  expect(graph.videoUploads.filter((upload) => upload.finished && upload.edge === 'video_reels').at(-1)!.videoId).toBe(slow.platformPostId);
});

test('a photo Story: the photo uploaded unpublished, then photo_stories; a video Story through video_stories', async () => {
  const photoStory = await publisher.publish(request('Not shown', [testMedia('image')], 'fb-page-token', 'story'));
  const story = graph.posts.find((candidate) => candidate.id === photoStory.platformPostId)!;
  expect(story).toMatchObject({ kind: 'story', pageId: 'page-1' });
  expect(story.message).toBeUndefined();
  expect(story.file!.bytes.equals(PNG)).toBe(true);
  expect(graph.photos.find((photo) => photo.id === story.attachedPhotoIds[0])!.published).toBe(true);

  const videoStory = await publisher.publish(request('Not shown', [testMedia('video')], 'fb-page-token', 'story'));
  const video = graph.posts.find((candidate) => candidate.id === videoStory.platformPostId)!;
  expect(video).toMatchObject({ kind: 'story' });
  expect(video.file!.bytes.equals(MP4)).toBe(true);
  expect(videoStory.url).toBe(`https://www.facebook.com/${video.id}`);

  const none = await failure(publisher.publish(request('Text only', [], 'fb-page-token', 'story')));
  expect(none).toMatchObject({ kind: 'CONTENT_REJECTED', message: 'A Facebook Story is exactly one photo or video' });
});

test('rupload refusing the bytes is a content error, and the upload is never finished', async () => {
  const notAVideo = { ...testMedia('video'), read: async () => PNG };
  const error = await failure(publisher.publish(request('Broken', [notAVideo], 'fb-page-token', 'reel')));
  expect(error.kind).toBe('CONTENT_REJECTED');
  expect(error.message).toContain('code 6000');
  expect(graph.videoUploads.at(-1)).toMatchObject({ finished: false });
  expect(graph.videoUploads.at(-1)!.file).toBeUndefined();
});

test('an invalid token (Graph code 190) is AUTH_FAILED, not retried', async () => {
  const error = await failure(publisher.publish(request('Hello', [], 'revoked-token')));
  expect(error.kind).toBe('AUTH_FAILED');
  expect(error.retryable).toBe(false);
  expect(error.message).toContain('code 190');
});

test('a 401 answer is AUTH_FAILED', async () => {
  graph.failNext({ status: 401, body: { error: { message: 'Session expired', code: 102 } } });
  expect((await failure(publisher.publish(request('Hello')))).kind).toBe('AUTH_FAILED');
});

test('a 429 with Retry-After is RATE_LIMITED with that delay; Graph rate-limit codes too', async () => {
  graph.failNext({ status: 429, headers: { 'Retry-After': '7' } });
  const limited = await failure(publisher.publish(request('Hello')));
  expect(limited).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 7000 });

  for (const code of [4, 17, 32, 613]) {
    graph.failNext({ status: 400, body: { error: { message: 'Calls to this api have exceeded the rate limit.', code } } });
    expect((await failure(publisher.publish(request('Hello')))).kind).toBe('RATE_LIMITED');
  }
});

test('a 500 is PLATFORM_UNAVAILABLE (retryable); the next attempt publishes once', async () => {
  graph.failNext({ status: 500 }, { status: 500 });
  expect((await failure(publisher.publish(request('Third time lucky')))).kind).toBe('PLATFORM_UNAVAILABLE');
  expect((await failure(publisher.publish(request('Third time lucky')))).retryable).toBe(true);
  await publisher.publish(request('Third time lucky'));
  expect(graph.posts.filter((post) => post.message === 'Third time lucky')).toHaveLength(1);
});

test('a rejected parameter is CONTENT_REJECTED; a video with other media is refused before any call', async () => {
  graph.failNext({ status: 400, body: { error: { message: '(#100) Invalid parameter', code: 100 } } });
  expect((await failure(publisher.publish(request('Hello')))).kind).toBe('CONTENT_REJECTED');
  const requests = graph.requests.length;
  expect((await failure(publisher.publish(request('Mixed', [testMedia('video'), testMedia('image')])))).kind).toBe('CONTENT_REJECTED');
  expect(graph.requests.length).toBe(requests);
});
