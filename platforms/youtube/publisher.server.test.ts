// The YouTube publisher against the resumable-upload contract fake.
import { youtubeTitleAndDescription } from '.';
import type { TargetOptions } from '../../domain/target-options';
import { FakeYouTube } from '../../tests/fakes/youtube';
import { JPEG, MP4, testMedia } from '../../tests/support/media-fixtures';
import { PublishError } from '../../lib/platforms/errors';
import type { PublishMedia, PublishRequest } from '../../activities/publishers/publisher';
import { createYouTubePublisher } from './publisher.server';

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

test('the first line is the title, the rest the description', () => {
  expect(youtubeTitleAndDescription('Launch day\n\nEverything we shipped.\nMore.')).toEqual({
    title: 'Launch day',
    description: 'Everything we shipped.\nMore.',
  });
});

test('a first line over 100 characters (a post that skipped the rules) is cut to 100 for the title', async () => {
  const published = await publisher.publish(request(`${'x'.repeat(150)}\nrest`));
  expect(youtube.videos.find((video) => video.id === published.platformPostId)!.title).toBe('x'.repeat(100));
});

/** A JPEG in the library, as the publish activity hands over the media an option names. */
const thumbnail: PublishMedia = {
  ...testMedia('image', { id: 'thumb-1' }),
  mimeType: 'image/jpeg',
  fileName: 'thumb.jpg',
  read: async () => JPEG,
};

function withOptions(content: string, options: TargetOptions, optionMedia: PublishMedia[] = []): PublishRequest {
  return { ...request(content), options, optionMedia: new Map(optionMedia.map((item) => [item.id, item])) };
}

test('the options set the title, description, tags, category, privacy and made-for-kids; a Short ends its description with #Shorts', async () => {
  const published = await publisher.publish(
    withOptions('The text of the post', {
      title: 'A title of its own',
      tags: ['planrrr', 'social media'],
      categoryId: '28',
      privacy: 'unlisted',
      madeForKids: false,
      shorts: true,
    }),
  );
  expect(youtube.videos.find((video) => video.id === published.platformPostId)).toMatchObject({
    title: 'A title of its own',
    // with the title an option, the whole text is the description
    description: 'The text of the post\n\n#Shorts',
    tags: ['planrrr', 'social media'],
    categoryId: '28',
    privacyStatus: 'unlisted',
    selfDeclaredMadeForKids: false,
  });
  const described = await publisher.publish(withOptions('Title line\nignored', { description: 'Own description #shorts', shorts: true }));
  expect(youtube.videos.find((video) => video.id === described.platformPostId)).toMatchObject({
    title: 'Title line',
    description: 'Own description #shorts',
  });
});

test('a thumbnail is set after the upload with thumbnails.set', async () => {
  const requestsBefore = youtube.requests.length;
  const published = await publisher.publish(withOptions('With a thumbnail', { thumbnailMediaId: 'thumb-1' }, [thumbnail]));
  expect(youtube.requests.slice(requestsBefore)).toEqual(['POST start', 'PUT upload', 'POST thumbnail']);
  expect(published.notice).toBeUndefined();
  const video = youtube.videos.find((candidate) => candidate.id === published.platformPostId)!;
  expect(video.thumbnail?.contentType).toBe('image/jpeg');
  expect(video.thumbnail?.bytes.equals(JPEG)).toBe(true);
});

test('a refused or missing thumbnail leaves the video published, with a notice, and uploads nothing twice', async () => {
  youtube.thumbnailsRefused.add('yt-token');
  try {
    const requestsBefore = youtube.requests.length;
    const published = await publisher.publish(withOptions('Refused thumbnail', { thumbnailMediaId: 'thumb-1' }, [thumbnail]));
    expect(youtube.requests.slice(requestsBefore)).toEqual(['POST start', 'PUT upload', 'POST thumbnail']);
    expect(published.notice).toMatch(/^The video is published, but its thumbnail was not set: .*custom video thumbnails/);
    expect(youtube.videos.filter((video) => video.title === 'Refused thumbnail')).toHaveLength(1);
  } finally {
    youtube.thumbnailsRefused.delete('yt-token');
  }
  const gone = await publisher.publish(withOptions('Deleted thumbnail', { thumbnailMediaId: 'thumb-gone' }));
  expect(gone.notice).toBe('The video is published, but its thumbnail was not set: the thumbnail image is no longer in the media library');
});

test('invalid options are CONTENT_REJECTED before any call', async () => {
  const requestsBefore = youtube.requests.length;
  const error = await failure(publisher.publish(withOptions('Bad', { privacy: 'friends-only' })));
  expect(error).toMatchObject({
    kind: 'CONTENT_REJECTED',
    message: expect.stringContaining('privacy must be public, unlisted or private'),
  });
  expect(youtube.requests.length).toBe(requestsBefore);
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
