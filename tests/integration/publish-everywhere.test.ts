// One post, scheduled through the API to all seven platforms at once, lands on every
// platform's contract fake in that platform's native shape: a tweet with an uploaded video,
// a Bluesky record with a video embed, a LinkedIn post with a video asset, a Facebook page
// video, an Instagram reel (fetched from planrrr's signed URL), a YouTube upload with title
// and description, and a Mastodon status with its attachment.
// NOTE: the OAuth flows that create X, Facebook, Instagram, YouTube and LinkedIn connections
// are tested in oauth-connect.test.ts against a fake authorization server; here those
// connections are stored as that flow stores them (encrypted credentials), so each
// publisher fake can check its own tokens.
import { createDb, type Db } from '../../lib/db';
import { FakeBluesky } from '../fakes/bluesky';
import { FakeFacebookGraph } from '../fakes/facebook-graph';
import { FakeLinkedIn } from '../fakes/linkedin';
import { FakeMastodon } from '../fakes/mastodon';
import { FakeX } from '../fakes/x';
import { FakeYouTube } from '../fakes/youtube';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient, type TestEnv } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';
import { MP4 } from '../support/media-fixtures';
import { storeOAuthConnection } from '../support/connections';

jest.setTimeout(180_000);

const x = new FakeX();
const bluesky = new FakeBluesky();
const linkedIn = new FakeLinkedIn();
const graph = new FakeFacebookGraph();
const youtube = new FakeYouTube();
const mastodon = new FakeMastodon();
const stack = useServerAndWorker({
  env: () =>
    testEnv({
      X_API_BASE_URL: x.url,
      LINKEDIN_API_BASE_URL: linkedIn.url,
      BLUESKY_DEFAULT_SERVICE_URL: bluesky.url,
      FACEBOOK_GRAPH_BASE_URL: graph.url,
      YOUTUBE_API_BASE_URL: youtube.url,
    }),
  alongside: [x, bluesky, linkedIn, graph, youtube, mastodon],
  // the worker signs media URLs with the server's address, where Instagram fetches them
  workerEnv: (server) => ({ PUBLIC_URL: server.url }),
});
let env: TestEnv;
let db: Db;
let api: ApiClient;

