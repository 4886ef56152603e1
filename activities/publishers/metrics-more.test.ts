// Reading a published post's metrics and an account's followers from LinkedIn, Facebook,
// Instagram and YouTube against their contract fakes, and from the demo channel: the counts
// each gives under planrrr's names and that they grow, what each does not give and why
// (missing permissions included, never as a zero), a deleted post, a spent read budget.
import express from 'express';
import type { Platform } from '../../domain/post';
import type { Db } from '../../lib/db';
import { PublishError } from '../../lib/platforms/errors';
import { FakeFacebookGraph } from '../../tests/fakes/facebook-graph';
import { close, listen } from '../../tests/fakes/http';
import { FakeLinkedIn } from '../../tests/fakes/linkedin';
import { FakeYouTube } from '../../tests/fakes/youtube';
import { JPEG, MP4, testMedia } from '../../tests/support/media-fixtures';
import { createDemoPublisher, demoFollowerCount, demoPostCounts } from '../../platforms/demo/publisher.server';
import { createFacebookPublisher } from '../../platforms/facebook/publisher.server';
import { createInstagramPublisher } from '../../platforms/instagram/publisher.server';
import { createLinkedInPublisher } from '../../platforms/linkedin/publisher.server';
import type { MetricsAnswer, Publisher } from './publisher';
import { createYouTubePublisher } from '../../platforms/youtube/publisher.server';

const linkedIn = new FakeLinkedIn();
const graph = new FakeFacebookGraph();
const youtube = new FakeYouTube();
let files: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  const app = express();
  // Instagram takes JPEG images only
  app.get('/files/photo.jpg', (_req, res) => void res.type('image/jpeg').send(JPEG));
  app.get('/files/clip.mp4', (_req, res) => void res.type('video/mp4').send(MP4));
  [files] = await Promise.all([listen(app), linkedIn.start(), graph.start(), youtube.start()]);
});
afterAll(() => Promise.all([linkedIn.stop(), graph.stop(), youtube.stop(), close(files.server)]));

function connection(platform: Platform, credentials: Record<string, unknown>) {
  return { id: `${platform}-1`, platform, handle: 'Alice', instanceUrl: null, credentials };
}

const graphOptions = () => ({ baseUrl: graph.url, version: 'v26.0' });
const accounts = {
  LINKEDIN_MEMBER: () => ({
    publisher: createLinkedInPublisher({ baseUrl: linkedIn.url, apiVersion: '202610' }),
    connection: connection('LINKEDIN', { authorUrn: 'urn:li:person:alice', accessToken: 'li-token-alice' }),
  }),
  LINKEDIN_ORGANIZATION: () => ({
    publisher: createLinkedInPublisher({ baseUrl: linkedIn.url, apiVersion: '202610' }),
    connection: connection('LINKEDIN', { authorUrn: 'urn:li:organization:acme', accessToken: 'li-token-acme' }),
  }),
  FACEBOOK: () => ({
    publisher: createFacebookPublisher({ ...graphOptions(), ruploadBaseUrl: graph.url }),
    connection: connection('FACEBOOK', { pageId: 'page-1', accessToken: 'fb-page-token' }),
  }),
  INSTAGRAM: () => ({
    publisher: createInstagramPublisher({ graph: graphOptions(), pollIntervalMs: 20 }),
    connection: connection('INSTAGRAM', { igUserId: 'ig-1', accessToken: 'ig-token' }),
  }),
  YOUTUBE: () => ({
    publisher: createYouTubePublisher({ baseUrl: youtube.url }),
    connection: connection('YOUTUBE', { channelId: 'UC1', accessToken: 'yt-token' }),
  }),
} satisfies Record<string, () => { publisher: Publisher; connection: ReturnType<typeof connection> }>;

/** Publishes through the publisher, as publishing would, and answers readers of its metrics and followers. */
async function published(account: keyof typeof accounts, content: string) {
  const { publisher, connection } = accounts[account]();
  const kind = account === 'YOUTUBE' ? 'video' : 'image';
  const media =
    account === 'INSTAGRAM' || account === 'YOUTUBE' ? [testMedia(kind, { publicUrl: () => `${files.url}/files/photo.jpg` })] : [];
  const post = await publisher.publish({ content, media, idempotencyKey: content, connection });
  const withCredentials = (credentials: Record<string, unknown>) => ({
    ...connection,
    credentials: { ...connection.credentials, ...credentials },
  });
  return {
    post,
    read: (credentials: Record<string, unknown> = {}) =>
      publisher.fetchMetrics!({ platformPostId: post.platformPostId, connection: withCredentials(credentials) }),
    followers: (credentials: Record<string, unknown> = {}) => publisher.fetchFollowers!(withCredentials(credentials)),
  };
}

