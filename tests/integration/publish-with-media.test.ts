// Media end to end: uploaded through the API, scheduled on a post, carried by the
// workflow, read from the media store by the worker and delivered to the platforms'
// contract fakes: an image to Facebook, Instagram (which downloads it from planrrr's
// signed public URL) and Mastodon, a video to YouTube.
// NOTE: the OAuth connect flows for Facebook, Instagram and YouTube are another piece of
// work; until they exist these tests store those connections directly, encrypted as the
// connection service stores them.
import { createDb, type Db } from '../../lib/db';
import { FakeFacebookGraph } from '../fakes/facebook-graph';
import { FakeMastodon } from '../fakes/mastodon';
import { FakeYouTube } from '../fakes/youtube';
import { storeOAuthConnection } from '../support/connections';
import { JPEG, MP4, uploadMedia } from '../support/media-fixtures';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient, type TestEnv } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const graph = new FakeFacebookGraph();
const youtube = new FakeYouTube();
const mastodon = new FakeMastodon();
const stack = useServerAndWorker({
  env: () => testEnv({ FACEBOOK_GRAPH_BASE_URL: graph.url, YOUTUBE_API_BASE_URL: youtube.url }),
  alongside: [graph, youtube, mastodon],
  // The worker signs media URLs with the server's public address, where Instagram fetches them.
  workerEnv: (server) => ({ PUBLIC_URL: server.url }),
});
let env: TestEnv;
let db: Db;
let api: ApiClient;
const connections: Record<'facebook' | 'instagram' | 'youtube' | 'mastodon', string> = {
  facebook: '',
  instagram: '',
  youtube: '',
  mastodon: '',
};

beforeAll(async () => {
  ({ env } = stack);
  db = createDb(env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url));
  const teamId: string = (await api.get('/api/v1/me')).body.currentTeamId;
  connections.facebook = await storeOAuthConnection(db, env, {
    teamId,
    platform: 'FACEBOOK',
    handle: 'planrrr page',
    credentials: { pageId: 'page-1', accessToken: 'fb-page-token' },
  });
  connections.instagram = await storeOAuthConnection(db, env, {
    teamId,
    platform: 'INSTAGRAM',
    handle: 'planrrr.ig',
    credentials: { igUserId: 'ig-1', accessToken: 'ig-token' },
  });
  connections.youtube = await storeOAuthConnection(db, env, {
    teamId,
    platform: 'YOUTUBE',
    handle: 'planrrr channel',
    credentials: { channelId: 'UC1', accessToken: 'yt-token', privacyStatus: 'unlisted' },
  });
  const mastodonConnection = await api.post('/api/v1/connections', {
    platform: 'mastodon',
    instanceUrl: mastodon.url,
    accessToken: 'token-alice',
  });
  connections.mastodon = mastodonConnection.body.id;
});

afterAll(async () => {
  await db?.$disconnect();
});

function upload(bytes: Buffer, fileName: string, type: string, altText?: string): Promise<string> {
  return uploadMedia(api, bytes, fileName, type, altText);
}

function published(postId: string) {
  return waitFor(
    () => api.get(`/api/v1/posts/${postId}`),
    (res) => !['SCHEDULED', 'PUBLISHING'].includes(res.body.status),
    120_000,
    500,
  );
}

