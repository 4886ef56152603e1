// The audience analytics endpoints (GET /analytics/engagement, /top-posts, /best-times,
// /export) over samples as the metrics workflows store them, inserted here so the counts and
// publishing hours are exact (tests/browser/audience-analytics.test.ts collects real ones).
import { randomUUID } from 'node:crypto';
import { createAudienceService } from '../../api/analytics/audience';
import { BestTimesSchema, EngagementSchema, TopPostsSchema } from '../../api/openapi/responses';
import type { Platform } from '../../domain/post';
import { createDb, type Db } from '../../lib/db';
import { signUpWithToken, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const stack = useServerAndWorker();
let db: Db;
let api: ApiClient;
let teamId: string;
const accounts = { x: '', mastodon: '' };
let launchLabel: string;

// a Tuesday, 08:00 UTC: 17:00 in Tokyo
const TUESDAY_8_UTC = Date.parse('2026-11-03T08:00:00Z');
const range = { from: '2026-10-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };

async function connection(platform: Platform, handle: string): Promise<string> {
  const row = await db.connection.create({
    data: { teamId, platform, handle, displayName: handle, encryptedCredentials: 'not used here' },
    select: { id: true },
  });
  return row.id;
}

/** A post published on one account at `publishedAt`, with one sample per entry of `samples` (the last is the latest). */
async function published(
  connectionId: string,
  platform: Platform,
  publishedAt: Date,
  samples: Array<{ metrics: Record<string, number>; missing?: Array<{ metric: string; reason: string }> }>,
  options: { content?: string; labelId?: string } = {},
): Promise<string> {
  const postId = randomUUID();
  await db.post.create({
    data: {
      id: postId,
      teamId,
      content: options.content ?? `Post ${postId.slice(0, 8)}`,
      publishAt: publishedAt,
      publishedAt,
      status: 'PUBLISHED',
      targets: { create: { connectionId, status: 'PUBLISHED', publishedAt } },
      // as the metrics activity stores them: the newest sample also on the collection
      metricsCollections: {
        create: {
          connectionId,
          platform,
          publishedAt,
          ...(samples.length > 0 && { latestMetrics: samples.at(-1)!.metrics, latestSampleIndex: samples.length - 1 }),
        },
      },
      metricSamples: {
        create: samples.map((sample, sampleIndex) => ({
          connectionId,
          sampleIndex,
          takenAt: new Date(publishedAt.getTime() + (sampleIndex + 1) * 3_600_000),
          metrics: sample.metrics,
          missing: sample.missing ?? [],
        })),
      },
      ...(options.labelId ? { labels: { create: { labelId: options.labelId } } } : {}),
    },
  });
  return postId;
}

const query = (extra: Record<string, string> = {}) => new URLSearchParams({ ...range, ...extra }).toString();
const NOT_ON_MASTODON = { metric: 'impressions', reason: 'Mastodon does not count views' };

let xBest: string;
let xOther: string;
let mastodonRated: string;

beforeAll(async () => {
  db = createDb(stack.env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Ines'));
  teamId = (await api.get('/api/v1/me')).body.currentTeamId;
  accounts.x = await connection('X', '@ines');
  accounts.mastodon = await connection('MASTODON', '@ines@mastodon.example');
  launchLabel = (await api.post('/api/v1/labels', { name: 'Launch', colour: '#e4572e' })).body.id;

  // X: engagement rate over impressions; the latest sample counts, not the first
  xBest = await published(
    accounts.x,
    'X',
    new Date(TUESDAY_8_UTC),
    [
      { metrics: { impressions: 100, likes: 1, replies: 0, reposts: 0, quotes: 0, bookmarks: 0 } },
      { metrics: { impressions: 1000, likes: 40, replies: 5, reposts: 3, quotes: 1, bookmarks: 1 } },
    ],
    { content: 'Launch day, "finally", here', labelId: launchLabel },
  );
  xOther = await published(accounts.x, 'X', new Date(TUESDAY_8_UTC + 86_400_000), [
    { metrics: { impressions: 500, likes: 5, replies: 0, reposts: 0, quotes: 0, bookmarks: 0 } },
  ]);
  // Mastodon: no impressions, so over the followers of the publishing day (UTC)
  mastodonRated = await published(accounts.mastodon, 'MASTODON', new Date(TUESDAY_8_UTC), [
    { metrics: { likes: 8, replies: 1, reposts: 1 }, missing: [NOT_ON_MASTODON] },
  ]);
  await db.followerSample.create({ data: { connectionId: accounts.mastodon, day: new Date('2026-11-03T00:00:00Z'), followers: 100 } });
  // no follower count that day: counted, but without a rate
  await published(accounts.mastodon, 'MASTODON', new Date(TUESDAY_8_UTC + 2 * 86_400_000), [
    { metrics: { likes: 2, replies: 0, reposts: 0 }, missing: [NOT_ON_MASTODON] },
  ]);
});

afterAll(async () => {
  await db?.$disconnect();
});

test('engagement: totals per account and team from each latest sample, the rate over impressions or followers', async () => {
  const res = await api.get(`/api/v1/analytics/engagement?${query()}`);
  expect(res.status).toBe(200);
  const body = EngagementSchema.parse(res.body);
  const x = body.accounts.find((account) => account.connectionId === accounts.x)!;
  const mastodon = body.accounts.find((account) => account.connectionId === accounts.mastodon)!;

  expect(x).toMatchObject({ platform: 'X', handle: '@ines', rateBasis: 'impressions', posts: 2, ratedPosts: 2, engagements: 55 });
  expect(x.metrics).toMatchObject({ impressions: 1500, likes: 45, reach: null, saves: null });
  expect(x.engagementRate).toBeCloseTo((50 / 1000 + 5 / 500) / 2, 10);

  expect(mastodon).toMatchObject({ rateBasis: 'followers', posts: 2, ratedPosts: 1, engagements: 12 });
  // not given on Mastodon: null, never 0
  expect(mastodon.metrics.impressions).toBeNull();
  expect(mastodon.engagementRate).toBeCloseTo(10 / 100, 10);

  expect(body.team).toMatchObject({ posts: 4, ratedPosts: 3, engagements: 67 });
  expect(body.team.engagementRate).toBeCloseTo((50 / 1000 + 5 / 500 + 10 / 100) / 3, 10);

  const labelled = EngagementSchema.parse((await api.get(`/api/v1/analytics/engagement?${query({ labelId: launchLabel })}`)).body);
  expect(labelled.team).toMatchObject({ posts: 1, engagements: 50 });
  const onlyMastodon = EngagementSchema.parse(
    (await api.get(`/api/v1/analytics/engagement?${query({ connectionId: accounts.mastodon })}`)).body,
  );
  expect(onlyMastodon.accounts.map((account) => account.connectionId)).toEqual([accounts.mastodon]);
});

test('top posts by a metric, by engagement rate, and limited', async () => {
  const byLikes = TopPostsSchema.parse((await api.get(`/api/v1/analytics/top-posts?${query({ metric: 'likes', limit: '2' })}`)).body);
  expect(byLikes.posts.map((post) => [post.postId, post.value])).toEqual([
    [xBest, 40],
    [mastodonRated, 8],
  ]);
  expect(byLikes.posts[0]).toMatchObject({ content: 'Launch day, "finally", here', handle: '@ines', engagements: 50 });

  const byRate = TopPostsSchema.parse((await api.get(`/api/v1/analytics/top-posts?${query({ metric: 'engagementRate' })}`)).body);
  expect(byRate.posts.map((post) => post.postId)).toEqual([mastodonRated, xBest, xOther]);

  // impressions: Mastodon posts do not have them and are left out
  const byImpressions = TopPostsSchema.parse((await api.get(`/api/v1/analytics/top-posts?${query({ metric: 'impressions' })}`)).body);
  expect(byImpressions.posts.map((post) => post.postId)).toEqual([xBest, xOther]);
});

test('best times: the heatmap in the asked zone, the fallback with too little history, then the history itself', async () => {
  const few = BestTimesSchema.parse((await api.get(`/api/v1/analytics/best-times?${query({ timeZone: 'Asia/Tokyo' })}`)).body);
  expect(few).toMatchObject({
    timeZone: 'Asia/Tokyo',
    posts: 4,
    basis: 'fallback',
    suggestions: [
      { weekday: 2, hour: 9 },
      { weekday: 3, hour: 12 },
      { weekday: 4, hour: 17 },
    ],
  });
  expect(few.fallbackReason).toMatch(/Too little history: 4 published posts/);
  // Tuesday 08:00 UTC is Tuesday 17:00 in Tokyo: the X and Mastodon posts of that hour
  expect(few.cells).toContainEqual(expect.objectContaining({ weekday: 2, hour: 17, posts: 2, meanEngagements: 30 }));

  // eight more Tuesdays at the same hour: enough history, and Tuesday 17:00 in Tokyo is the best
  for (let week = 1; week <= 8; week += 1) {
    await published(accounts.x, 'X', new Date(TUESDAY_8_UTC - week * 7 * 86_400_000 + 40 * 86_400_000), [
      { metrics: { impressions: 100, likes: 20, replies: 0, reposts: 0, quotes: 0, bookmarks: 0 } },
    ]);
  }
  const wide = { from: '2026-09-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
  const history = BestTimesSchema.parse(
    (await api.get(`/api/v1/analytics/best-times?${new URLSearchParams({ ...wide, timeZone: 'Asia/Tokyo' })}`)).body,
  );
  expect(history).toMatchObject({ basis: 'history', fallbackReason: null, posts: 12 });
  expect(history.suggestions[0]).toEqual({ weekday: 2, hour: 17 });

  // without timeZone: the user's (none set: UTC)
  const inUtc = BestTimesSchema.parse((await api.get(`/api/v1/analytics/best-times?${new URLSearchParams(wide)}`)).body);
  expect(inUtc.timeZone).toBe('UTC');
  expect(inUtc.suggestions[0]).toEqual({ weekday: 2, hour: 8 });
});

test('export: CSV with a header, one row per post, account and sample, empty cells for what a platform does not give', async () => {
  const res = await fetch(`${stack.server.url}/api/v1/analytics/export?${query({ connectionId: accounts.x })}`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename=planrrr-metrics-2026-10-01-to-2026-12-01.csv');
  const lines = (await res.text()).trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'post_id,account_id,platform,handle,published_at,sample_index,taken_at,impressions,reach,views,likes,replies,reposts,quotes,bookmarks,saves,clicks,engagements,missing,content',
  );
  // xBest's two samples, then xOther's one (the X posts of the 'best times' test are earlier, in October)
  const rows = lines.slice(1).filter((line) => line.startsWith(xBest) || line.startsWith(xOther));
  expect(rows).toEqual([
    `${xBest},${accounts.x},X,@ines,2026-11-03T08:00:00.000Z,0,2026-11-03T09:00:00.000Z,100,,,1,0,0,0,0,,,1,,"Launch day, ""finally"", here"`,
    `${xBest},${accounts.x},X,@ines,2026-11-03T08:00:00.000Z,1,2026-11-03T10:00:00.000Z,1000,,,40,5,3,1,1,,,50,,"Launch day, ""finally"", here"`,
    expect.stringMatching(new RegExp(`^${xOther},${accounts.x},X,@ines,2026-11-04T08:00:00.000Z,0,`)),
  ]);

  const mastodon = await fetch(`${stack.server.url}/api/v1/analytics/export?${query({ connectionId: accounts.mastodon })}`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  const mastodonRows = (await mastodon.text()).trimEnd().split('\r\n').slice(1);
  expect(mastodonRows).toHaveLength(2);
  expect(mastodonRows[0]).toContain(',,,,8,1,1,,,,,10,impressions: Mastodon does not count views,');
});

test('export: read a page of publications at a time, the file is the same, each row once, in order', async () => {
  const whole = await fetch(`${stack.server.url}/api/v1/analytics/export?${query()}`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  const me = (await api.get('/api/v1/me')).body;
  // one publication per page: xBest and mastodonRated share a publish time, so the keyset's tie-break is used
  const paged = createAudienceService({ db, exportBatch: 1 });
  const { chunks } = await paged.exportCsv(
    { userId: me.id, teamId, role: 'OWNER', via: 'token' },
    {
      from: new Date(range.from),
      to: new Date(range.to),
    },
  );
  let file = '';
  let pages = 0;
  for await (const chunk of chunks) {
    file += chunk;
    pages += 1;
  }
  const expected = await whole.text();
  expect(file).toBe(expected);
  const publications = new Set(
    expected
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',').slice(0, 2).join()),
  );
  expect(pages).toBe(1 + publications.size);
});

test('bad input is a 400 naming the parameter; another team sees nothing of this one', async () => {
  const cases: Array<[string, string]> = [
    ['/api/v1/analytics/top-posts?metric=fame', 'query.metric'],
    ['/api/v1/analytics/top-posts?limit=0', 'query.limit'],
    ['/api/v1/analytics/best-times?timeZone=Mars/Olympus', 'query.timeZone'],
    ['/api/v1/analytics/engagement?from=yesterday', 'query.from'],
    [`/api/v1/analytics/export?from=${range.to}&to=${range.from}`, 'query.from'],
  ];
  for (const [path, field] of cases) {
    const res = await api.get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
  }

  const { api: stranger } = await signUpWithToken(stack.server.url, 'Otto');
  expect((await stranger.get(`/api/v1/analytics/engagement?${query({ connectionId: accounts.x })}`)).status).toBe(404);
  const theirs = EngagementSchema.parse((await stranger.get(`/api/v1/analytics/engagement?${query()}`)).body);
  expect(theirs).toMatchObject({ team: { posts: 0, engagements: null, engagementRate: null }, accounts: [] });
});
