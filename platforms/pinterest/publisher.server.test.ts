// The Pinterest publisher against the contract fake of the Pinterest API (tests/fakes/pinterest.ts),
// which downloads the image URL it is given (here from a small local file server standing in
// for planrrr's signed URLs; the integration test uses the real ones).
import express from 'express';
import { close, listen } from '../../tests/fakes/http';
import { FakePinterest } from '../../tests/fakes/pinterest';
import { FAKE_ACCOUNTS } from '../../tests/fakes/oauth-provider';
import { MP4, PNG, testMedia } from '../../tests/support/media-fixtures';
import { PublishError } from '../../lib/platforms/errors';
import { listPinterestBoards } from './api.server';
import { createPinterestPublisher } from './publisher.server';
import type { PublishMedia, PublishRequest } from '../../activities/publishers/publisher';

const pinterest = new FakePinterest();
let files: Awaited<ReturnType<typeof listen>>;
let publisher: ReturnType<typeof createPinterestPublisher>;
const [recipes] = FAKE_ACCOUNTS.pinterest.boards;

beforeAll(async () => {
  await pinterest.start();
  const app = express();
  app.get('/files/:name', (req, res) => {
    if (req.params.name === 'photo.png') return void res.type('image/png').send(PNG);
    if (req.params.name === 'clip.mp4') return void res.type('video/mp4').send(MP4);
    res.status(404).end();
  });
  files = await listen(app);
  publisher = createPinterestPublisher({ baseUrl: pinterest.url, pollIntervalMs: 100 });
});
afterAll(async () => {
  await Promise.all([pinterest.stop(), close(files.server)]);
});

function served(kind: 'image' | 'video', name = kind === 'image' ? 'photo.png' : 'clip.mp4', altText?: string): PublishMedia {
  return testMedia(kind, { altText, publicUrl: (seconds) => `${files.url}/files/${name}?expires=${seconds}` });
}

const connection = (accessToken = 'pin-token-alice') => ({
  id: 'c1',
  platform: 'PINTEREST' as const,
  handle: 'alicepins',
  instanceUrl: null,
  credentials: { username: 'alicepins', accessToken },
});

function request(content: string, media: PublishMedia[], options: Record<string, unknown>, accessToken?: string): PublishRequest {
  return { content, media, options, idempotencyKey: 'planrrr-post-c1-r1', connection: connection(accessToken) };
}

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

test('a pin on the chosen board, with its title, link, description and the image with its alt text', async () => {
  const published = await publisher.publish(
    request('Our lemon tart, step by step', [served('image', 'photo.png', 'A lemon tart')], {
      boardId: recipes!.id,
      title: 'Lemon tart',
      link: 'https://example.com/tart',
    }),
  );
  const pin = pinterest.pins.at(-1)!;
  expect(pin).toMatchObject({
    boardId: recipes!.id,
    title: 'Lemon tart',
    link: 'https://example.com/tart',
    description: 'Our lemon tart, step by step',
    altText: 'A lemon tart',
  });
  expect(pin.image!.bytes.equals(PNG)).toBe(true);
  expect(published).toEqual({ platformPostId: pin.id, url: `https://www.pinterest.com/pin/${pin.id}/` });
});

test('a video pin: registered, uploaded with the fields Pinterest named, processed, then pinned by its media id', async () => {
  const published = await publisher.publish(request('Tart in motion', [served('video', 'clip.mp4', 'Whisking')], { boardId: recipes!.id }));
  const pin = pinterest.pins.at(-1)!;
  expect(pin).toMatchObject({ description: 'Tart in motion', altText: 'Whisking', video: { mediaId: pinterest.media.at(-1)!.id } });
  expect(pin.video!.bytes.equals(MP4)).toBe(true);
  expect(pin.image).toBeUndefined();
  expect(published.platformPostId).toBe(pin.id);
  const calls = pinterest.calls.slice(pinterest.calls.lastIndexOf('media.register'));
  expect(calls[1]).toBe('media.upload');
  expect(calls.slice(2, -1).every((call) => call === 'media.get')).toBe(true);
  expect(calls.at(-1)).toBe('pins.create');
});

test('a video Pinterest cannot process fails as content, before any pin', async () => {
  const pins = pinterest.pins.length;
  const notAVideo: PublishMedia = { ...served('video'), read: async () => Buffer.from('not a video') };
  expect(await failure(publisher.publish(request('x', [notAVideo], { boardId: recipes!.id })))).toMatchObject({
    kind: 'CONTENT_REJECTED',
    message: 'Pinterest could not process the video',
  });
  expect(pinterest.pins).toHaveLength(pins);
});

test("another account's board, a missing image, and a refused token are refused as Pinterest would", async () => {
  expect(await failure(publisher.publish(request('x', [served('image')], { boardId: '42' })))).toMatchObject({
    kind: 'CONTENT_REJECTED',
    message: expect.stringContaining('Board not found'),
  });
  expect((await failure(publisher.publish(request('x', [], { boardId: recipes!.id })))).kind).toBe('CONTENT_REJECTED');
  expect((await failure(publisher.publish(request('x', [served('image')], {})))).message).toContain('boardId is required');
  expect((await failure(publisher.publish(request('x', [served('image')], { boardId: recipes!.id }, 'nope')))).kind).toBe('AUTH_FAILED');
  pinterest.failNext({ status: 429, headers: { 'Retry-After': '7' }, body: { code: 8, message: 'Rate limit exceeded.' } });
  expect(await failure(publisher.publish(request('x', [served('image')], { boardId: recipes!.id })))).toMatchObject({
    kind: 'RATE_LIMITED',
    retryAfterMs: 7000,
  });
});

test('metrics: impressions, saves and pin clicks; a deleted pin is reported deleted; followers from the account', async () => {
  const { platformPostId } = await publisher.publish(request('Count me', [served('image')], { boardId: recipes!.id }));
  const reading = await publisher.fetchMetrics!({ platformPostId, connection: connection() });
  expect(reading).toMatchObject({ kind: 'reading', missing: [] });
  expect(Object.keys((reading as { metrics: object }).metrics).sort()).toEqual(['clicks', 'impressions', 'saves']);
  pinterest.deleted.add(platformPostId);
  expect(await publisher.fetchMetrics!({ platformPostId, connection: connection() })).toEqual({ kind: 'deleted' });
});

test('the boards an account can pin to, by name', async () => {
  expect((await listPinterestBoards(pinterest.url, 'pin-token-alice')).map((board) => board.name)).toEqual(['Garden', 'Recipes']);
});
