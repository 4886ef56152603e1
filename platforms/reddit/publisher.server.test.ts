// The Reddit publisher against the contract fake of Reddit's API (tests/fakes/reddit.ts).
import { FakeReddit } from '../../tests/fakes/reddit';
import { publishMedia } from '../../tests/support/publish-media';
import { PublishError } from '../../lib/platforms/errors';
import type { PublishRequest } from '../../activities/publishers/publisher';
import { createRedditPublisher } from './publisher.server';

const reddit = new FakeReddit();
let publisher: ReturnType<typeof createRedditPublisher>;

beforeAll(async () => {
  await reddit.start();
  publisher = createRedditPublisher({ baseUrl: reddit.url, userAgent: 'web:planrrr:test (by /u/planrrr)' });
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

test('a refused token is an auth failure; media are refused before Reddit is called', async () => {
  expect(
    (await failure(publisher.publish(request('x', { subreddit: 'planrrr', title: 't' }, { connection: connection('nope') })))).kind,
  ).toBe('AUTH_FAILED');
  expect((await failure(publisher.publish(request('x', {})))).message).toContain('subreddit is required');
  const image = publishMedia({ kind: 'image', mimeType: 'image/png', sizeBytes: 10 });
  expect((await failure(publisher.publish(request('x', { subreddit: 'planrrr', title: 't' }, { media: [image] })))).kind).toBe(
    'CONTENT_REJECTED',
  );
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