function reading(answer: MetricsAnswer) {
  if (answer.kind !== 'reading') throw new Error(`expected a reading, got ${answer.kind}`);
  return answer;
}

const missingNames = (answer: MetricsAnswer) =>
  reading(answer)
    .missing.map((missing) => missing.metric)
    .sort();
const reasonOf = (answer: MetricsAnswer, metric: string) => reading(answer).missing.find((missing) => missing.metric === metric)?.reason;
const second = () => new Promise((resolve) => setTimeout(resolve, 1_100));

async function rateLimited(promise: Promise<unknown>): Promise<PublishError> {
  const error = (await promise.catch((caught: unknown) => caught)) as PublishError;
  expect(error).toBeInstanceOf(PublishError);
  expect(error).toMatchObject({ kind: 'RATE_LIMITED', retryable: true });
  return error;
}

async function withBudget<T>(budget: { limit: number }, run: () => Promise<T>): Promise<T> {
  const limit = budget.limit;
  budget.limit = 0;
  try {
    return await run();
  } finally {
    budget.limit = limit;
  }
}

describe('LinkedIn', () => {
  test("an organization's post: impressions, likes, comments, shares and clicks from its share statistics, growing", async () => {
    const { read, post } = await published('LINKEDIN_ORGANIZATION', 'Acme news');
    await second();
    const first = reading(await read());
    expect(Object.keys(first.metrics).sort()).toEqual(['clicks', 'impressions', 'likes', 'replies', 'reposts']);
    expect(first.missing).toEqual([]);
    await second();
    expect(reading(await read()).metrics.impressions).toBeGreaterThan(first.metrics.impressions!);
    linkedIn.deletedPostUrns.add(post.platformPostId);
    expect(reading(await read()).missing.map((missing) => missing.reason)).toContain(
      'LinkedIn has no statistics for this post (it keeps them for the last 12 months)',
    );
  });

  test("a member's post: reactions of every type and comments where LinkedIn allows, and why the rest are missing", async () => {
    const { read, post } = await published('LINKEDIN_MEMBER', 'Member musings');
    const refused = await read();
    expect(reading(refused).metrics).toEqual({});
    expect(reasonOf(refused, 'likes')).toMatch(/approved partners.*r_member_social.*Not enough permissions/);
    expect(reasonOf(refused, 'impressions')).toMatch(/r_member_postAnalytics/);

    linkedIn.memberSocialReaders.add('li-token-alice');
    await second();
    await second();
    const granted = reading(await read());
    expect(Object.keys(granted.metrics).sort()).toEqual(['likes', 'replies']);
    expect(granted.metrics.likes).toBeGreaterThanOrEqual(6); // LIKE and PRAISE together
    expect(missingNames(granted)).toEqual(['clicks', 'impressions', 'reposts']);

    linkedIn.deletedPostUrns.add(post.platformPostId);
    expect(await read()).toEqual({ kind: 'deleted' });
    await expect(read({ accessToken: 'li-token-revoked' })).rejects.toMatchObject({ kind: 'AUTH_FAILED', status: 401 });
  });

  test('followers: an organization from networkSizes; a member only with r_member_profileAnalytics, said so otherwise', async () => {
    const organization = await published('LINKEDIN_ORGANIZATION', 'Acme followers');
    const first = await organization.followers();
    expect(first.followers).toBeGreaterThanOrEqual(1_000);
    await second();
    expect((await organization.followers()).followers).toBeGreaterThan(first.followers!);

    const member = await published('LINKEDIN_MEMBER', 'Member followers');
    expect(await member.followers()).toEqual({ followers: null, missingReason: expect.stringMatching(/r_member_profileAnalytics/) });
    linkedIn.memberAnalyticsReaders.add('li-token-alice');
    expect((await member.followers()).followers).toBeGreaterThanOrEqual(1_000);
  });

  test('a spent daily budget is 429, retried at midnight UTC (LinkedIn names no time)', async () => {
    const { read } = await published('LINKEDIN_ORGANIZATION', 'Acme limited');
    const error = await withBudget(linkedIn.readBudget, () => rateLimited(read()));
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(86_400_000);
  });
});

