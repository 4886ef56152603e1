// The YouTube publisher against the resumable-upload contract fake.
import { FakeYouTube } from '../../tests/fakes/youtube';
import { MP4, testMedia } from '../../tests/support/media-fixtures';
import { PublishError } from '../../lib/platforms/errors';
import type { PublishMedia, PublishRequest } from './publisher';
import { createYouTubePublisher, titleAndDescription } from './youtube';

const youtube = new FakeYouTube();
let publisher: ReturnType<typeof createYouTubePublisher>;

beforeAll(async () => {
  await youtube.start();
  publisher = createYouTubePublisher({ baseUrl: youtube.url });
});
afterAll(() => youtube.stop());

function request(content: string, media: PublishMedia[] = [testMedia('video')], credentials: Record<string, unknown> = {}): PublishRequest {
  return {
    content,
    media,
    idempotencyKey: 'planrrr-post-connection-r1',
    connection: {
      id: 'c1',
      platform: 'YOUTUBE',
      handle: 'channel',
      instanceUrl: null,
      credentials: { channelId: 'UC1', accessToken: 'yt-token', ...credentials },
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

test('the first line is the title (at most 100 characters), the rest the description', () => {
  expect(titleAndDescription('Launch day\n\nEverything we shipped.\nMore.')).toEqual({
    title: 'Launch day',
    description: 'Everything we shipped.\nMore.',
  });
  expect(titleAndDescription('x'.repeat(150)).title).toHaveLength(100);
});

test('a video is uploaded through a resumable session: metadata first, then the bytes', async () => {
  const requestsBefore = youtube.requests.length;
  const published = await publisher.publish(request('My video\nWhat it is about'));
  expect(youtube.requests.slice(requestsBefore)).toEqual(['POST start', 'PUT upload']);
  const video = youtube.videos.find((candidate) => candidate.id === published.platformPostId)!;
  expect(video).toMatchObject({ title: 'My video', description: 'What it is about', privacyStatus: 'public', contentType: 'video/mp4' });
  expect(video.bytes.equals(MP4)).toBe(true);
  expect(published.url).toBe(`https://www.youtube.com/watch?v=${video.id}`);
});

test('the privacy status comes from the connection setting', async () => {
  const published = await publisher.publish(request('Unlisted one', undefined, { privacyStatus: 'unlisted' }));
  expect(youtube.videos.find((video) => video.id === published.platformPostId)!.privacyStatus).toBe('unlisted');
});

test('text or images alone are CONTENT_REJECTED before any call', async () => {
  const requestsBefore = youtube.requests.length;
  expect((await failure(publisher.publish(request('Words only', [])))).kind).toBe('CONTENT_REJECTED');
  expect((await failure(publisher.publish(request('A photo', [testMedia('image')])))).kind).toBe('CONTENT_REJECTED');
  expect(youtube.requests.length).toBe(requestsBefore);
});

test('401 is AUTH_FAILED; 429 with Retry-After and a 403 quotaExceeded are RATE_LIMITED', async () => {
  expect((await failure(publisher.publish(request('Hello', undefined, { accessToken: 'revoked' })))).kind).toBe('AUTH_FAILED');
  youtube.failNext({ status: 429, headers: { 'Retry-After': '12' } });
  expect(await failure(publisher.publish(request('Hello')))).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 12_000 });
  youtube.failNext({ status: 403, body: { error: { code: 403, message: 'quota', errors: [{ reason: 'quotaExceeded' }] } } });
  expect((await failure(publisher.publish(request('Hello')))).kind).toBe('RATE_LIMITED');
  youtube.failNext({ status: 403, body: { error: { code: 403, message: 'forbidden', errors: [{ reason: 'forbidden' }] } } });
  expect((await failure(publisher.publish(request('Hello')))).kind).toBe('AUTH_FAILED');
});

test('a 500 on the upload is PLATFORM_UNAVAILABLE; after two, the third attempt publishes once', async () => {
  youtube.failNext({ status: 500 }, { status: 503 });
  expect((await failure(publisher.publish(request('Persistent')))).kind).toBe('PLATFORM_UNAVAILABLE');
  expect((await failure(publisher.publish(request('Persistent')))).kind).toBe('PLATFORM_UNAVAILABLE');
  await publisher.publish(request('Persistent'));
  expect(youtube.videos.filter((video) => video.title === 'Persistent')).toHaveLength(1);
});
