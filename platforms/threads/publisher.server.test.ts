// The Threads publisher against the Threads API contract fake (tests/fakes/threads.ts), which
// downloads each media URL it is given (here from a small local file server standing in for
// planrrr's signed URLs; the integration test uses the real ones).
import express from 'express';
import { close, listen } from '../../tests/fakes/http';
import { FakeThreads } from '../../tests/fakes/threads';
import { MP4, PNG, testMedia } from '../../tests/support/media-fixtures';
import { PublishError } from '../../lib/platforms/errors';
import type { PublishMedia, PublishRequest } from '../../activities/publishers/publisher';
import { createThreadsPublisher } from './publisher.server';

const threads = new FakeThreads();
let files: Awaited<ReturnType<typeof listen>>;
let publisher: ReturnType<typeof createThreadsPublisher>;

beforeAll(async () => {
  await threads.start();
  const app = express();
  app.get('/files/:name', (req, res) => {
    if (req.params.name === 'photo.png') return void res.type('image/png').send(PNG);
    if (req.params.name === 'clip.mp4') return void res.type('video/mp4').send(MP4);
    res.status(404).end();
  });
  files = await listen(app);
  publisher = createThreadsPublisher({ api: { baseUrl: threads.url, version: 'v1.0' }, pollIntervalMs: 20, maxProcessingWaitMs: 2_000 });
});
afterAll(async () => {
  await Promise.all([threads.stop(), close(files.server)]);
});

function served(kind: 'image' | 'video', name = kind === 'image' ? 'photo.png' : 'clip.mp4', altText?: string): PublishMedia {
  return testMedia(kind, { altText, publicUrl: (seconds) => `${files.url}/files/${name}?expires=${seconds}` });
}

const connection = (accessToken = 'th-token-alice') => ({
  id: 'c1',
  platform: 'THREADS' as const,
  handle: '@alice',
  instanceUrl: null,
  credentials: { threadsUserId: 'th-user-1', accessToken },
});

function request(content: string, media: PublishMedia[] = [], accessToken?: string): PublishRequest {
  return { content, media, idempotencyKey: 'planrrr-post-connection-r1', connection: connection(accessToken) };
}

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

test('a text post: a TEXT container, published, its permalink returned', async () => {
  const published = await publisher.publish(request('Hello Threads'));
  const post = threads.posts.find((candidate) => candidate.id === published.platformPostId)!;
  expect(post).toMatchObject({ mediaType: 'TEXT', text: 'Hello Threads', files: [] });
  expect(published.url).toBe(post.permalink);
});

test('an image with alt text: waited until FINISHED before it is published', async () => {
  threads.processingPolls = 2;
  const published = await publisher.publish(request('A picture', [served('image', 'photo.png', 'a red dot')]));
  threads.processingPolls = 1;
  const post = threads.posts.find((candidate) => candidate.id === published.platformPostId)!;
  expect(post).toMatchObject({ mediaType: 'IMAGE', text: 'A picture' });
  expect(post.files[0]).toMatchObject({ contentType: 'image/png', altText: 'a red dot' });
  expect(post.files[0]!.bytes.equals(PNG)).toBe(true);
});

test('an image and a video become a CAROUSEL of finished item containers', async () => {
  const published = await publisher.publish(request('Both', [served('image'), served('video')]));
  const post = threads.posts.find((candidate) => candidate.id === published.platformPostId)!;
  expect(post.mediaType).toBe('CAROUSEL');
  expect(post.files.map((file) => file.contentType)).toEqual(['image/png', 'video/mp4']);
});

test("a thread's later part replies to the part before it with reply_to_id, a carousel through its own container", async () => {
  const first = await publisher.publish(request('Part one 🧵'));
  const root = { platformPostId: first.platformPostId };
  const second = await publisher.publish({ ...request('Part two'), replyTo: { root, parent: root } });
  const third = await publisher.publish({
    ...request('Part three', [served('image'), served('video')]),
    replyTo: { root, parent: { platformPostId: second.platformPostId } },
  });
  const byId = (id: string) => threads.posts.find((candidate) => candidate.id === id)!;
  expect(byId(first.platformPostId).replyToId).toBeUndefined();
  expect(byId(second.platformPostId)).toMatchObject({ mediaType: 'TEXT', replyToId: first.platformPostId });
  expect(byId(third.platformPostId)).toMatchObject({ mediaType: 'CAROUSEL', replyToId: second.platformPostId });

  // Threads refuses a reply to a post that is gone: a content error, not a retry
  threads.deletedIds.add(second.platformPostId);
  const orphan = await failure(
    publisher.publish({ ...request('Too late'), replyTo: { root, parent: { platformPostId: second.platformPostId } } }),
  );
  expect(orphan.kind).toBe('CONTENT_REJECTED');
});

test('media Threads cannot fetch fails the attempt as content Threads rejected, naming why', async () => {
  const error = await failure(publisher.publish(request('Gone', [served('image', 'missing.png')])));
  expect(error.kind).toBe('CONTENT_REJECTED');
  expect(error.message).toContain('404');
});

test("Graph's error codes decide: 190 is an auth failure, 4 a rate limit, 2 an outage", async () => {
  expect((await failure(publisher.publish(request('x', [], 'wrong-token')))).kind).toBe('AUTH_FAILED');
  threads.failNext({ status: 400, body: { error: { message: 'Application request limit reached', code: 4 } } });
  expect((await failure(publisher.publish(request('limited')))).kind).toBe('RATE_LIMITED');
  threads.failNext({ status: 500, body: { error: { message: 'Service temporarily unavailable', code: 2 } } });
  expect((await failure(publisher.publish(request('down')))).kind).toBe('PLATFORM_UNAVAILABLE');
});

test('metrics: views, likes, replies, reposts and quotes; a deleted post is reported deleted', async () => {
  const { platformPostId } = await publisher.publish(request('Count me'));
  const reading = await publisher.fetchMetrics!({ platformPostId, connection: connection() });
  expect(reading).toMatchObject({ kind: 'reading', missing: [] });
  expect(Object.keys((reading as { metrics: object }).metrics).sort()).toEqual(['likes', 'quotes', 'replies', 'reposts', 'views']);

  threads.insightsTokens.delete('th-token-alice');
  const refused = await publisher.fetchMetrics!({ platformPostId, connection: connection() });
  threads.insightsTokens.add('th-token-alice');
  expect(refused).toMatchObject({ kind: 'reading', metrics: {} });
  expect((refused as { missing: Array<{ reason: string }> }).missing[0]!.reason).toContain('threads_manage_insights');

  threads.deletedIds.add(platformPostId);
  expect(await publisher.fetchMetrics!({ platformPostId, connection: connection() })).toEqual({ kind: 'deleted' });
});

test('followers come from threads_insights followers_count', async () => {
  const answer = await publisher.fetchFollowers!(connection());
  expect(answer).toEqual({ followers: expect.any(Number) });
});