beforeAll(async () => {
  ({ env } = stack);
  db = createDb(env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Sevda'));
});

afterAll(async () => {
  await db?.$disconnect();
});

test('a post scheduled to all seven platforms lands on each in its native shape, once', async () => {
  const teamId: string = (await api.get('/api/v1/me')).body.currentTeamId;
  const connectionIds = [
    (await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' })).body.id,
    (await api.post('/api/v1/connections', { platform: 'bluesky', handle: 'alice.bsky.social', appPassword: 'alice-app-password' })).body
      .id,
    await storeOAuthConnection(db, env, {
      teamId,
      platform: 'X',
      handle: '@alice',
      credentials: { accessToken: 'x-token-alice', refreshToken: 'x-refresh', expiresAt: inSeconds(7200) },
    }),
    await storeOAuthConnection(db, env, {
      teamId,
      platform: 'LINKEDIN',
      handle: 'Alice Example',
      credentials: { authorUrn: 'urn:li:person:alice', accessToken: 'li-token-alice' },
    }),
    await storeOAuthConnection(db, env, {
      teamId,
      platform: 'FACEBOOK',
      handle: 'planrrr page',
      credentials: { pageId: 'page-1', accessToken: 'fb-page-token' },
    }),
    await storeOAuthConnection(db, env, {
      teamId,
      platform: 'INSTAGRAM',
      handle: 'planrrr.ig',
      credentials: { igUserId: 'ig-1', accessToken: 'ig-token' },
    }),
    await storeOAuthConnection(db, env, {
      teamId,
      platform: 'YOUTUBE',
      handle: 'planrrr channel',
      credentials: { channelId: 'UC1', accessToken: 'yt-token' },
    }),
  ];
  expect(connectionIds.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);

  const form = new FormData();
  form.set('altText', 'A short launch film');
  form.set('file', new Blob([new Uint8Array(MP4)], { type: 'video/mp4' }), 'launch.mp4');
  const video = await api.request('POST', '/api/v1/media', form);
  expect(video.status).toBe(201);

  const content = 'Launch day\nWatch how we built planrrr in one minute';
  const created = await api.post('/api/v1/posts', { content, publishAt: inSeconds(3), connectionIds, media: [video.body.id] });
  expect(created.status).toBe(201);
  const done = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => !['SCHEDULED', 'PUBLISHING'].includes(res.body.status),
    150_000,
    500,
  );
  const outcomes = Object.fromEntries(
    done.body.targets.map((target: { platform: string; status: string; lastError: string | null }) => [
      target.platform,
      target.lastError ?? target.status,
    ]),
  );
  expect(outcomes).toEqual({
    MASTODON: 'PUBLISHED',
    BLUESKY: 'PUBLISHED',
    X: 'PUBLISHED',
    LINKEDIN: 'PUBLISHED',
    FACEBOOK: 'PUBLISHED',
    INSTAGRAM: 'PUBLISHED',
    YOUTUBE: 'PUBLISHED',
  });
  expect(done.body.status).toBe('PUBLISHED');

  // Mastodon: a status with the video attached (uploaded first, with its description)
  const statuses = mastodon.statuses.filter((status) => status.content === content);
  expect(statuses).toHaveLength(1);
  expect(statuses[0]!.media).toEqual([expect.objectContaining({ contentType: 'video/mp4', description: 'A short launch film' })]);
  expect(statuses[0]!.media[0]!.bytes.equals(MP4)).toBe(true);

  // Bluesky: an app.bsky.feed.post whose embed is the uploaded video blob
  const records = bluesky.posts.filter((post) => post.record.text === content);
  expect(records).toHaveLength(1);
  expect(records[0]!.record.embed).toMatchObject({ $type: 'app.bsky.embed.video', alt: 'A short launch film' });

  // X: a post carrying the media id of the uploaded, processed video
  const tweets = x.tweets.filter((tweet) => tweet.text === content);
  expect(tweets).toHaveLength(1);
  expect(tweets[0]!.mediaIds).toHaveLength(1);

  // LinkedIn: a post by the member whose content is the uploaded video asset
  const shares = linkedIn.posts.filter((post) => post.commentary.startsWith('Launch day'));
  expect(shares).toHaveLength(1);
  expect(shares[0]).toMatchObject({ author: 'urn:li:person:alice', content: { media: { id: expect.stringMatching(/^urn:li:video:/) } } });

  // Facebook: a page video with the text as its description
  const pageVideos = graph.posts.filter((post) => post.kind === 'video' && post.pageId === 'page-1');
  expect(pageVideos).toHaveLength(1);
  expect(pageVideos[0]!.file!.bytes.equals(MP4)).toBe(true);

  // Instagram: a reel with the caption, made from the file Instagram downloaded from planrrr
  const reels = graph.instagramMedia.filter((media) => media.caption === content);
  expect(reels).toHaveLength(1);
  expect(reels[0]!.mediaType).toBe('REELS');
  expect(reels[0]!.files[0]!.bytes.equals(MP4)).toBe(true);

  // YouTube: the first line is the title, the rest the description
  expect(youtube.videos).toHaveLength(1);
  expect(youtube.videos[0]).toMatchObject({
    title: 'Launch day',
    description: 'Watch how we built planrrr in one minute',
    privacyStatus: 'public',
  });
  expect(youtube.videos[0]!.bytes.equals(MP4)).toBe(true);

  // every target links to where it was published
  for (const target of done.body.targets) expect(target.url).toMatch(/^https?:\/\//);
});

test('a first comment follows the post on all seven platforms, once each, by the same account, with its own status', async () => {
  const connectionIds: string[] = (await api.get('/api/v1/connections')).body.data.map((connection: { id: string }) => connection.id);
  expect(connectionIds).toHaveLength(7);
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(MP4)], { type: 'video/mp4' }), 'second.mp4');
  const video = await api.request('POST', '/api/v1/media', form);
  const content = 'Second film\nThe details are in the first comment';
  const firstComment = 'Links and credits: https://planrrr.dev/film';
  const created = await api.post('/api/v1/posts', {
    content,
    publishAt: inSeconds(3),
    connectionIds,
    media: [video.body.id],
    firstComment,
  });
  expect(created.status).toBe(201);
  expect(created.body.firstComment).toBe(firstComment);
  expect(created.body.targets.map((target: { firstComment: { status: string } }) => target.firstComment.status)).toEqual(
    new Array(7).fill('PENDING'),
  );
  const done = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    // the comments are recorded before the workflow writes the post's own status
    (res) =>
      res.body.status !== 'SCHEDULED' &&
      res.body.status !== 'PUBLISHING' &&
      res.body.targets.every((target: { firstComment: { status: string } }) => target.firstComment.status !== 'PENDING'),
    150_000,
    500,
  );
  expect(done.body.status).toBe('PUBLISHED');
  const comments = Object.fromEntries(
    done.body.targets.map((target: { platform: string; firstComment: unknown }) => [target.platform, target.firstComment]),
  );
  const byPlatform = Object.fromEntries(done.body.targets.map((target: { platform: string }) => [target.platform, target]));
  for (const platform of ['MASTODON', 'BLUESKY', 'X', 'LINKEDIN', 'FACEBOOK', 'INSTAGRAM', 'YOUTUBE']) {
    expect(comments[platform]).toMatchObject({ status: 'PUBLISHED', error: null, url: expect.stringMatching(/^https?:\/\//) });
  }

  // X, Bluesky and Mastodon: a reply of the same account to the post
  const tweet = x.tweets.find((candidate) => candidate.text === content)!;
  expect(x.tweets.filter((candidate) => candidate.text === firstComment)).toEqual([
    expect.objectContaining({ inReplyToId: tweet.id, accessToken: 'x-token-alice' }),
  ]);
  const status = mastodon.statuses.find((candidate) => candidate.content === content)!;
  expect(mastodon.statuses.filter((candidate) => candidate.content === firstComment)).toEqual([
    expect.objectContaining({ inReplyToId: status.id, accessToken: 'token-alice' }),
  ]);
  const record = bluesky.posts.find((candidate) => candidate.record.text === content)!;
  expect(bluesky.posts.filter((candidate) => candidate.record.text === firstComment).map((post) => post.record.reply)).toEqual([
    { root: bluesky.refOf(record), parent: bluesky.refOf(record) },
  ]);
  // Facebook and Instagram: a comment on the page video and on the reel
  expect(
    graph.comments
      .filter((comment) => comment.message === firstComment)
      .map((comment) => comment.objectId)
      .sort(),
  ).toEqual([byPlatform.FACEBOOK.platformPostId, byPlatform.INSTAGRAM.platformPostId].sort());
  // LinkedIn: a comment of the member on the post; YouTube: a comment thread on the video
  expect(linkedIn.comments.filter((comment) => comment.text === firstComment)).toEqual([
    expect.objectContaining({ object: byPlatform.LINKEDIN.platformPostId, actor: 'urn:li:person:alice' }),
  ]);
  expect(youtube.comments.filter((comment) => comment.text === firstComment)).toEqual([
    expect.objectContaining({ videoId: byPlatform.YOUTUBE.platformPostId }),
  ]);
});
