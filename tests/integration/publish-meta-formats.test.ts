// Instagram and Facebook formats end to end: media uploaded through the API, the account's
// format chosen in targetOptions, the post carried by a real Temporal dev server and the
// worker process to the Graph API contract fake, which enforces each format's flow: an
// Instagram carousel, Reel and Story (Instagram downloads the media from planrrr's signed
// URLs), a Facebook Reel (start, the bytes to rupload, finish) and a photo Story. A format the
// media do not fit is refused when scheduled: 422 platform-rules naming the account and the rule.
import { createDb, type Db } from '../../lib/db';
import { FakeFacebookGraph } from '../fakes/facebook-graph';
import { storeOAuthConnection } from '../support/connections';
import { JPEG, MP4, mp4Movie, uploadMedia } from '../support/media-fixtures';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const graph = new FakeFacebookGraph();
const stack = useServerAndWorker({
  // the fake serves rupload's video uploads on its own host
  env: () => testEnv({ FACEBOOK_GRAPH_BASE_URL: graph.url, FACEBOOK_RUPLOAD_BASE_URL: graph.url }),
  alongside: [graph],
  // The worker signs media URLs with the server's public address, where Instagram fetches them.
  workerEnv: (server) => ({ PUBLIC_URL: server.url }),
});
let db: Db;
let api: ApiClient;
const ids = { facebook: '', instagram: '' };