describe('Facebook', () => {
  test('reactions, comments and shares from the post, views and clicks from its insights, growing; impressions retired', async () => {
    const { read } = await published('FACEBOOK', 'Page news');
    await second();
    const first = reading(await read());
    expect(Object.keys(first.metrics).sort()).toEqual(['clicks', 'likes', 'replies', 'reposts', 'views']);
    expect(missingNames(first)).toEqual(['impressions']);
    expect(reasonOf(first, 'impressions')).toMatch(/retired/);
    await second();
    expect(reading(await read()).metrics.likes).toBeGreaterThan(first.metrics.likes!);
  });

  test('a Page video: reactions and comments, and views from its video_insights; no shares or clicks, said so', async () => {
    const { publisher, connection } = accounts.FACEBOOK();
    const video = await publisher.publish({ content: 'A Page film', media: [testMedia('video')], idempotencyKey: 'fb-video', connection });
    await second();
    const answer = reading(await publisher.fetchMetrics!({ platformPostId: video.platformPostId, connection }));
    expect(Object.keys(answer.metrics).sort()).toEqual(['likes', 'replies', 'views']);
    expect(reasonOf(answer, 'reposts')).toBe('Facebook gives no share count for a video');
    expect(reasonOf(answer, 'clicks')).toBe('Facebook counts no clicks on a video');
  });

  test('without read_insights, views and clicks are missing with the reason, the counts stay, the account needs no reconnect', async () => {
    const { read } = await published('FACEBOOK', 'Page without insights');
    graph.insightsTokens.delete('fb-page-token');
    try {
      const answer = reading(await read());
      expect(Object.keys(answer.metrics).sort()).toEqual(['likes', 'replies']);
      expect(reasonOf(answer, 'views')).toMatch(/read_insights/);
      expect(reasonOf(answer, 'clicks')).toMatch(/read_insights/);
      expect(reasonOf(answer, 'reposts')).toMatch(/nobody has shared/);
    } finally {
      graph.insightsTokens.add('fb-page-token');
    }
  });

  test("a deleted post is Graph's does-not-exist; a spent budget is the Pages limit, retried when Graph says", async () => {
    const { post, read } = await published('FACEBOOK', 'Page gone');
    const error = await withBudget(graph.readBudget, () => rateLimited(read()));
    expect(error.retryAfterMs).toBeGreaterThan(0);
    graph.deletedIds.add(post.platformPostId);
    expect(await read()).toEqual({ kind: 'deleted' });
  });

  test("followers: the Page's followers_count, growing", async () => {
    const { followers } = await published('FACEBOOK', 'Page followers');
    const first = await followers();
    expect(first.followers).toBeGreaterThanOrEqual(1_000);
    await second();
    expect((await followers()).followers).toBeGreaterThan(first.followers!);
  });
});

describe('Instagram', () => {
  test('likes and comments from the media, reach, views, shares and saves from its insights, growing', async () => {
    const { read } = await published('INSTAGRAM', 'A photo');
    await second();
    const first = reading(await read());
    expect(Object.keys(first.metrics).sort()).toEqual(['likes', 'reach', 'replies', 'reposts', 'saves', 'views']);
    expect(missingNames(first)).toEqual(['impressions']);
    await second();
    expect(reading(await read()).metrics.reach).toBeGreaterThan(first.metrics.reach!);
  });

  test('without instagram_manage_insights the insights are missing with the reason; a deleted media ends it', async () => {
    const { post, read } = await published('INSTAGRAM', 'A photo without insights');
    graph.insightsTokens.delete('ig-token');
    try {
      const answer = reading(await read());
      expect(Object.keys(answer.metrics).sort()).toEqual(['likes', 'replies']);
      for (const metric of ['reach', 'views', 'reposts', 'saves']) expect(reasonOf(answer, metric)).toMatch(/instagram_manage_insights/);
    } finally {
      graph.insightsTokens.add('ig-token');
    }
    const error = await withBudget(graph.readBudget, () => rateLimited(read()));
    expect(error.message).toMatch(/code 80002/);
    graph.deletedIds.add(post.platformPostId);
    expect(await read()).toEqual({ kind: 'deleted' });
  });

  test("followers: the account's followers_count", async () => {
    const { followers } = await published('INSTAGRAM', 'A photo for followers');
    expect((await followers()).followers).toBeGreaterThanOrEqual(1_000);
  });
});

