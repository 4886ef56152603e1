// The Instagram publisher against the Graph API contract fake, which downloads each
// media URL it is given (here from a small local file server standing in for planrrr's
// signed URLs; the integration test uses the real ones).
import express from 'express';
import { close, listen } from '../../tests/fakes/http';
import { FakeFacebookGraph } from '../../tests/fakes/facebook-graph';
import { JPEG, MP4, PNG, testMedia } from '../../tests/support/media-fixtures';
import { PublishError } from '../../lib/platforms/errors';
import { createInstagramPublisher } from './publisher.server';
import type { PublishMedia, PublishRequest } from '../../activities/publishers/publisher';

const graph = new FakeFacebookGraph();
let files: Awaited<ReturnType<typeof listen>>;
let publisher: ReturnType<typeof createInstagramPublisher>;

beforeAll(async () => {
  await graph.start();
  const app = express();
  app.get('/files/:name', (req, res) => {
    if (req.params.name === 'photo.jpg') return void res.type('image/jpeg').send(JPEG);
    if (req.params.name === 'photo.png') return void res.type('image/png').send(PNG);
    if (req.params.name === 'clip.mp4') return void res.type('video/mp4').send(MP4);
    res.status(404).end();
  });
  files = await listen(app);
  publisher = createInstagramPublisher({ graph: { baseUrl: graph.url, version: 'v26.0' }, pollIntervalMs: 20, maxProcessingWaitMs: 2_000 });
});
afterAll(async () => {
  await Promise.all([graph.stop(), close(files.server)]);
});

function served(kind: 'image' | 'video', name = kind === 'image' ? 'photo.jpg' : 'clip.mp4', altText?: string): PublishMedia {
  return testMedia(kind, { altText, publicUrl: (seconds) => `${files.url}/files/${name}?expires=${seconds}` });
}