beforeAll(async () => {
  const { env } = stack;
  db = createDb(env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Mira'));
  const teamId: string = (await api.get('/api/v1/me')).body.currentTeamId;
  ids.facebook = await storeOAuthConnection(db, env, {
    teamId,
    platform: 'FACEBOOK',
    handle: 'planrrr page',
    credentials: { pageId: 'page-1', accessToken: 'fb-page-token' },
  });
  ids.instagram = await storeOAuthConnection(db, env, {
    teamId,
    platform: 'INSTAGRAM',
    handle: 'planrrr.ig',
    credentials: { igUserId: 'ig-1', accessToken: 'ig-token' },
  });
});

afterAll(async () => {
  await db?.$disconnect();
});

function settled(postId: string) {
  return waitFor(
    () => api.get(`/api/v1/posts/${postId}`),
    (res) => !['SCHEDULED', 'PUBLISHING'].includes(res.body.status),
    120_000,
    500,
  );
}

const jpeg = (name: string) => uploadMedia(api, JPEG, `${name}.jpg`, 'image/jpeg');
const mp4 = (name: string) => uploadMedia(api, MP4, `${name}.mp4`, 'video/mp4');

test('an Instagram carousel, Reel and Story and a Facebook Reel and Story each publish once in their format', async () => {
  const [first, second, clip] = [await jpeg('first'), await jpeg('second'), await mp4('clip')];
  const schedule = async (content: string, connectionId: string, media: string[], options?: Record<string, unknown>) => {
    const created = await api.post('/api/v1/posts', {
      content,
      publishAt: inSeconds(3),
      connectionIds: [connectionId],
      media,
      ...(options ? { targetOptions: [{ connectionId, ...options }] } : {}),
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const posts = {
    carousel: await schedule('Three in a row', ids.instagram, [first, second, clip]),
    instagramReel: await schedule('Our reel', ids.instagram, [clip], { instagram: { format: 'reel', shareToFeed: true } }),
    instagramStory: await schedule('Not shown on a Story', ids.instagram, [first], { instagram: { format: 'story' } }),
    facebookReel: await schedule('A Page reel', ids.facebook, [clip], { facebook: { format: 'reel' } }),
    facebookStory: await schedule('Not shown either', ids.facebook, [second], { facebook: { format: 'story' } }),
  };
  const done = Object.fromEntries(
    await Promise.all(Object.entries(posts).map(async ([name, id]) => [name, (await settled(id)).body] as const)),
  );
  for (const post of Object.values(done)) expect(post.status).toBe('PUBLISHED');

  const carousel = graph.instagramMedia.filter((media) => media.caption === 'Three in a row');
  expect(carousel).toHaveLength(1);
  expect(carousel[0]).toMatchObject({ mediaType: 'CAROUSEL' });
  expect(carousel[0]!.files.map((file) => file.contentType)).toEqual(['image/jpeg', 'image/jpeg', 'video/mp4']);
  expect(done.carousel.targets[0]).toMatchObject({ platformPostId: carousel[0]!.id, url: carousel[0]!.permalink });

  const reels = graph.instagramMedia.filter((media) => media.caption === 'Our reel');
  expect(reels).toEqual([expect.objectContaining({ mediaType: 'REELS', shareToFeed: true })]);
  expect(reels[0]!.files[0]!.bytes.equals(MP4)).toBe(true);

  const story = graph.instagramMedia.find((media) => media.id === done.instagramStory.targets[0].platformPostId)!;
  expect(story).toMatchObject({ mediaType: 'STORIES', caption: undefined });
  expect(story.files[0]!.bytes.equals(JPEG)).toBe(true);

  const facebookReel = graph.posts.filter((post) => post.kind === 'reel' && post.message === 'A Page reel');
  expect(facebookReel).toHaveLength(1);
  expect(facebookReel[0]!.file!.bytes.equals(MP4)).toBe(true);
  expect(done.facebookReel.targets[0]).toMatchObject({
    platformPostId: facebookReel[0]!.id,
    url: `https://www.facebook.com/reel/${facebookReel[0]!.id}`,
  });

  const facebookStory = graph.posts.find((post) => post.id === done.facebookStory.targets[0].platformPostId)!;
  expect(facebookStory).toMatchObject({ kind: 'story', pageId: 'page-1' });
  expect(facebookStory.file!.bytes.equals(JPEG)).toBe(true);
});

test('a Story video of 1 min 40 s: 422 platform-rules naming the account, the file and the rule, in words a user reads', async () => {
  const long = await uploadMedia(api, mp4Movie({ width: 1080, height: 1920, durationMs: 100_000 }), 'long.mp4', 'video/mp4');
  const refused = await api.post('/api/v1/posts', {
    content: 'Behind the scenes',
    publishAt: inSeconds(600),
    connectionIds: [ids.instagram],
    media: [long],
    targetOptions: [{ connectionId: ids.instagram, instagram: { format: 'story' } }],
  });
  expect(refused.status).toBe(422);
  expect(refused.body.type).toBe('https://planrrr.dev/problems/platform-rules');
  expect(refused.body.violations).toEqual([
    {
      platform: 'INSTAGRAM',
      connectionId: ids.instagram,
      handle: 'planrrr.ig',
      field: 'media.0',
      rule: 'video-too-long',
      message: 'An Instagram Story takes videos up to 60 s; this one is 1 min 40 s',
    },
  ]);
  expect(refused.body.detail).toBe(
    'INSTAGRAM (video-too-long) for planrrr.ig: An Instagram Story takes videos up to 60 s; this one is 1 min 40 s',
  );
  // the same video is a Reel of the right length
  const reel = await api.post('/api/v1/posts', {
    content: 'Behind the scenes',
    publishAt: inSeconds(600),
    connectionIds: [ids.instagram],
    media: [long],
    targetOptions: [{ connectionId: ids.instagram, instagram: { format: 'reel' } }],
  });
  expect(reel.status).toBe(201);
  expect((await api.post(`/api/v1/posts/${reel.body.id}/cancel`)).status).toBe(200);
});

test('a Reel without a video, a Story without media or with a first comment, a carousel of 11: 422 platform-rules naming the account and the rule', async () => {
  const photos = await Promise.all(Array.from({ length: 11 }, (_, index) => jpeg(`photo-${index}`)));
  // a post takes as many media as the most any platform takes (TikTok's 35); Instagram's own 10 is its rule
  const eleven = await api.post('/api/v1/posts', {
    content: 'Too much',
    publishAt: inSeconds(600),
    connectionIds: [ids.instagram],
    media: photos,
  });
  expect(eleven.status).toBe(422);
  expect(eleven.body.violations).toContainEqual(
    expect.objectContaining({
      connectionId: ids.instagram,
      rule: 'too-many-media',
      message: 'Instagram takes at most 10 images and videos together, this post has 11',
    }),
  );

  const formats = await api.post('/api/v1/posts', {
    content: 'Wrong formats',
    publishAt: inSeconds(600),
    connectionIds: [ids.instagram, ids.facebook],
    media: [photos[0]],
    firstComment: '#planrrr',
    targetOptions: [
      { connectionId: ids.instagram, instagram: { format: 'reel' } },
      { connectionId: ids.facebook, facebook: { format: 'story' } },
    ],
  });
  expect(formats.status).toBe(422);
  expect(formats.body.violations.map((violation: any) => [violation.connectionId, violation.rule, violation.message])).toEqual([
    [ids.instagram, 'video-required', 'An Instagram Reel is exactly one video'],
    [ids.instagram, 'too-many-images', 'An Instagram Reel does not take images'],
    [ids.facebook, 'comments-unsupported', 'A Facebook Story takes no comments: leave the first comment out for this account'],
  ]);

  const bare = await api.post('/api/v1/posts', {
    content: 'A Story of words',
    publishAt: inSeconds(600),
    connectionIds: [ids.facebook],
    targetOptions: [{ connectionId: ids.facebook, facebook: { format: 'story' } }],
  });
  expect(bare.status).toBe(422);
  expect(bare.body.violations).toEqual([
    expect.objectContaining({
      connectionId: ids.facebook,
      rule: 'media-required',
      message: 'A Facebook Story needs at least one image or video',
    }),
  ]);

  const unknown = await api.post('/api/v1/posts', {
    content: 'An old format',
    publishAt: inSeconds(600),
    connectionIds: [ids.instagram],
    media: [photos[0]],
    targetOptions: [{ connectionId: ids.instagram, instagram: { format: 'igtv' } }],
  });
  expect(unknown.status).toBe(400);
  expect(JSON.stringify(unknown.body)).toContain('body.targetOptions.0.instagram.format');
});