test('an image post lands on Facebook, Instagram and Mastodon; a video post on YouTube', async () => {
  const image = await upload(JPEG, 'launch.jpg', 'image/jpeg', 'Our logo');
  const video = await upload(MP4, 'launch.mp4', 'video/mp4');
  const imagePost = await api.post('/api/v1/posts', {
    content: 'We launch today',
    publishAt: inSeconds(3),
    connectionIds: [connections.facebook, connections.instagram, connections.mastodon],
    media: [image],
  });
  expect(imagePost.status).toBe(201);
  const videoPost = await api.post('/api/v1/posts', {
    content: 'Launch video\nHow we built it',
    publishAt: inSeconds(3),
    connectionIds: [connections.youtube],
    media: [video],
  });
  expect(videoPost.status).toBe(201);

  const [imageResult, videoResult] = await Promise.all([published(imagePost.body.id), published(videoPost.body.id)]);
  expect(imageResult.body.status).toBe('PUBLISHED');
  expect(videoResult.body.status).toBe('PUBLISHED');

  const facebookPost = graph.posts.find((post) => post.message === 'We launch today')!;
  expect(facebookPost).toMatchObject({ kind: 'photo', pageId: 'page-1', altText: 'Our logo' });
  expect(facebookPost.file!.bytes.equals(JPEG)).toBe(true);

  // Instagram fetched the image itself, from the signed URL the worker made.
  const instagramPost = graph.instagramMedia.find((media) => media.caption === 'We launch today')!;
  expect(instagramPost.mediaType).toBe('IMAGE');
  expect(instagramPost.files[0]!.bytes.equals(JPEG)).toBe(true);
  const container = graph.containers.find((candidate) => candidate.caption === 'We launch today')!;
  expect(container.sourceUrl).toMatch(new RegExp(`^${stack.server.url}/media/${image}\\?expires=\\d+&signature=`));

  const status = mastodon.statuses.find((candidate) => candidate.content === 'We launch today')!;
  expect(status.media).toHaveLength(1);
  expect(status.media[0]!).toMatchObject({ description: 'Our logo', contentType: 'image/jpeg' });
  expect(status.media[0]!.bytes.equals(JPEG)).toBe(true);

  const youtubeVideo = youtube.videos.find((candidate) => candidate.title === 'Launch video')!;
  expect(youtubeVideo).toMatchObject({ description: 'How we built it', privacyStatus: 'unlisted' });
  expect(youtubeVideo.bytes.equals(MP4)).toBe(true);

  const targets = Object.fromEntries(imageResult.body.targets.map((target: { platform: string }) => [target.platform, target]));
  expect(targets.FACEBOOK).toMatchObject({
    status: 'PUBLISHED',
    platformPostId: facebookPost.id,
    url: `https://www.facebook.com/${facebookPost.id}`,
  });
  expect(targets.INSTAGRAM).toMatchObject({ status: 'PUBLISHED', platformPostId: instagramPost.id, url: instagramPost.permalink });
  expect(targets.MASTODON).toMatchObject({ status: 'PUBLISHED', platformPostId: status.id });
  expect(videoResult.body.targets[0]).toMatchObject({ status: 'PUBLISHED', url: `https://www.youtube.com/watch?v=${youtubeVideo.id}` });
});

test('two platform outages (500) in a row are retried, and each platform gets the post exactly once', async () => {
  const image = await upload(JPEG, 'retry.jpg', 'image/jpeg');
  const video = await upload(MP4, 'retry.mp4', 'video/mp4');
  graph.failNext({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
  mastodon.failNext({ status: 500 }, { status: 500 });
  youtube.failNext({ status: 500 }, { status: 500 });
  // The Graph fake's four failures fall on whichever of Facebook's and Instagram's calls
  // come first; each target may need several attempts, none may publish twice.
  const imagePost = await api.post('/api/v1/posts', {
    content: 'Try, try again',
    publishAt: inSeconds(1),
    connectionIds: [connections.facebook, connections.instagram, connections.mastodon],
    media: [image],
  });
  const videoPost = await api.post('/api/v1/posts', {
    content: 'Retry video',
    publishAt: inSeconds(1),
    connectionIds: [connections.youtube],
    media: [video],
  });

  const [imageResult, videoResult] = await Promise.all([published(imagePost.body.id), published(videoPost.body.id)]);
  expect(imageResult.body.status).toBe('PUBLISHED');
  expect(videoResult.body.status).toBe('PUBLISHED');
  expect(graph.posts.filter((post) => post.message === 'Try, try again')).toHaveLength(1);
  expect(graph.instagramMedia.filter((media) => media.caption === 'Try, try again')).toHaveLength(1);
  expect(mastodon.statuses.filter((status) => status.content === 'Try, try again')).toHaveLength(1);
  expect(youtube.videos.filter((candidate) => candidate.title === 'Retry video')).toHaveLength(1);

  const attempts = Object.fromEntries(
    imageResult.body.targets.map((target: { platform: string; attempts: number }) => [target.platform, target.attempts]),
  );
  expect(attempts.MASTODON).toBe(3);
  expect(attempts.FACEBOOK + attempts.INSTAGRAM).toBe(6);
  expect(videoResult.body.targets[0].attempts).toBe(3);
});
