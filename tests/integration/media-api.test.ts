// Media over the REST API on the real stack: uploads typed by their bytes and limited in
// size, team scoping, the bytes served back, signed public URLs, and media on posts.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { signedMediaUrl } from '../../lib/media-urls';
import { MP4, mp4Movie, NOT_AN_IMAGE, PNG, pngOfSize } from '../support/media-fixtures';
import { postWorkflowId } from '../../temporal-config';
import { editSignal } from '../../workflows/post-messages';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const MAX_IMAGE_BYTES = 2_000;
const MAX_VIDEO_BYTES = 20_000;
const env = testEnv({ MEDIA_MAX_IMAGE_BYTES: String(MAX_IMAGE_BYTES), MEDIA_MAX_VIDEO_BYTES: String(MAX_VIDEO_BYTES) });

/** Every file in the media store's directory (server and worker share it). */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(env.config.MEDIA_DIR, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}
const stack = useServerAndWorker({ env });
let api: ApiClient;
let other: ApiClient;
let connectionId: string;

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Alice'));
  ({ api: other } = await signUpWithToken(stack.server.url, 'Mallory'));
  connectionId = (await api.post('/api/v1/connections', { platform: 'demo', name: 'Feed' })).body.id;
});

function upload(client: ApiClient, bytes: Buffer, fileName: string, claimedType: string, altText?: string) {
  const form = new FormData();
  if (altText !== undefined) form.set('altText', altText);
  form.set('file', new Blob([new Uint8Array(bytes)], { type: claimedType }), fileName);
  return client.request('POST', '/api/v1/media', form);
}

test('an image upload is stored with the type read from its bytes, and its bytes come back', async () => {
  // the client claims a wrong type: the bytes decide
  const created = await upload(api, PNG, 'dot.png', 'application/octet-stream', 'A red dot');
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    kind: 'IMAGE',
    mimeType: 'image/png',
    sizeBytes: PNG.length,
    fileName: 'dot.png',
    altText: 'A red dot',
  });
  expect(created.headers.get('location')).toBe(`/api/v1/media/${created.body.id}`);

  expect((await api.get(`/api/v1/media/${created.body.id}`)).body).toEqual(created.body);
  const content = await fetch(`${stack.server.url}${created.body.contentUrl}`, { headers: api.authHeaders() });
  expect(content.status).toBe(200);
  expect(content.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await content.arrayBuffer()).equals(PNG)).toBe(true);
});

test('a video upload is a VIDEO', async () => {
  const created = await upload(api, MP4, 'clip.mp4', 'video/mp4');
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ kind: 'VIDEO', mimeType: 'video/mp4', sizeBytes: MP4.length });
});

test("an upload's width, height and length are read from its bytes; a file that does not say is kept with them null", async () => {
  const tall = await upload(api, pngOfSize(1000, 3000), 'tall.png', 'image/png');
  expect(tall.status).toBe(201);
  expect(tall.body).toMatchObject({ kind: 'IMAGE', width: 1000, height: 3000, durationMs: null });

  // a phone's portrait clip: stored landscape and turned for display, its movie box after the media data
  const clip = mp4Movie({ width: 1080, height: 1920, durationMs: 100_000, moovLast: true, rotated: true });
  const video = await upload(api, clip, 'story.mp4', 'video/mp4');
  expect(video.status).toBe(201);
  expect(video.body).toMatchObject({ kind: 'VIDEO', width: 1080, height: 1920, durationMs: 100_000 });
  // as stored, and as a post's media list shows it
  expect((await api.get(`/api/v1/media/${video.body.id}`)).body).toEqual(video.body);
  const post = await api.post('/api/v1/posts', {
    content: 'A clip',
    publishAt: inSeconds(3600),
    connectionIds: [connectionId],
    media: [video.body.id, tall.body.id],
  });
  expect(post.status).toBe(201);
  const listed = (await api.get('/api/v1/posts')).body.data.find((item: { id: string }) => item.id === post.body.id);
  expect(listed.media.map((media: any) => [media.width, media.height, media.durationMs])).toEqual([
    [1080, 1920, 100_000],
    [1000, 3000, null],
  ]);

  const unknown = await upload(api, MP4, 'no-movie.mp4', 'video/mp4');
  expect(unknown.status).toBe(201);
  expect(unknown.body).toMatchObject({ kind: 'VIDEO', width: null, height: null, durationMs: null });
});

test('a file that is not an accepted image or video is refused as 415, naming the field', async () => {
  const refused = await upload(api, NOT_AN_IMAGE, 'fake.png', 'image/png');
  expect(refused.status).toBe(415);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.body).toMatchObject({ type: 'https://planrrr.dev/problems/unsupported-media-type', errors: [{ field: 'body.file' }] });
});

test('files over the limit for their kind are refused as 413, naming the field and the limit, and nothing is kept', async () => {
  const before = await storedFiles();
  const large = Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES, 1)]);
  const refused = await upload(api, large, 'huge.png', 'image/png');
  expect(refused.status).toBe(413);
  expect(refused.body).toMatchObject({
    type: 'https://planrrr.dev/problems/media-too-large',
    maxBytes: MAX_IMAGE_BYTES,
    errors: [{ field: 'body.file' }],
  });

  // refused while streaming: the store had started writing it
  const longVideo = Buffer.concat([MP4, Buffer.alloc(MAX_VIDEO_BYTES * 3, 2)]);
  const refusedVideo = await upload(api, longVideo, 'long.mp4', 'video/mp4');
  expect(refusedVideo.status).toBe(413);
  expect(refusedVideo.body).toMatchObject({ maxBytes: MAX_VIDEO_BYTES });
  expect(await storedFiles()).toEqual(before);
});