function request(content: string, media: PublishMedia[], accessToken = 'ig-token', options?: Record<string, unknown>): PublishRequest {
  return {
    content,
    media,
    ...(options ? { options } : {}),
    idempotencyKey: 'planrrr-post-connection-r1',
    connection: { id: 'c1', platform: 'INSTAGRAM', handle: 'insta', instanceUrl: null, credentials: { igUserId: 'ig-1', accessToken } },
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

test('an image: container from its URL, waited until FINISHED, published, permalink returned', async () => {
  graph.processingPolls = 2;
  const published = await publisher.publish(request('A caption', [served('image', 'photo.jpg', 'a red dot')]));
  graph.processingPolls = 1;
  const media = graph.instagramMedia.find((candidate) => candidate.id === published.platformPostId)!;
  expect(media).toMatchObject({ mediaType: 'IMAGE', caption: 'A caption' });
  expect(media.files[0]!.bytes.equals(JPEG)).toBe(true);
  expect(published.url).toBe(media.permalink);
  const container = graph.containers.find((candidate) => candidate.caption === 'A caption')!;
  expect(container.altText).toBe('a red dot');
});

test('a feed video is published as a REELS container: Instagram no longer takes VIDEO for a single feed video', async () => {
  const published = await publisher.publish(request('A reel', [served('video')]));
  const media = graph.instagramMedia.find((candidate) => candidate.id === published.platformPostId)!;
  expect(media.mediaType).toBe('REELS');
  expect(media.files[0]!.bytes.equals(MP4)).toBe(true);
});

test('several media become a carousel of their containers, in order', async () => {
  const published = await publisher.publish(request('A carousel', [served('image'), served('video')]));
  const media = graph.instagramMedia.find((candidate) => candidate.id === published.platformPostId)!;
  expect(media.mediaType).toBe('CAROUSEL');
  expect(media.files.map((file) => file.contentType)).toEqual(['image/jpeg', 'video/mp4']);
  const children = graph.containers.filter((candidate) => candidate.isCarouselItem).slice(-2);
  expect(children.map((child) => child.mediaType)).toEqual(['IMAGE', 'VIDEO']);
});

test('a Reel is one REELS container with its caption and share_to_feed', async () => {
  const published = await publisher.publish(request('Our reel', [served('video')], 'ig-token', { format: 'reel', shareToFeed: false }));
  const media = graph.instagramMedia.find((candidate) => candidate.id === published.platformPostId)!;
  expect(media).toMatchObject({ mediaType: 'REELS', caption: 'Our reel', shareToFeed: false });
  const notVideo = await failure(publisher.publish(request('No video', [served('image')], 'ig-token', { format: 'reel' })));
  expect(notVideo).toMatchObject({ kind: 'CONTENT_REJECTED', message: 'An Instagram Reel is exactly one video' });
});

test('a Story is one STORIES container of an image or a video, without a caption', async () => {
  for (const item of [served('image'), served('video')]) {
    const published = await publisher.publish(request('Not shown', [item], 'ig-token', { format: 'story' }));
    const media = graph.instagramMedia.find((candidate) => candidate.id === published.platformPostId)!;
    expect(media.mediaType).toBe('STORIES');
    expect(media.caption).toBeUndefined();
    expect(media.files[0]!.contentType).toBe(item.kind === 'image' ? 'image/jpeg' : 'video/mp4');
  }
  const container = graph.containers.at(-1)!;
  expect(container.caption).toBeUndefined();
  const two = await failure(publisher.publish(request('Two', [served('image'), served('image')], 'ig-token', { format: 'story' })));
  expect(two).toMatchObject({ kind: 'CONTENT_REJECTED', message: 'An Instagram Story is exactly one image or video' });
});

test('a PNG that Instagram fetches ends its container in ERROR: a content error naming the container and its status', async () => {
  const error = await failure(publisher.publish(request('Not a JPEG', [served('image', 'photo.png')])));
  expect(error.kind).toBe('CONTENT_REJECTED');
  expect(error.message).toMatch(/container \d+ \(status_code ERROR: .*image\/png/);
});

test('a text-only post is CONTENT_REJECTED; so is media Instagram cannot download (container ERROR)', async () => {
  expect((await failure(publisher.publish(request('Just words', [])))).kind).toBe('CONTENT_REJECTED');
  const broken = await failure(publisher.publish(request('Broken link', [served('image', 'missing.jpg')])));
  expect(broken.kind).toBe('CONTENT_REJECTED');
  expect(broken.message).toContain('ERROR');
});

test('processing that takes too long is PLATFORM_UNAVAILABLE (retryable), and nothing is published', async () => {
  graph.processingPolls = 1_000;
  const before = graph.instagramMedia.length;
  const slow = await failure(publisher.publish(request('Slow', [served('image')])));
  graph.processingPolls = 1;
  expect(slow).toMatchObject({ kind: 'PLATFORM_UNAVAILABLE' });
  expect(slow.retryable).toBe(true);
  expect(graph.instagramMedia.length).toBe(before);
});

test('an invalid token is AUTH_FAILED; 429 with Retry-After is RATE_LIMITED; a 500 then success publishes once', async () => {
  expect((await failure(publisher.publish(request('Hello', [served('image')], 'revoked')))).kind).toBe('AUTH_FAILED');

  graph.failNext({ status: 429, headers: { 'Retry-After': '3' } });
  expect(await failure(publisher.publish(request('Hello', [served('image')])))).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 3000 });

  graph.failNext({ status: 500 }, { status: 500 });
  expect((await failure(publisher.publish(request('Persist', [served('image')])))).kind).toBe('PLATFORM_UNAVAILABLE');
  expect((await failure(publisher.publish(request('Persist', [served('image')])))).kind).toBe('PLATFORM_UNAVAILABLE');
  await publisher.publish(request('Persist', [served('image')]));
  expect(graph.instagramMedia.filter((media) => media.caption === 'Persist')).toHaveLength(1);
});

test('a Graph answer slower than the time limit is a TIMEOUT (retryable)', async () => {
  const impatient = createInstagramPublisher({ graph: { baseUrl: graph.url, version: 'v26.0', timeoutMs: 100 }, pollIntervalMs: 20 });
  graph.failNext({ delayMs: 400 });
  const late = await failure(impatient.publish(request('Late', [served('image')])));
  expect(late.kind).toBe('TIMEOUT');
  expect(late.retryable).toBe(true);
});
