// Threads end to end: the HTTP API, a real Temporal dev server, real PostgreSQL, the real
// worker process, and the contract fakes of X, Bluesky and Mastodon, which check that each
// reply names a post of the thread as the real APIs do.
import { MockActivityEnvironment } from '@temporalio/testing';
import { createConnectionCredentials } from '../../activities/connection-credentials';
import { createPublishToTarget, type PublishResult } from '../../activities/publish-to-target';
import { createPublishers } from '../../platforms/publishers.server';
import { idempotencyKeyFor } from '../../domain/post-lifecycle';
import { keyRing } from '../../lib/config';
import { createDb, type Db } from '../../lib/db';
import { createMediaStore } from '../../lib/media-store';
import { oauthProviders } from '../../platforms/oauth-flows.server';
import { FakeBluesky } from '../fakes/bluesky';
import { FakeMastodon } from '../fakes/mastodon';
import { FakeX } from '../fakes/x';
import { storeOAuthConnection } from '../support/connections';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { mp4Movie, PNG, uploadMedia } from '../support/media-fixtures';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const x = new FakeX();
const bluesky = new FakeBluesky();
const mastodon = new FakeMastodon();
const stack = useServerAndWorker({
  env: () => testEnv({ X_API_BASE_URL: x.url, BLUESKY_DEFAULT_SERVICE_URL: bluesky.url }),
  alongside: [x, bluesky, mastodon],
});
let db: Db;
let api: ApiClient;
let teamId: string;
const ids = { x: '', bluesky: '', mastodon: '', linkedIn: '' };

