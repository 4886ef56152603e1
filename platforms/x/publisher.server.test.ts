// The X publisher against the contract fake of X's API (tests/fakes/x.ts).
import { FakeX } from '../../tests/fakes/x';
import { publishMedia } from '../../tests/support/publish-media';
import { PublishError } from '../../lib/platforms/errors';
import type { PublishRequest, Publisher } from '../../activities/publishers/publisher';
import { createXPublisher } from './publisher.server';

const x = new FakeX();
let publisher: Publisher;

beforeAll(async () => {
  await x.start();
  publisher = createXPublisher({ baseUrl: x.url, videoChunkBytes: 1000 });
});
afterAll(() => x.stop());
beforeEach(() => {
  x.calls.length = 0;
});

function request(content: string, overrides: Partial<PublishRequest> = {}): PublishRequest {
  return {
    content,
    media: [],
    idempotencyKey: 'planrrr-post-conn-r1',
    connection: { id: 'conn-x', platform: 'X', handle: '@alice', instanceUrl: null, credentials: { accessToken: 'x-token-alice' } },
    ...overrides,
  };
}

async function publishError(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

test('a text post is created with the bearer token; the result links to it', async () => {
  const published = await publisher.publish(request('Hello X from planrrr'));
  const tweet = x.tweets.at(-1)!;
  expect(tweet).toMatchObject({ text: 'Hello X from planrrr', mediaIds: [], accessToken: 'x-token-alice' });
  expect(published).toEqual({ platformPostId: tweet.id, url: `https://x.com/i/web/status/${tweet.id}` });
});

test('an image goes up in one request, gets its alt text, and is attached to the post', async () => {
  const image = publishMedia({ kind: 'image', mimeType: 'image/png', sizeBytes: 2048, altText: 'A red bicycle' });
  await publisher.publish(request('With a picture', { media: [image] }));
  expect(x.calls).toEqual(['media.upload', 'media.metadata', 'tweets.create']);
  const tweet = x.tweets.at(-1)!;
  const uploaded = x.media.get(tweet.mediaIds[0]!)!;
  expect(uploaded).toMatchObject({ kind: 'image', mediaType: 'image/png', altText: 'A red bicycle', state: 'ready' });
  expect(uploaded.segments.get(0)).toEqual(image.bytes);
});

test('a video goes up in chunks, is finalized and processed before the post uses it', async () => {
  x.videoProcessingChecks = 1;
  const video = publishMedia({ kind: 'video', mimeType: 'video/mp4', sizeBytes: 2500 });
  await publisher.publish(request('With a clip', { media: [video] }));
  // 2500 bytes in 1000-byte chunks: three APPENDs; STATUS says in_progress once, then succeeded
  expect(x.calls).toEqual([
    'media.initialize',
    'media.append',
    'media.append',
    'media.append',
    'media.finalize',
    'media.status',
    'media.status',
    'tweets.create',
  ]);
  const uploaded = x.media.get(x.tweets.at(-1)!.mediaIds[0]!)!;
  expect(Buffer.concat([0, 1, 2].map((segment) => uploaded.segments.get(segment)!))).toEqual(video.bytes);
});

test('a video X fails to process is rejected content, not retried', async () => {
  const video = publishMedia({ kind: 'video', mimeType: 'video/mp4', sizeBytes: 10 });
  x.failNext({
    route: 'media.status',
    status: 200,
    body: { data: { id: '1', processing_info: { state: 'failed', error: { name: 'InvalidMedia', message: 'Unsupported video format' } } } },
  });
  const error = await publishError(publisher.publish(request('Broken clip', { media: [video] })));
  expect(error).toMatchObject({ kind: 'CONTENT_REJECTED', retryable: false });
  expect(error.message).toContain('Unsupported video format');
});

test('a revoked token (401) is AUTH_FAILED and not retryable; nothing is posted', async () => {
  const before = x.tweets.length;
  const error = await publishError(
    publisher.publish(request('Nobody hears', { connection: { ...request('').connection, credentials: { accessToken: 'revoked' } } })),
  );
  expect(error).toMatchObject({ kind: 'AUTH_FAILED', retryable: false });
  expect(x.tweets).toHaveLength(before);
});

test('429 with Retry-After is RATE_LIMITED with that delay; without it, x-rate-limit-reset decides', async () => {
  x.failNext({ status: 429, headers: { 'Retry-After': '7' } });
  expect(await publishError(publisher.publish(request('Slow down 1')))).toMatchObject({
    kind: 'RATE_LIMITED',
    retryable: true,
    retryAfterMs: 7000,
  });

  const reset = Math.floor(Date.now() / 1000) + 60;
  x.failNext({
    status: 429,
    headers: { 'x-rate-limit-reset': String(reset) },
    body: { title: 'Too Many Requests', detail: 'Too Many Requests' },
  });
  const error = await publishError(publisher.publish(request('Slow down 2')));
  expect(error.kind).toBe('RATE_LIMITED');
  expect(error.retryAfterMs).toBeGreaterThan(55_000);
  expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
});

test('500 twice then success: two retryable failures, then exactly one post', async () => {
  x.failNext({ status: 500 }, { status: 500 });
  const before = x.tweets.length;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    expect(await publishError(publisher.publish(request('Third time lucky')))).toMatchObject({
      kind: 'PLATFORM_UNAVAILABLE',
      retryable: true,
    });
  }
  await publisher.publish(request('Third time lucky'));
  expect(x.tweets.slice(before).map((tweet) => tweet.text)).toEqual(['Third time lucky']);
});

test('a repeated text is DUPLICATE (X answers 403), not an auth failure', async () => {
  await publisher.publish(request('Say it once'));
  const error = await publishError(publisher.publish(request('Say it once')));
  expect(error).toMatchObject({ kind: 'DUPLICATE', retryable: false });
});

test('text over the weighted limit is CONTENT_REJECTED by X', async () => {
  // 150 CJK characters weigh 300
  const error = await publishError(publisher.publish(request('漢'.repeat(150))));
  expect(error).toMatchObject({ kind: 'CONTENT_REJECTED', retryable: false });
});

test("a thread's later part replies to the part before it (reply.in_reply_to_tweet_id); a reply to an unknown post is refused", async () => {
  const root = await publisher.publish(request('Thread part one on X'));
  const second = await publisher.publish(request('Thread part two on X', { replyTo: { root, parent: root } }));
  const third = await publisher.publish(request('Thread part three on X', { replyTo: { root, parent: second } }));
  const tweet = (id: string) => x.tweets.find((candidate) => candidate.id === id)!;
  expect(tweet(second.platformPostId)).toMatchObject({ inReplyToId: root.platformPostId, conversationId: root.platformPostId });
  expect(tweet(third.platformPostId)).toMatchObject({ inReplyToId: second.platformPostId, conversationId: root.platformPostId });

  const unknown = { platformPostId: '1' };
  const error = await publishError(publisher.publish(request('Orphan part on X', { replyTo: { root: unknown, parent: unknown } })));
  expect(error.kind).toBe('CONTENT_REJECTED');
});
