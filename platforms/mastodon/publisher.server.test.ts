// The Mastodon publisher's media path against the contract fake: upload, wait for
// processing, then the status with media_ids.
import { FakeMastodon } from '../../tests/fakes/mastodon';
import { MP4, PNG, testMedia } from '../../tests/support/media-fixtures';
import { PublishError } from '../../lib/platforms/errors';
import { createMastodonPublisher } from './publisher.server';
import type { PublishMedia, PublishRequest } from '../../activities/publishers/publisher';

const mastodon = new FakeMastodon();
const publisher = createMastodonPublisher({ pollIntervalMs: 20, maxProcessingWaitMs: 1_000 });

beforeAll(() => mastodon.start());
afterAll(() => mastodon.stop());

function request(content: string, media: PublishMedia[], idempotencyKey = `key-${content}`, accessToken = 'token-alice'): PublishRequest {
  return {
    content,
    media,
    idempotencyKey,
    connection: { id: 'c1', platform: 'MASTODON', handle: '@alice', instanceUrl: mastodon.url, credentials: { accessToken } },
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

test('an image and a video are uploaded with their alt text, processed, then attached in order', async () => {
  mastodon.processingPolls = 2;
  const published = await publisher.publish(request('With media', [testMedia('image', { altText: 'a red dot' }), testMedia('video')]));
  mastodon.processingPolls = 1;
  const status = mastodon.statuses.find((candidate) => candidate.id === published.platformPostId)!;
  expect(status.media.map((attachment) => attachment.contentType)).toEqual(['image/png', 'video/mp4']);
  expect(status.media[0]!.description).toBe('a red dot');
  expect(status.media[0]!.bytes.equals(PNG)).toBe(true);
  expect(status.media[1]!.bytes.equals(MP4)).toBe(true);
});

test('a text post still goes out without media', async () => {
  const published = await publisher.publish(request('Just text', []));
  expect(mastodon.statuses.find((status) => status.id === published.platformPostId)!.media).toEqual([]);
});

test('media that never finishes processing is PLATFORM_UNAVAILABLE and no status is posted', async () => {
  mastodon.processingPolls = 1_000;
  const statuses = mastodon.statuses.length;
  const error = await failure(publisher.publish(request('Stuck', [testMedia('image')])));
  mastodon.processingPolls = 1;
  expect(error.kind).toBe('PLATFORM_UNAVAILABLE');
  expect(mastodon.statuses.length).toBe(statuses);
});

test('401 is AUTH_FAILED; 429 with Retry-After is RATE_LIMITED; two 500s then success publish once', async () => {
  expect((await failure(publisher.publish(request('Hi', [testMedia('image')], 'k1', 'revoked')))).kind).toBe('AUTH_FAILED');
  mastodon.failNext({ status: 429, headers: { 'Retry-After': '4' } });
  expect(await failure(publisher.publish(request('Hi', [testMedia('image')])))).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 4000 });
  mastodon.failNext({ status: 500 }, { status: 500 });
  expect((await failure(publisher.publish(request('Again', [testMedia('image')])))).kind).toBe('PLATFORM_UNAVAILABLE');
  expect((await failure(publisher.publish(request('Again', [testMedia('image')])))).kind).toBe('PLATFORM_UNAVAILABLE');
  await publisher.publish(request('Again', [testMedia('image')]));
  expect(mastodon.statuses.filter((status) => status.content === 'Again')).toHaveLength(1);
});

test("a thread's later part replies to the part before it (in_reply_to_id); a reply to an unknown status is refused", async () => {
  const root = await publisher.publish(request('Thread part one', []));
  const second = await publisher.publish({ ...request('Thread part two', []), replyTo: { root, parent: root } });
  expect(mastodon.statuses.find((status) => status.id === second.platformPostId)!.inReplyToId).toBe(root.platformPostId);

  const unknown = { platformPostId: '1' };
  const error = await failure(publisher.publish({ ...request('Orphan part', []), replyTo: { root: unknown, parent: unknown } }));
  expect(error.kind).toBe('CONTENT_REJECTED');
  expect(error.message).toMatch(/404/);
});