beforeAll(async () => {
  const { env } = stack;
  db = createDb(env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Theo'));
  teamId = (await api.get('/api/v1/me')).body.currentTeamId;
  ids.x = await storeOAuthConnection(db, env, {
    teamId,
    platform: 'X',
    handle: '@alice',
    credentials: { accessToken: 'x-token-alice', refreshToken: 'x-refresh', expiresAt: inSeconds(7200) },
  });
  ids.linkedIn = await storeOAuthConnection(db, env, {
    teamId,
    platform: 'LINKEDIN',
    handle: 'Alice Example',
    credentials: { authorUrn: 'urn:li:person:alice', accessToken: 'li-token-alice' },
  });
  ids.bluesky = (
    await api.post('/api/v1/connections', { platform: 'bluesky', handle: 'alice.bsky.social', appPassword: 'alice-app-password' })
  ).body.id;
  ids.mastodon = (
    await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' })
  ).body.id;
});

afterAll(async () => {
  await db?.$disconnect();
});

test('a three-part thread publishes to X, Bluesky and Mastodon once per part, in order, each part a reply to the one before', async () => {
  const [first, second] = [
    await uploadMedia(api, PNG, 'first.png', 'image/png', 'First'),
    await uploadMedia(api, PNG, 'second.png', 'image/png', 'Second'),
  ];
  const created = await api.post('/api/v1/posts', {
    content: 'A thread about threads 🧵 1/3',
    publishAt: inSeconds(3),
    connectionIds: [ids.x, ids.bluesky, ids.mastodon],
    thread: [{ content: 'Each part replies to the one before 2/3', media: [second, first] }, { content: 'And the end 3/3' }],
    threadDelaySeconds: 1,
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    threadDelaySeconds: 1,
    thread: [
      { content: 'Each part replies to the one before 2/3', media: [{ id: second }, { id: first }] },
      { content: 'And the end 3/3', media: [] },
    ],
  });

  const published = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    90_000,
  );
  const texts = ['A thread about threads 🧵 1/3', 'Each part replies to the one before 2/3', 'And the end 3/3'];

  const tweets = texts.map((text) => x.tweets.filter((tweet) => tweet.text === text));
  expect(tweets.map((each) => each.length)).toEqual([1, 1, 1]);
  const [tweet1, tweet2, tweet3] = tweets.map((each) => each[0]!);
  expect(tweet2).toMatchObject({ inReplyToId: tweet1!.id, conversationId: tweet1!.id });
  expect(tweet3).toMatchObject({ inReplyToId: tweet2!.id, conversationId: tweet1!.id });
  expect(tweet2!.mediaIds).toHaveLength(2);
  expect(tweet1!.receivedAt).toBeLessThan(tweet2!.receivedAt);
  expect(tweet2!.receivedAt).toBeLessThan(tweet3!.receivedAt);

  const skeets = texts.map((text) => bluesky.posts.filter((post) => post.record.text === text));
  expect(skeets.map((each) => each.length)).toEqual([1, 1, 1]);
  const [root, reply, last] = skeets.map((each) => bluesky.refOf(each[0]!));
  expect(skeets[1]![0]!.record.reply).toEqual({ root, parent: root });
  expect(skeets[2]![0]!.record.reply).toEqual({ root, parent: reply });
  expect(skeets[1]![0]!.record.embed!.images.map((image: { alt: string }) => image.alt)).toEqual(['Second', 'First']);

  const statuses = texts.map((text) => mastodon.statuses.filter((status) => status.content === text));
  expect(statuses.map((each) => each.length)).toEqual([1, 1, 1]);
  const [status1, status2, status3] = statuses.map((each) => each[0]!);
  expect(status2!.inReplyToId).toBe(status1!.id);
  expect(status3!.inReplyToId).toBe(status2!.id);
  expect(status2!.media.map((attachment) => attachment.description)).toEqual(['Second', 'First']);
  expect([status1, status2, status3].map((status) => status!.idempotencyKey)).toEqual([
    `planrrr-${created.body.id}-${ids.mastodon}-r1`,
    `planrrr-${created.body.id}-${ids.mastodon}-r1-p1`,
    `planrrr-${created.body.id}-${ids.mastodon}-r1-p2`,
  ]);

  const byPlatform = Object.fromEntries(published.body.targets.map((target: any) => [target.platform, target]));
  expect(byPlatform.X).toMatchObject({
    status: 'PUBLISHED',
    platformPostId: tweet1!.id,
    threadParts: [
      { part: 1, platformPostId: tweet2!.id, url: `https://x.com/i/web/status/${tweet2!.id}` },
      { part: 2, platformPostId: tweet3!.id, url: `https://x.com/i/web/status/${tweet3!.id}` },
    ],
  });
  expect(byPlatform.BLUESKY).toMatchObject({
    status: 'PUBLISHED',
    platformPostId: root!.uri,
    threadParts: [
      { part: 1, platformPostId: reply!.uri },
      { part: 2, platformPostId: last!.uri },
    ],
  });
  expect(byPlatform.MASTODON).toMatchObject({
    status: 'PUBLISHED',
    threadParts: [
      { part: 1, platformPostId: status2!.id, url: `${mastodon.url}/@alice/${status2!.id}` },
      { part: 2, platformPostId: status3!.id },
    ],
  });

  // lists read the same thread in their single statement
  const listed = (await api.get('/api/v1/posts?limit=200')).body.data.find((post: any) => post.id === created.body.id);
  expect(listed.thread).toEqual(published.body.thread);
  expect(listed.targets).toEqual(published.body.targets);
});

