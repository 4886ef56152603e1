// Reading a published post's metrics from Mastodon, Bluesky and X against their contract
// fakes: the counts each gives under planrrr's names, what each does not give and why,
// a deleted post, a refused token and a spent rate budget.
import { FakeBluesky } from '../../tests/fakes/bluesky';
import { FakeMastodon } from '../../tests/fakes/mastodon';
import { FakeX } from '../../tests/fakes/x';
import type { Platform } from '../../domain/post';
import { PublishError } from '../../lib/platforms/errors';
import { createBlueskyPublisher } from '../../platforms/bluesky/publisher.server';
import { createMastodonPublisher } from '../../platforms/mastodon/publisher.server';
import type { MetricsAnswer, Publisher } from './publisher';
import { createXPublisher } from '../../platforms/x/publisher.server';

const mastodon = new FakeMastodon();
const bluesky = new FakeBluesky();
const x = new FakeX();

beforeAll(() => Promise.all([mastodon.start(), bluesky.start(), x.start()]));
afterAll(() => Promise.all([mastodon.stop(), bluesky.stop(), x.stop()]));

function connection(platform: Platform, credentials: Record<string, unknown>, instanceUrl: string | null = null) {
  return { id: `${platform}-1`, platform, handle: '@alice', instanceUrl, credentials };
}

const accounts = {
  MASTODON: () => ({
    publisher: createMastodonPublisher(),
    connection: connection('MASTODON', { accessToken: 'token-alice' }, mastodon.url),
  }),
  BLUESKY: () => ({
    publisher: createBlueskyPublisher({ defaultServiceUrl: bluesky.url }),
    connection: connection('BLUESKY', { identifier: 'alice.bsky.social', appPassword: 'alice-app-password', did: 'did:plc:alice' }),
  }),
  X: () => ({ publisher: createXPublisher({ baseUrl: x.url }), connection: connection('X', { accessToken: 'x-token-alice' }) }),
} satisfies Record<string, () => { publisher: Publisher; connection: ReturnType<typeof connection> }>;

/** Publishes a post through the publisher, as publishing would, and answers a reader of its metrics. */
async function published(platform: keyof typeof accounts, content: string) {
  const { publisher, connection } = accounts[platform]();
  const post = await publisher.publish({ content, media: [], idempotencyKey: content, connection });
  return {
    post,
    read: (credentials = connection.credentials) =>
      publisher.fetchMetrics!({ platformPostId: post.platformPostId, connection: { ...connection, credentials } }),
  };
}

function reading(answer: MetricsAnswer) {
  if (answer.kind !== 'reading') throw new Error(`expected a reading, got ${answer.kind}`);
  return answer;
}

test('Mastodon gives likes, reposts and replies, growing with time, and says why the rest are missing', async () => {
  const { read } = await published('MASTODON', 'Mastodon metrics');
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const first = reading(await read());
  expect(Object.keys(first.metrics).sort()).toEqual(['likes', 'replies', 'reposts']);
  expect(first.metrics.likes).toBeGreaterThan(0);
  expect(first.missing.map((missing) => missing.metric).sort()).toEqual(['bookmarks', 'impressions', 'quotes']);
  expect(first.missing.every((missing) => missing.reason.length > 0)).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  expect(reading(await read()).metrics.likes).toBeGreaterThan(first.metrics.likes!);
});

test('Mastodon: a deleted status answers 404, a revoked token 401, a spent budget 429', async () => {
  const { post, read } = await published('MASTODON', 'Mastodon gone');
  await expect(read({ accessToken: 'token-revoked' })).rejects.toMatchObject({ kind: 'AUTH_FAILED', status: 401 });
  mastodon.deletedStatusIds.add(post.platformPostId);
  await expect(read()).rejects.toMatchObject({ status: 404 });
  const limit = mastodon.readBudget.limit;
  mastodon.readBudget.limit = 0;
  try {
    await expect(read()).rejects.toMatchObject({ kind: 'RATE_LIMITED', status: 429 });
  } finally {
    mastodon.readBudget.limit = limit;
  }
});

test('Bluesky gives likes, reposts, replies and quotes; a deleted post is left out of getPosts', async () => {
  const { post, read } = await published('BLUESKY', 'Bluesky metrics');
  const first = reading(await read());
  expect(Object.keys(first.metrics).sort()).toEqual(['likes', 'quotes', 'replies', 'reposts']);
  expect(first.missing.map((missing) => missing.metric).sort()).toEqual(['bookmarks', 'impressions']);
  bluesky.deletedUris.add(post.platformPostId);
  expect(await read()).toEqual({ kind: 'deleted' });
});

test('Bluesky: a spent budget is RATE_LIMITED until the reset it names', async () => {
  const { read } = await published('BLUESKY', 'Bluesky limited');
  const limit = bluesky.readBudget.limit;
  bluesky.readBudget.limit = 0;
  try {
    const error = (await read().catch((caught: unknown) => caught)) as PublishError;
    expect(error).toBeInstanceOf(PublishError);
    expect(error.kind).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBeGreaterThan(0);
  } finally {
    bluesky.readBudget.limit = limit;
  }
});

test("X gives every public metric to the author's token; another token gets no impressions, said so; a deleted post is resource-not-found", async () => {
  const { post, read } = await published('X', 'X metrics');
  const own = reading(await read());
  expect(Object.keys(own.metrics).sort()).toEqual(['bookmarks', 'impressions', 'likes', 'quotes', 'replies', 'reposts']);
  expect(own.missing).toEqual([]);
  x.validTokens.add('x-token-other');
  const other = reading(await read({ accessToken: 'x-token-other' }));
  expect(other.metrics.impressions).toBeUndefined();
  expect(other.missing).toEqual([{ metric: 'impressions', reason: expect.stringContaining('user token') }]);
  x.deletedTweetIds.add(post.platformPostId);
  expect(await read()).toEqual({ kind: 'deleted' });
  await expect(read({ accessToken: 'x-token-revoked' })).rejects.toMatchObject({ kind: 'AUTH_FAILED' });
});
