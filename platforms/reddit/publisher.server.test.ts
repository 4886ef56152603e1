// The Reddit publisher against the contract fake of Reddit's API (tests/fakes/reddit.ts).
import { z } from 'zod';
import { FakeReddit } from '../../tests/fakes/reddit';
import { publishMedia } from '../../tests/support/publish-media';
import { PublishError } from '../../lib/platforms/errors';
import type { PublishRequest } from '../../activities/publishers/publisher';
import { createRedditClient } from './api.server';
import { createRedditPublisher } from './publisher.server';

const reddit = new FakeReddit();
let publisher: ReturnType<typeof createRedditPublisher>;

beforeAll(async () => {
  await reddit.start();
  publisher = createRedditPublisher({ baseUrl: reddit.url, userAgent: 'web:planrrr:test (by /u/planrrr)', mediaPostWaitMs: 1_000 });
});
afterAll(() => reddit.stop());

const connection = (accessToken = 'rd-token-alice') => ({
  id: 'c1',
  platform: 'REDDIT' as const,
  handle: 'u/alice_reddit',
  instanceUrl: null,
  credentials: { username: 'alice_reddit', accessToken },
});

function request(content: string, options: Record<string, unknown>, overrides: Partial<PublishRequest> = {}): PublishRequest {
  return { content, options, media: [], idempotencyKey: 'planrrr-post-c1-r1', connection: connection(), ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

test('a text post goes to the subreddit with its title, as a self post, with the User-Agent', async () => {
  const published = await publisher.publish(request('Our release notes', { subreddit: 'r/planrrr', title: 'planrrr 1.0 is out' }));
  const post = reddit.posts.at(-1)!;
  expect(post).toMatchObject({ kind: 'self', subreddit: 'planrrr', title: 'planrrr 1.0 is out', text: 'Our release notes' });
  expect(post.userAgent).toBe('web:planrrr:test (by /u/planrrr)');
  expect(published).toEqual({ platformPostId: post.name, url: `https://www.reddit.com/r/planrrr/comments/${post.id}/` });
});

test('a text that is one URL is a link post; the same link again is refused as content', async () => {
  await publisher.publish(request(' https://planrrr.dev/blog/launch ', { subreddit: 'planrrr', title: 'Launch' }));
  expect(reddit.posts.at(-1)).toMatchObject({ kind: 'link', url: 'https://planrrr.dev/blog/launch' });
  const again = await failure(publisher.publish(request('https://planrrr.dev/blog/launch', { subreddit: 'planrrr', title: 'Again' })));
  expect(again).toMatchObject({ kind: 'CONTENT_REJECTED', message: expect.stringContaining('ALREADY_SUB') });
});

test("Reddit's json.errors: an unknown subreddit and a missing flair are content refusals; a flair is sent", async () => {
  expect(await failure(publisher.publish(request('x', { subreddit: 'nosuchsub', title: 't' })))).toMatchObject({
    kind: 'CONTENT_REJECTED',
    message: expect.stringContaining('SUBREDDIT_NOEXIST'),
  });
  expect((await failure(publisher.publish(request('x', { subreddit: 'strictsub', title: 't' })))).message).toContain(
    'SUBMIT_VALIDATION_FLAIR_REQUIRED',
  );
  await publisher.publish(request('with flair', { subreddit: 'strictsub', title: 't', flairId: 'flair-news' }));
  expect(reddit.posts.at(-1)).toMatchObject({ subreddit: 'strictsub', flairId: 'flair-news' });
});

test('RATELIMIT is a rate limit retried after the wait Reddit names', async () => {
  await publisher.publish(request('first', { subreddit: 'planrrr', title: 'one' }));
  reddit.submitIntervalSeconds = 600;
  const limited = await failure(publisher.publish(request('second', { subreddit: 'planrrr', title: 'two' })));
  reddit.submitIntervalSeconds = 0;
  expect(limited.kind).toBe('RATE_LIMITED');
  expect(limited.retryAfterMs).toBeGreaterThan(590_000);
});

test('a refused token is an auth failure; a video, a document or a 21st image is refused before Reddit is called', async () => {
  expect(
    (await failure(publisher.publish(request('x', { subreddit: 'planrrr', title: 't' }, { connection: connection('nope') })))).kind,
  ).toBe('AUTH_FAILED');
  expect((await failure(publisher.publish(request('x', {})))).message).toContain('subreddit is required');
  const requestsBefore = reddit.requests.length;
  const video = publishMedia({ kind: 'video', mimeType: 'video/mp4', sizeBytes: 10 });
  const image = publishMedia({ kind: 'image', mimeType: 'image/png', sizeBytes: 10 });
  const document = { ...image, kind: 'document' as const, mimeType: 'application/pdf' };
  for (const media of [[video], [image, video], [document], Array.from({ length: 21 }, () => image)])
    expect((await failure(publisher.publish(request('x', { subreddit: 'planrrr', title: 't' }, { media })))).kind).toBe('CONTENT_REJECTED');
  expect(reddit.requests.length).toBe(requestsBefore);
});

test('an image post: the image is leased, uploaded to the bucket, submitted by its URL with the text as body, and named by the websocket', async () => {
  const image = publishMedia({ kind: 'image', mimeType: 'image/png', sizeBytes: 3_000, fileName: 'chart.png' });
  const published = await publisher.publish(
    request('The **numbers** behind it', { subreddit: 'strictsub', title: 'Our chart', flairId: 'flair-news' }, { media: [image] }),
  );
  const post = reddit.posts.at(-1)!;
  expect(post).toMatchObject({
    kind: 'image',
    subreddit: 'strictsub',
    title: 'Our chart',
    flairId: 'flair-news',
    image: { mimeType: 'image/png' },
    text: 'The **numbers** behind it',
  });
  expect(post.image!.bytes.equals(image.bytes)).toBe(true);
  expect(published).toEqual({
    platformPostId: post.name,
    url: expect.stringMatching(`^https://www.reddit.com/r/strictsub/comments/${post.id}/`),
  });
});

test("when the websocket says nothing, the image post is found among the subreddit's newest posts, so a retry does not repeat it", async () => {
  const image = publishMedia({ kind: 'image', mimeType: 'image/gif', sizeBytes: 500, fileName: 'loop.gif' });
  reddit.imageProcessing = 'succeeds-silently';
  const published = await publisher.publish(request('', { subreddit: 'planrrr', title: 'Quiet socket' }, { media: [image] }));
  reddit.imageProcessing = 'succeeds';
  const post = reddit.posts.at(-1)!;
  expect(post).toMatchObject({ kind: 'image', title: 'Quiet socket' });
  // a blank text sends no body
  expect(post.text).toBeUndefined();
  expect(published).toEqual({ platformPostId: post.name, url: `https://www.reddit.com/r/planrrr/comments/${post.id}/` });
});

test("an image post whose submission's answer is lost is named by the websocket once Reddit has made it", async () => {
  const image = publishMedia({ kind: 'image', mimeType: 'image/png', sizeBytes: 700, fileName: 'lost.png' });
  reddit.answersToLose.add('submit');
  // long enough that the post is not among the subreddit's new posts yet when the answer is found lost
  reddit.imageProcessingMs = 300;
  const published = await publisher.publish(request('body', { subreddit: 'planrrr', title: 'Lost image answer' }, { media: [image] }));
  reddit.imageProcessingMs = 20;
  expect(reddit.answersToLose.size).toBe(0);
  const posts = reddit.posts.filter((post) => post.title === 'Lost image answer');
  expect(posts).toEqual([expect.objectContaining({ kind: 'image', text: 'body' })]);
  expect(published.platformPostId).toBe(posts[0]!.name);
});

test('the fake refuses what Reddit documents against: a 21-image gallery, a 181-character caption, a video leased as an image', async () => {
  const client = createRedditClient({ baseUrl: reddit.url, userAgent: 'web:planrrr:test' }, 'rd-token-alice');
  const image = publishMedia({ kind: 'image', mimeType: 'image/png', sizeBytes: 50 });
  const assetIds: string[] = [];
  for (let index = 0; index < 21; index += 1) assetIds.push((await client.uploadMedia(image)).assetId);
  const gallery = (items: object[]) =>
    client.postJson('/api/submit_gallery_post.json', { api_type: 'json', sr: 'planrrr', title: 'Too much', items }, z.unknown(), 'answer');
  const item = (assetId: string, caption = '') => ({ media_id: assetId, caption, outbound_url: '' });
  expect(await gallery(assetIds.map((assetId) => item(assetId)))).toMatchObject({
    json: { errors: [[expect.any(String), expect.stringContaining('1 to 20'), 'items']] },
  });
  expect(await gallery([item(assetIds[0]!, 'c'.repeat(181)), item(assetIds[1]!)])).toMatchObject({
    json: { errors: [['TOO_LONG', expect.any(String), 'caption']] },
  });
  expect((await failure(client.uploadMedia(publishMedia({ kind: 'video', mimeType: 'video/mp4', sizeBytes: 50 })))).kind).toBe(
    'CONTENT_REJECTED',
  );
  expect(reddit.posts.some((post) => post.title === 'Too much')).toBe(false);
});

test("an image Reddit's processing fails is a content refusal with no post; one past the bucket's limit is refused by S3", async () => {
  const image = publishMedia({ kind: 'image', mimeType: 'image/jpeg', sizeBytes: 2_000, fileName: 'photo.jpg' });
  const postsBefore = reddit.posts.length;
  reddit.imageProcessing = 'fails';
  const failed = await failure(publisher.publish(request('', { subreddit: 'planrrr', title: 'broken' }, { media: [image] })));
  reddit.imageProcessing = 'succeeds';
  expect(failed).toMatchObject({ kind: 'CONTENT_REJECTED', message: expect.stringContaining('could not process the image') });

  reddit.maxImageBytes = 1_000;
  const tooLarge = await failure(publisher.publish(request('', { subreddit: 'planrrr', title: 'big' }, { media: [image] })));
  reddit.maxImageBytes = 20 * 1024 * 1024;
  expect(tooLarge).toMatchObject({ kind: 'CONTENT_REJECTED', message: expect.stringContaining('EntityTooLarge') });
  expect(reddit.posts.length).toBe(postsBefore);
});

test('a gallery: each image leased and uploaded in order, submitted by asset id with the text as body, and named by the answer', async () => {
  const images = [
    publishMedia({ kind: 'image', mimeType: 'image/png', sizeBytes: 1_000, fileName: 'one.png' }),
    publishMedia({
      kind: 'image',
      mimeType: 'image/jpeg',
      sizeBytes: 2_000,
      fileName: 'two.jpg',
      altText: 'not sent: Reddit has no alt text',
    }),
    publishMedia({ kind: 'image', mimeType: 'image/gif', sizeBytes: 3_000, fileName: 'three.gif' }),
  ];
  const callsBefore = reddit.calls.length;
  const published = await publisher.publish(
    request('Three views of the *new* editor', { subreddit: 'strictsub', title: 'Editor tour', flairId: 'flair-help' }, { media: images }),
  );
  expect(reddit.calls.slice(callsBefore)).toEqual([...images.flatMap(() => ['media.lease', 'media.upload']), 'gallery']);
  const post = reddit.posts.at(-1)!;
  expect(post).toMatchObject({
    kind: 'gallery',
    subreddit: 'strictsub',
    title: 'Editor tour',
    flairId: 'flair-help',
    text: 'Three views of the *new* editor',
  });
  expect(post.images!.map((image) => [image.mimeType, image.bytes.length, image.caption, image.outboundUrl])).toEqual([
    ['image/png', 1_000, '', ''],
    ['image/jpeg', 2_000, '', ''],
    ['image/gif', 3_000, '', ''],
  ]);
  expect(published).toEqual({
    platformPostId: post.name,
    url: expect.stringMatching(`^https://www.reddit.com/r/strictsub/comments/${post.id}/`),
  });
});

test('a subreddit without galleries refuses one as content; a 503 before the gallery is made is retried with no post', async () => {
  const images = [1, 2].map((n) => publishMedia({ kind: 'image', mimeType: 'image/png', sizeBytes: 100 * n }));
  const postsBefore = reddit.posts.length;
  expect(await failure(publisher.publish(request('', { subreddit: 'singleimages', title: 'Two' }, { media: images })))).toMatchObject({
    kind: 'CONTENT_REJECTED',
    message: expect.stringContaining('GALLERIES_DISABLED'),
  });
  reddit.failNext({ route: 'gallery', status: 503 });
  expect((await failure(publisher.publish(request('', { subreddit: 'planrrr', title: 'Outage' }, { media: images })))).kind).toBe(
    'PLATFORM_UNAVAILABLE',
  );
  expect(reddit.posts.length).toBe(postsBefore);
});

test("a lost answer: the post Reddit made is found among the subreddit's newest posts, so a retry does not post it twice", async () => {
  const images = [1, 2].map((n) => publishMedia({ kind: 'image', mimeType: 'image/png', sizeBytes: 100 * n }));
  reddit.answersToLose.add('gallery');
  const gallery = await publisher.publish(request('with a body', { subreddit: 'planrrr', title: 'Lost gallery' }, { media: images }));
  expect(reddit.posts.filter((post) => post.title === 'Lost gallery')).toEqual([
    expect.objectContaining({ name: gallery.platformPostId, kind: 'gallery' }),
  ]);
  expect(gallery.url).toBe(`https://www.reddit.com/r/planrrr/comments/${reddit.posts.at(-1)!.id}/`);

  reddit.answersToLose.add('submit');
  const text = await publisher.publish(request('a text post', { subreddit: 'planrrr', title: 'Lost text' }));
  expect(reddit.posts.filter((post) => post.title === 'Lost text')).toEqual([
    expect.objectContaining({ name: text.platformPostId, kind: 'self' }),
  ]);
});

test('metrics: score as likes and comments as replies; a deleted post is reported deleted; no follower count', async () => {
  const { platformPostId } = await publisher.publish(request('Count me', { subreddit: 'planrrr', title: 'metrics' }));
  expect(await publisher.fetchMetrics!({ platformPostId, connection: connection() })).toMatchObject({
    kind: 'reading',
    metrics: { likes: expect.any(Number), replies: expect.any(Number) },
    missing: [],
  });
  reddit.deleted.add(platformPostId);
  expect(await publisher.fetchMetrics!({ platformPostId, connection: connection() })).toEqual({ kind: 'deleted' });
  expect(await publisher.fetchFollowers!(connection())).toMatchObject({
    followers: null,
    missingReason: expect.stringContaining('Reddit'),
  });
});