test('an upload without a file, or not multipart, is a 400 / 415 problem', async () => {
  const form = new FormData();
  form.set('altText', 'nothing attached');
  const empty = await api.request('POST', '/api/v1/media', form);
  expect(empty.status).toBe(400);
  expect(empty.body.errors).toEqual([{ field: 'body.file', message: expect.any(String) }]);
  const json = await api.post('/api/v1/media', { file: 'not a file' });
  expect(json.status).toBe(415);

  const unknownField = new FormData();
  unknownField.set('caption', 'meant for the post');
  unknownField.set('file', new Blob([new Uint8Array(PNG)]), 'dot.png');
  const refused = await api.request('POST', '/api/v1/media', unknownField);
  expect(refused.status).toBe(400);
  expect(refused.body.detail).toContain('caption');
});

test("another team's media is 404 for reading, its bytes, deleting and attaching", async () => {
  const mine = (await upload(api, PNG, 'mine.png', 'image/png')).body;
  expect((await other.get(`/api/v1/media/${mine.id}`)).status).toBe(404);
  const content = await fetch(`${stack.server.url}/api/v1/media/${mine.id}/content`, { headers: other.authHeaders() });
  expect(content.status).toBe(404);
  expect((await other.request('DELETE', `/api/v1/media/${mine.id}`)).status).toBe(404);
  const otherConnection = (await other.post('/api/v1/connections', { platform: 'demo', name: 'Other feed' })).body.id;
  const attach = await other.post('/api/v1/posts', {
    content: 'Stolen',
    publishAt: inSeconds(3600),
    connectionIds: [otherConnection],
    media: [mine.id],
  });
  expect(attach.status).toBe(422);
  expect(attach.body).toMatchObject({ type: 'https://planrrr.dev/problems/unknown-media', mediaIds: [mine.id] });
});

test('a post carries its media in order; an edit replaces them; media in use cannot be deleted until the post is cancelled', async () => {
  const first = (await upload(api, PNG, 'first.png', 'image/png')).body;
  const second = (await upload(api, MP4, 'second.mp4', 'video/mp4')).body;
  const created = await api.post('/api/v1/posts', {
    content: 'With media',
    publishAt: inSeconds(3600),
    connectionIds: [connectionId],
    media: [second.id, first.id],
  });
  expect(created.status).toBe(201);
  expect(created.body.media.map((media: { id: string }) => media.id)).toEqual([second.id, first.id]);

  const edited = await api.patch(`/api/v1/posts/${created.body.id}`, { media: [first.id] });
  expect(edited.status).toBe(200);
  expect(edited.body.media.map((media: { id: string }) => media.id)).toEqual([first.id]);
  expect(edited.body).toMatchObject({ revision: 2, workflow: { mediaIds: [first.id] } });

  // more than the most any platform takes in one post (TikTok's 35 photos)
  const tooMany = await api.patch(`/api/v1/posts/${created.body.id}`, { media: Array.from({ length: 36 }, (_, index) => `m${index}`) });
  expect(tooMany.status).toBe(400);
  expect(tooMany.body.errors[0]).toMatchObject({ field: 'body.media', message: expect.stringContaining('At most 35 media per post') });

  const inUse = await api.request('DELETE', `/api/v1/media/${first.id}`);
  expect(inUse.status).toBe(409);
  expect(inUse.body).toMatchObject({ type: 'https://planrrr.dev/problems/media-in-use', postIds: [created.body.id] });
  // the video is no longer on the post: it can go
  expect((await api.request('DELETE', `/api/v1/media/${second.id}`)).status).toBe(204);
  expect((await api.get(`/api/v1/media/${second.id}`)).status).toBe(404);

  expect((await api.post(`/api/v1/posts/${created.body.id}/cancel`)).status).toBe(200);
  expect((await api.request('DELETE', `/api/v1/media/${first.id}`)).status).toBe(204);
  expect((await api.get(`/api/v1/posts/${created.body.id}`)).body.media).toEqual([]);
});

test('a signed public URL serves the bytes until it expires; a forged or expired one is 403', async () => {
  const media = (await upload(api, PNG, 'public.png', 'image/png')).body;
  const sign = (expiresInSeconds: number, secret = env.config.SESSION_SECRET) =>
    signedMediaUrl({ publicUrl: stack.server.url, sessionSecret: secret, mediaId: media.id, expiresInSeconds });

  const ok = await fetch(sign(60));
  expect(ok.status).toBe(200);
  expect(ok.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await ok.arrayBuffer()).equals(PNG)).toBe(true);

  expect((await fetch(sign(-1))).status).toBe(403);
  expect((await fetch(sign(60, 'another-secret-of-at-least-thirty-two-chars'))).status).toBe(403);
  const tampered = new URL(sign(60));
  tampered.searchParams.set('expires', String(Number(tampered.searchParams.get('expires')) + 3600));
  expect((await fetch(tampered)).status).toBe(403);
  expect((await fetch(`${stack.server.url}/media/${media.id}`)).status).toBe(400);
});

test("an operator's edit signal naming unknown media still reaches the database; publishing would report the ids", async () => {
  const created = await api.post('/api/v1/posts', { content: 'Signal me', publishAt: inSeconds(3600), connectionIds: [connectionId] });
  await stack.server.temporal.workflow
    .getHandle(postWorkflowId(created.body.id))
    .signal(editSignal, { content: 'Signalled', mediaIds: ['ghost', 'ghost'] });
  const after = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.content === 'Signalled',
    30_000,
  );
  expect(after.body.media).toEqual([]);
  expect(after.body.workflow.mediaIds).toEqual(['ghost', 'ghost']);
  expect((await api.post(`/api/v1/posts/${created.body.id}/cancel`)).status).toBe(200);
});
