// Metrics per published post end to end: the API, a real Temporal dev server, PostgreSQL,
// the real worker, and every platform's fake (Mastodon, Bluesky, X, LinkedIn, Facebook,
// Instagram, YouTube), whose counts grow with time. The sampling offsets are seconds here
// (METRICS_SAMPLE_OFFSETS) instead of 1 h … 30 d.
import { randomUUID } from 'node:crypto';
import { createConnectionCredentials } from '../../activities/connection-credentials';
import { createPostMetricsActivities } from '../../activities/post-metrics';
import { createPublishers } from '../../platforms/publishers.server';
import { PostMetricsEventSchema, PostMetricsSchema } from '../../api/openapi/responses';
import { keyRing } from '../../lib/config';
import { createDb, type Db } from '../../lib/db';
import { oauthProviders } from '../../platforms/oauth-flows.server';
import { FakeBluesky } from '../fakes/bluesky';
import { FakeFacebookGraph } from '../fakes/facebook-graph';
import { FakeLinkedIn } from '../fakes/linkedin';
import { FakeMastodon } from '../fakes/mastodon';
import { FakeX } from '../fakes/x';
import { FakeYouTube } from '../fakes/youtube';
import { MP4 } from '../support/media-fixtures';
import { storeOAuthConnection } from '../support/connections';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';
import { verifyPlanrrrSignature, WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(180_000);

const OFFSETS = ['3s', '6s', '9s', '12s', '15s', '18s'];
const mastodon = new FakeMastodon();
const bluesky = new FakeBluesky();
const x = new FakeX();
const linkedIn = new FakeLinkedIn();
const graph = new FakeFacebookGraph();
const youtube = new FakeYouTube();
const receiver = new WebhookReceiver();
const stack = useServerAndWorker({
  env: () =>
    testEnv({
      METRICS_SAMPLE_OFFSETS: OFFSETS.join(','),
      X_API_BASE_URL: x.url,
      BLUESKY_DEFAULT_SERVICE_URL: bluesky.url,
      LINKEDIN_API_BASE_URL: linkedIn.url,
      FACEBOOK_GRAPH_BASE_URL: graph.url,
      YOUTUBE_API_BASE_URL: youtube.url,
      WEBHOOK_RETRY_INITIAL_INTERVAL: '1s',
    }),
  alongside: [mastodon, bluesky, x, linkedIn, graph, youtube, receiver],
  // the worker signs media URLs with the server's address, where Instagram fetches them
  workerEnv: (server) => ({ PUBLIC_URL: server.url }),
});
let api: ApiClient;
let db: Db;
let teamId: string;
const accounts = { mastodon: '', bluesky: '', x: '' };

beforeAll(async () => {
  db = createDb(stack.env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Mona'));
  teamId = (await api.get('/api/v1/me')).body.currentTeamId;
  accounts.mastodon = (
    await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' })
  ).body.id;
  accounts.bluesky = (
    await api.post('/api/v1/connections', { platform: 'bluesky', handle: 'alice.bsky.social', appPassword: 'alice-app-password' })
  ).body.id;
  accounts.x = await storeOAuthConnection(db, stack.env, {
    teamId,
    platform: 'X',
    handle: '@alice',
    credentials: { accessToken: 'x-token-alice', refreshToken: 'x-refresh', expiresAt: inSeconds(7200) },
  });
});

afterAll(async () => {
  await db?.$disconnect();
});

/** Publishes a post to the accounts now and answers it once PUBLISHED. */
async function published(content: string, connectionIds: string[], media: string[] = []) {
  const created = await api.post('/api/v1/posts', { content, publishAt: inSeconds(2), connectionIds, media });
  expect(created.status).toBe(201);
  return waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  ).then((res) => res.body as { id: string; targets: Array<{ connectionId: string; platformPostId: string }> });
}

async function metrics(postId: string) {
  const res = await api.get(`/api/v1/posts/${postId}/metrics`);
  expect(res.status).toBe(200);
  return PostMetricsSchema.parse(res.body);
}

function waitForMetrics(postId: string, done: (answer: Awaited<ReturnType<typeof metrics>>) => boolean) {
  return waitFor(() => metrics(postId), done, 90_000);
}

test('each published account is sampled at every offset, its counts growing, what it lacks named, until collection completes', async () => {
  const post = await published('Counting on you', [accounts.mastodon, accounts.bluesky, accounts.x]);

  const collecting = await waitForMetrics(post.id, (answer) => answer.accounts.length === 3);
  for (const account of collecting.accounts) {
    expect(account).toMatchObject({ workflowId: `metrics-${post.id}-${account.connectionId}`, endReason: null, endedAt: null });
    expect(account.nextSampleAt).not.toBeNull();
  }

  const done = await waitForMetrics(post.id, (answer) => answer.accounts.every((account) => account.endReason !== null));
  const byPlatform = Object.fromEntries(done.accounts.map((account) => [account.platform, account]));
  for (const account of done.accounts) {
    expect(account).toMatchObject({ endReason: 'completed', nextSampleAt: null });
    expect(account.samples.map((sample) => sample.sampleIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    // a sample taken late may share its second (and so its counts) with the next one
    const likes = account.samples.map((sample) => sample.metrics.likes!);
    expect(likes).toEqual([...likes].sort((a, b) => a - b));
    expect(likes.at(-1)).toBeGreaterThan(likes[0]!);
  }
  expect(Object.keys(byPlatform.MASTODON!.samples[0]!.metrics).sort()).toEqual(['likes', 'replies', 'reposts']);
  expect(byPlatform.MASTODON!.samples[0]!.missing).toContainEqual({ metric: 'impressions', reason: 'Mastodon does not count views' });
  expect(Object.keys(byPlatform.BLUESKY!.samples[0]!.metrics).sort()).toEqual(['likes', 'quotes', 'replies', 'reposts']);
  expect(byPlatform.X!.samples[0]!.missing).toEqual([]);
  // one stored sample per wake-up, whatever was retried
  expect(await db.metricSample.count({ where: { postId: post.id } })).toBe(18);
  // analytics read each collection's newest sample from the collection itself
  const collections = await db.metricsCollection.findMany({ where: { postId: post.id } });
  for (const collection of collections) {
    const newest = done.accounts.find((account) => account.connectionId === collection.connectionId)!.samples.at(-1)!;
    expect(collection).toMatchObject({ latestSampleIndex: 5, latestMetrics: newest.metrics });
  }

  // operators find the collections by the post, with the platform and publication in the memo
  const handle = stack.server.temporal.workflow.getHandle(`metrics-${post.id}-${accounts.mastodon}`);
  expect(await handle.result()).toBe('completed');
  expect((await handle.describe()).memo).toMatchObject({ platform: 'MASTODON' });
  const found = await waitFor(
    async () => {
      const ids: string[] = [];
      for await (const execution of stack.server.temporal.workflow.list({ query: `PlanrrrPostId="${post.id}"` }))
        ids.push(execution.workflowId);
      return ids.sort();
    },
    (ids) => ids.length === 4,
    15_000,
  );
  expect(found).toEqual([`post-${post.id}`, ...Object.values(accounts).map((id) => `metrics-${post.id}-${id}`)].sort());
});

test('LinkedIn, Facebook, Instagram and YouTube are sampled at every offset too, each series growing, in their own metrics', async () => {
  const connectionIds = [
    await storeOAuthConnection(db, stack.env, {
      teamId,
      platform: 'LINKEDIN',
      handle: 'Acme',
      credentials: { authorUrn: 'urn:li:organization:acme', accessToken: 'li-token-acme' },
    }),
    await storeOAuthConnection(db, stack.env, {
      teamId,
      platform: 'FACEBOOK',
      handle: 'planrrr page',
      credentials: { pageId: 'page-1', accessToken: 'fb-page-token' },
    }),
    await storeOAuthConnection(db, stack.env, {
      teamId,
      platform: 'INSTAGRAM',
      handle: 'planrrr.ig',
      credentials: { igUserId: 'ig-1', accessToken: 'ig-token' },
    }),
    await storeOAuthConnection(db, stack.env, {
      teamId,
      platform: 'YOUTUBE',
      handle: 'planrrr channel',
      credentials: { channelId: 'UC1', accessToken: 'yt-token' },
    }),
  ];
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(MP4)], { type: 'video/mp4' }), 'launch.mp4');
  const video = await api.request('POST', '/api/v1/media', form);
  expect(video.status).toBe(201);
  const post = await published('Counted everywhere\nA short film of the launch', connectionIds, [video.body.id]);

  const done = await waitForMetrics(
    post.id,
    (answer) => answer.accounts.length === 4 && answer.accounts.every((account) => account.endReason !== null),
  );
  const metricsOf: Record<string, string[]> = {
    LINKEDIN: ['clicks', 'impressions', 'likes', 'replies', 'reposts'],
    // a Page video: its video_insights views; Graph counts no shares or clicks of a video
    FACEBOOK: ['likes', 'replies', 'views'],
    INSTAGRAM: ['likes', 'reach', 'replies', 'reposts', 'saves', 'views'],
    YOUTUBE: ['likes', 'replies', 'views'],
  };
  for (const account of done.accounts) {
    expect(account).toMatchObject({ endReason: 'completed', nextSampleAt: null });
    expect(account.samples.map((sample) => sample.sampleIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const sample of account.samples) expect(Object.keys(sample.metrics).sort()).toEqual(metricsOf[account.platform]);
    const likes = account.samples.map((sample) => sample.metrics.likes!);
    expect(likes).toEqual([...likes].sort((a, b) => a - b));
    expect(likes.at(-1)).toBeGreaterThan(likes[0]!);
  }
  const byPlatform = Object.fromEntries(done.accounts.map((account) => [account.platform, account]));
  expect(byPlatform.LINKEDIN!.samples[0]!.missing).toEqual([]);
  expect(byPlatform.FACEBOOK!.samples[0]!.missing).toContainEqual({ metric: 'impressions', reason: expect.stringContaining('retired') });
  expect(await db.metricSample.count({ where: { postId: post.id } })).toBe(24);
});

test('a post deleted on the platform ends its collection early, and says so', async () => {
  const post = await published('Soon gone', [accounts.mastodon]);
  await waitForMetrics(post.id, (answer) => (answer.accounts[0]?.samples.length ?? 0) >= 1);
  mastodon.deletedStatusIds.add(post.targets[0]!.platformPostId);
  const ended = await waitForMetrics(post.id, (answer) => answer.accounts[0]?.endReason !== null);
  expect(ended.accounts[0]).toMatchObject({ endReason: 'deleted-on-platform', nextSampleAt: null });
  expect(ended.accounts[0]!.endedAt).not.toBeNull();
  expect(ended.accounts[0]!.samples.length).toBeLessThan(OFFSETS.length);
});

test('disconnecting the account ends its collection; the samples taken stay', async () => {
  mastodon.validTokens.add('token-dora');
  const connected = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-dora' });
  expect(connected.status).toBe(201);
  const post = await published('Then I left', [connected.body.id]);
  await waitForMetrics(post.id, (answer) => (answer.accounts[0]?.samples.length ?? 0) >= 1);
  expect((await api.delete(`/api/v1/connections/${connected.body.id}`)).status).toBe(204);
  const ended = await waitForMetrics(post.id, (answer) => answer.accounts[0]?.endReason !== null);
  expect(ended.accounts[0]).toMatchObject({ endReason: 'disconnected', handle: null });
  expect(ended.accounts[0]!.samples.length).toBeGreaterThanOrEqual(1);
});

test('a post that did not publish has no metrics; an unknown post is 404', async () => {
  const draft = await api.post('/api/v1/posts', { content: 'Not yet', draft: true, connectionIds: [accounts.mastodon] });
  expect(await metrics(draft.body.id)).toEqual({ postId: draft.body.id, accounts: [] });
  const unknown = await api.get('/api/v1/posts/no-such-post/metrics');
  expect(unknown.status).toBe(404);
  expect(unknown.headers.get('content-type')).toContain('application/problem+json');
});

test('each stored sample is announced once as post.metrics_updated, signed, with its counts; a retried collection announces nothing more', async () => {
  const url = `${receiver.url}/hooks/${randomUUID()}`;
  const webhook = await api.post('/api/v1/webhooks', { url, events: ['post.metrics_updated'] });
  expect(webhook.status).toBe(201);
  // the first delivery fails: retried, still one delivery
  receiver.answerNext(url, 500);
  const post = await published('Announced as it grows', [accounts.mastodon]);
  const done = await waitForMetrics(post.id, (answer) => answer.accounts[0]?.endReason === 'completed');
  const samples = done.accounts[0]!.samples;
  const delivered = await waitFor(
    async () => receiver.requestsTo(url).filter((request) => request.headers['planrrr-event'] === 'post.metrics_updated'),
    (requests) => new Set(requests.map((request) => request.body.id)).size === OFFSETS.length && requests.length === OFFSETS.length + 1,
    30_000,
  );
  const events = [...new Map(delivered.map((request) => [request.body.id, request])).values()];
  for (const request of events) {
    expect(verifyPlanrrrSignature(request.headers['planrrr-signature'] as string, request.rawBody, webhook.body.secret)).toBe(true);
    PostMetricsEventSchema.parse(request.body);
  }
  const bySample = events.map((request) => request.body.data).sort((a, b) => a.sample.sampleIndex - b.sample.sampleIndex);
  expect(bySample.map((data) => data.sample.sampleIndex)).toEqual([0, 1, 2, 3, 4, 5]);
  expect(bySample[0]).toMatchObject({
    post: { id: post.id },
    account: { connectionId: accounts.mastodon, platform: 'MASTODON', handle: expect.any(String) },
    sample: { metrics: samples[0]!.metrics, missing: samples[0]!.missing, takenAt: samples[0]!.takenAt },
  });

  // the activity run again for a stored sample (a retry after its commit) stores and announces nothing new
  const { config } = stack.env;
  const collect = createPostMetricsActivities({
    db,
    credentials: createConnectionCredentials({ db, keys: keyRing(config), providers: oauthProviders(config) }),
    publishers: createPublishers({ db, config }),
    temporal: stack.server.temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    webhookRetryInitialInterval: config.WEBHOOK_RETRY_INITIAL_INTERVAL,
  });
  expect(await collect.collectPostMetrics({ postId: post.id, connectionId: accounts.mastodon, sampleIndex: 2 })).toBe('sampled');
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(await db.webhookDelivery.count({ where: { webhookId: webhook.body.id } })).toBe(OFFSETS.length);
  expect(receiver.requestsTo(url)).toHaveLength(OFFSETS.length + 1);
  expect(await db.metricSample.count({ where: { postId: post.id } })).toBe(OFFSETS.length);
});