describe('YouTube', () => {
  test('views, likes and comments from the statistics, growing; hidden likes and comments said so; a deleted video ends it', async () => {
    const { post, read } = await published('YOUTUBE', 'A film');
    await second();
    const first = reading(await read());
    expect(Object.keys(first.metrics).sort()).toEqual(['likes', 'replies', 'views']);
    expect(missingNames(first)).toEqual(['impressions']);
    await second();
    expect(reading(await read()).metrics.views).toBeGreaterThan(first.metrics.views!);

    youtube.commentsOff.add(post.platformPostId);
    const hidden = reading(await read());
    expect(Object.keys(hidden.metrics)).toEqual(['views']);
    expect(reasonOf(hidden, 'replies')).toBe('Comments are turned off for this video');

    youtube.deletedVideoIds.add(post.platformPostId);
    expect(await read()).toEqual({ kind: 'deleted' });
  });

  test('a spent quota is 403 quotaExceeded, retried as a rate limit; a revoked token is refused', async () => {
    const { read } = await published('YOUTUBE', 'A film, limited');
    await withBudget(youtube.readBudget, () => rateLimited(read()));
    await expect(read({ accessToken: 'yt-revoked' })).rejects.toMatchObject({ kind: 'AUTH_FAILED', status: 401 });
  });

  test("followers: the channel's subscriberCount, or why there is none when the channel hides it", async () => {
    const { followers } = await published('YOUTUBE', 'A film for subscribers');
    expect((await followers()).followers).toBeGreaterThanOrEqual(1_000);
    youtube.channels.set('UC1', { hiddenSubscriberCount: true });
    try {
      expect(await followers()).toEqual({ followers: null, missingReason: 'The channel hides its subscriber count' });
    } finally {
      youtube.channels.set('UC1', { hiddenSubscriberCount: false });
    }
    expect(await followers({ channelId: 'UC-unknown' })).toEqual({ followers: null, missingReason: 'YouTube found no channel UC-unknown' });
  });
});

describe('the demo channel', () => {
  const publishedAt = new Date('2027-03-01T09:00:00Z');
  const connectedAt = new Date('2027-02-01T00:00:00Z');
  let now = publishedAt.getTime();
  const db = {
    demoFeedItem: {
      findFirst: async ({ where }: { where: { id: string } }) => (where.id === 'item-1' ? { createdAt: publishedAt } : null),
    },
    connection: { findUnique: async () => ({ createdAt: connectedAt }) },
  } as unknown as Db;
  const demo = createDemoPublisher({ db, publicUrl: 'http://localhost', now: () => now });
  const account = connection('DEMO', {});

  test('counts grow from the first minutes to the thirtieth day, the same for the same moment', async () => {
    const series = [];
    for (const offset of [60_000, 3_600_000, 86_400_000, 30 * 86_400_000]) {
      now = publishedAt.getTime() + offset;
      series.push(reading(await demo.fetchMetrics!({ platformPostId: 'item-1', connection: account })));
    }
    for (const [index, sample] of series.entries()) {
      expect(Object.keys(sample.metrics).sort()).toEqual(['impressions', 'likes', 'replies', 'reposts']);
      expect(sample.missing).toEqual([]);
      if (index > 0)
        for (const metric of ['impressions', 'likes']) expect(sample.metrics[metric]).toBeGreaterThan(series[index - 1]!.metrics[metric]!);
    }
    expect(demoPostCounts('item-1', publishedAt, 3_600_000)).toEqual(demoPostCounts('item-1', publishedAt, 3_600_000));
    expect(demoPostCounts('item-1', publishedAt, 0).impressions).toBe(0);
    expect(await demo.fetchMetrics!({ platformPostId: 'gone', connection: account })).toEqual({ kind: 'deleted' });
  });

  test('followers grow day by day from the account connection', async () => {
    now = connectedAt.getTime() + 10 * 86_400_000;
    const tenDays = await demo.fetchFollowers!(account);
    now = connectedAt.getTime() + 20 * 86_400_000;
    const twentyDays = await demo.fetchFollowers!(account);
    expect(tenDays.followers).toBe(demoFollowerCount(account.id, 10 * 86_400_000));
    expect(twentyDays.followers).toBeGreaterThan(tenDays.followers!);
  });
});