test('a thread for a platform without threads, or a part too long for an account, answers 422 platform-rules naming the account, the part and the rule', async () => {
  const refused = await api.post('/api/v1/posts', {
    content: 'Short first part',
    publishAt: inSeconds(3600),
    connectionIds: [ids.linkedIn, ids.bluesky],
    thread: [{ content: 'b'.repeat(301) }],
  });
  expect(refused.status).toBe(422);
  expect(refused.body.type).toBe('https://planrrr.dev/problems/platform-rules');
  expect(refused.body.violations).toEqual([
    expect.objectContaining({ platform: 'LINKEDIN', connectionId: ids.linkedIn, part: 1, rule: 'threads-unsupported' }),
    expect.objectContaining({ platform: 'BLUESKY', connectionId: ids.bluesky, part: 1, rule: 'text-too-long' }),
  ]);
  expect(refused.body.detail).toContain('BLUESKY (text-too-long) for @alice.bsky.social in part 2 of 2');

  // a video too long for X in the thread's second part names the part and the file within it
  const threeMinutes = await uploadMedia(api, mp4Movie({ width: 1280, height: 720, durationMs: 180_000 }), 'talk.mp4', 'video/mp4');
  const longVideo = await api.post('/api/v1/posts', {
    content: 'A talk, in parts',
    publishAt: inSeconds(3600),
    connectionIds: [ids.x],
    thread: [{ content: 'The whole talk', media: [threeMinutes] }],
  });
  expect(longVideo.status).toBe(422);
  expect(longVideo.body.violations).toEqual([
    expect.objectContaining({
      connectionId: ids.x,
      part: 1,
      field: 'media.0',
      rule: 'video-too-long',
      message: 'X takes videos up to 2 min 20 s; this one is 3 min',
    }),
  ]);

  const unknownMedia = await api.post('/api/v1/posts', {
    content: 'Short first part',
    publishAt: inSeconds(3600),
    connectionIds: [ids.mastodon],
    thread: [{ content: 'Second', media: ['no-such-media'] }],
  });
  expect(unknownMedia.status).toBe(422);
  expect(unknownMedia.body.errors).toEqual([expect.objectContaining({ field: 'body.thread.0.media' })]);
});

test('a first comment for a platform without comments, or too long for one, answers 422 platform-rules naming the account', async () => {
  const demo = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
  const refused = await api.post('/api/v1/posts', {
    content: 'A post with a comment',
    publishAt: inSeconds(3600),
    connectionIds: [demo, ids.bluesky],
    firstComment: 'c'.repeat(301),
  });
  expect(refused.status).toBe(422);
  expect(refused.body.violations).toEqual([
    expect.objectContaining({ platform: 'DEMO', connectionId: demo, firstComment: true, rule: 'comments-unsupported' }),
    expect.objectContaining({ platform: 'BLUESKY', connectionId: ids.bluesky, firstComment: true, rule: 'text-too-long' }),
  ]);
  expect(refused.body.detail).toContain('BLUESKY (text-too-long) for @alice.bsky.social in the first comment');
});

test("a scheduled thread's parts are edited through the workflow: a new revision, and the post reads the new parts", async () => {
  const created = await api.post('/api/v1/posts', {
    content: 'Edited thread 1/2',
    publishAt: inSeconds(3600),
    connectionIds: [ids.mastodon],
    thread: [{ content: 'First draft of part two' }],
  });
  expect(created.status).toBe(201);
  const edited = await api.patch(`/api/v1/posts/${created.body.id}`, {
    thread: [{ content: 'Part two, rewritten' }, { content: 'A new part three' }],
    threadDelaySeconds: 30,
  });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({
    revision: 2,
    threadDelaySeconds: 30,
    thread: [{ content: 'Part two, rewritten' }, { content: 'A new part three' }],
  });
  const read = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.thread.length === 2,
    10_000,
  );
  expect(read.body.thread.map((part: { content: string }) => part.content)).toEqual(['Part two, rewritten', 'A new part three']);
  await api.post(`/api/v1/posts/${created.body.id}/cancel`);
});

test('a part whose activity runs again after a crash (its result recorded, its completion lost) is not posted twice', async () => {
  const { env } = stack;
  const { publishToTarget, publishThreadPart } = createPublishToTarget({
    db,
    credentials: createConnectionCredentials({ db, keys: keyRing(env.config), providers: oauthProviders(env.config) }),
    publishers: createPublishers({ db, config: { ...env.config, X_API_BASE_URL: x.url, BLUESKY_DEFAULT_SERVICE_URL: bluesky.url } }),
    mediaStore: createMediaStore(env.config),
    publicUrl: env.config.PUBLIC_URL,
    sessionSecret: env.config.SESSION_SECRET,
  });
  // the post sleeps an hour, so only this test's activity runs publish its part; X and Bluesky take no idempotency key
  for (const [connectionId, count] of [
    [ids.x, () => x.tweets.length],
    [ids.bluesky, () => bluesky.posts.length],
  ] as const) {
    const created = await api.post('/api/v1/posts', {
      content: `Parent of a repeated part on ${connectionId}`,
      publishAt: inSeconds(3600),
      connectionIds: [connectionId],
      thread: [{ content: `A repeated part on ${connectionId}` }],
    });
    // the thread's first part, as the workflow publishes it before the others
    const activity = () => new MockActivityEnvironment({ attempt: 1, heartbeatTimeoutMs: 30_000 });
    const answer = await activity().run(publishToTarget, {
      postId: created.body.id,
      teamId,
      connectionId,
      content: created.body.content,
      mediaIds: [],
      revision: 1,
      idempotencyKey: idempotencyKeyFor(created.body.id, connectionId, 1),
      publishAt: created.body.publishAt,
      opensThread: true,
    });
    const root = answer as PublishResult;
    const parent = { platformPostId: root.platformPostId, ...(root.platformCid && { platformCid: root.platformCid }) };
    const input = {
      postId: created.body.id,
      teamId,
      connectionId,
      revision: 1,
      part: 1,
      content: `A repeated part on ${connectionId}`,
      mediaIds: [],
      idempotencyKey: idempotencyKeyFor(created.body.id, connectionId, 1, 1),
      replyTo: { root: parent, parent },
    };
    const before = count();
    const first = await activity().run(publishThreadPart, input);
    const repeated = await new MockActivityEnvironment({ attempt: 2, heartbeatTimeoutMs: 30_000 }).run(publishThreadPart, input);
    expect(count() - before).toBe(1);
    expect(repeated).toEqual(first);
    await api.post(`/api/v1/posts/${created.body.id}/cancel`);
  }
});

test('a thread that failed at a later part names the part, keeps the parts out, and a retry goes on from the failed part', async () => {
  const texts = ['Retried thread 1/3', `Retried thread 2/3 ${'and a longer middle part '.repeat(3)}`.trim(), 'Retried thread 3/3'];
  const created = await api.post('/api/v1/posts', {
    content: texts[0],
    publishAt: inSeconds(2),
    connectionIds: [ids.mastodon],
    thread: [{ content: texts[1] }, { content: texts[2] }],
  });
  expect(created.status).toBe(201);
  // the instance lowered its limit after the post was checked: the second part is refused
  mastodon.maxCharacters = 60;
  try {
    const failed = await waitFor(
      () => api.get(`/api/v1/posts/${created.body.id}`),
      (res) => res.body.status === 'FAILED',
      60_000,
    );
    const [first] = mastodon.statuses.filter((status) => status.content === texts[0]);
    expect(failed.body.targets[0]).toMatchObject({
      status: 'FAILED',
      platformPostId: first!.id,
      threadParts: [],
      lastError: expect.stringMatching(/^Part 2 of the thread: Mastodon answered 422/),
    });
    const fixed = await api.post(`/api/v1/posts/${created.body.id}/retry`, { content: 'A new first part' });
    expect(fixed.status).toBe(400);
    expect(fixed.body.errors).toEqual([expect.objectContaining({ field: 'body', message: expect.stringContaining('already published') })]);
  } finally {
    mastodon.maxCharacters = 500;
  }
  const retried = await api.post(`/api/v1/posts/${created.body.id}/retry`, {});
  expect(retried.status).toBe(202);
  const published = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  const statuses = texts.map((text) => mastodon.statuses.filter((status) => status.content === text));
  expect(statuses.map((each) => each.length)).toEqual([1, 1, 1]);
  expect(statuses[1]![0]!.inReplyToId).toBe(statuses[0]![0]!.id);
  expect(published.body.targets[0].threadParts.map((part: { platformPostId: string }) => part.platformPostId)).toEqual([
    statuses[1]![0]!.id,
    statuses[2]![0]!.id,
  ]);
});
