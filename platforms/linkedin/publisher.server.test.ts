// The LinkedIn publisher against the contract fake of LinkedIn's REST API (tests/fakes/linkedin.ts).
import { FakeLinkedIn } from '../../tests/fakes/linkedin';
import { testMedia } from '../../tests/support/media-fixtures';
import { publishMedia } from '../../tests/support/publish-media';
import { PublishError } from '../../lib/platforms/errors';
import { createLinkedInPublisher, escapeLittleText } from './publisher.server';
import type { PublishRequest, Publisher } from '../../activities/publishers/publisher';

const linkedIn = new FakeLinkedIn();
let publisher: Publisher;

beforeAll(async () => {
  await linkedIn.start();
  linkedIn.videoPartBytes = 1000;
  publisher = createLinkedInPublisher({ baseUrl: linkedIn.url, apiVersion: '202610' });
});
afterAll(() => linkedIn.stop());
beforeEach(() => {
  linkedIn.calls.length = 0;
});

function request(content: string, overrides: Partial<PublishRequest> = {}, accessToken = 'li-token-alice'): PublishRequest {
  return {
    content,
    media: [],
    idempotencyKey: 'planrrr-post-conn-r1',
    connection: {
      id: 'conn-li',
      platform: 'LINKEDIN',
      handle: 'Alice Example',
      instanceUrl: null,
      credentials: { authorUrn: 'urn:li:person:alice', accessToken },
    },
    ...overrides,
  };
}

async function publishError(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

test('little text escapes LinkedIn markup characters and leaves the rest alone', () => {
  expect(escapeLittleText('Launch (beta) #1 @team_a *now* ~ <3 {x} [y] | \\ é🎉')).toBe(
    'Launch \\(beta\\) \\#1 \\@team\\_a \\*now\\* \\~ \\<3 \\{x\\} \\[y\\] \\| \\\\ é🎉',
  );
});

test('a text post: author, escaped commentary, PUBLIC, main feed, PUBLISHED; the id comes from x-restli-id', async () => {
  const published = await publisher.publish(request('Hello LinkedIn (from planrrr)'));
  const post = linkedIn.posts.at(-1)!;
  expect(post).toMatchObject({ author: 'urn:li:person:alice', commentary: 'Hello LinkedIn \\(from planrrr\\)', linkedInVersion: '202610' });
  expect(published).toEqual({ platformPostId: post.urn, url: `https://www.linkedin.com/feed/update/${post.urn}/` });
});

test('an image is initialised and uploaded before the post that uses it', async () => {
  const image = publishMedia({ kind: 'image', mimeType: 'image/png', sizeBytes: 2048, altText: 'Our team' });
  await publisher.publish(request('With a picture', { media: [image] }));
  expect(linkedIn.calls).toEqual(['images.initialize', 'images.upload', 'posts.create']);
  expect(linkedIn.posts.at(-1)!.content).toEqual({ media: { id: expect.stringMatching(/^urn:li:image:/), altText: 'Our team' } });
});

test('several images become a multiImage post', async () => {
  const images = [1, 2].map((n) => publishMedia({ kind: 'image', mimeType: 'image/jpeg', sizeBytes: 500 * n }));
  await publisher.publish(request('Two pictures', { media: images }));
  expect(linkedIn.posts.at(-1)!.content?.multiImage?.images).toHaveLength(2);
});

test('a video is uploaded in the parts LinkedIn asks for and finalised with their ETags, then posted', async () => {
  const video = publishMedia({ kind: 'video', mimeType: 'video/mp4', sizeBytes: 2500 });
  await publisher.publish(request('With a clip', { media: [video] }));
  expect(linkedIn.calls).toEqual([
    'videos.initialize',
    'videos.upload',
    'videos.upload',
    'videos.upload',
    'videos.finalize',
    'posts.create',
  ]);
  const urn = linkedIn.posts.at(-1)!.content?.media?.id;
  expect(urn).toMatch(/^urn:li:video:/);
  expect(linkedIn.assets.get(urn!)).toMatchObject({ state: 'AVAILABLE', size: 2500 });
});

test('a revoked token (401) is AUTH_FAILED and not retryable', async () => {
  const error = await publishError(publisher.publish(request('Nobody hears', {}, 'revoked')));
  expect(error).toMatchObject({ kind: 'AUTH_FAILED', retryable: false });
});

test('429 with Retry-After is RATE_LIMITED with that delay', async () => {
  linkedIn.failNext({
    status: 429,
    headers: { 'Retry-After': '12' },
    body: { status: 429, message: 'Resource level throttle limit reached' },
  });
  expect(await publishError(publisher.publish(request('Slow down')))).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 12_000 });
});

test('500 twice then success: retryable twice, then exactly one post', async () => {
  linkedIn.failNext({ status: 500 }, { status: 503 });
  const before = linkedIn.posts.length;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    expect(await publishError(publisher.publish(request('Persistence')))).toMatchObject({ kind: 'PLATFORM_UNAVAILABLE', retryable: true });
  }
  await publisher.publish(request('Persistence'));
  expect(linkedIn.posts.slice(before).map((post) => post.commentary)).toEqual(['Persistence']);
});

test('a repeated post is DUPLICATE (LinkedIn answers 422), not a content rejection', async () => {
  await publisher.publish(request('Say it once'));
  expect(await publishError(publisher.publish(request('Say it once')))).toMatchObject({ kind: 'DUPLICATE', retryable: false });
});

describe('a PDF document post', () => {
  const organization = (overrides: Partial<PublishRequest>) =>
    request('', {
      ...overrides,
      connection: {
        id: 'conn-acme',
        platform: 'LINKEDIN',
        handle: 'Acme',
        instanceUrl: null,
        credentials: { authorUrn: 'urn:li:organization:acme', accessToken: 'li-token-acme' },
      },
    });

  test('the PDF goes up through the Documents API, then the post names it with the title option', async () => {
    const pdf = testMedia('document');
    await publisher.publish({
      ...organization({ media: [pdf], options: { documentTitle: 'Our 2026 in numbers' } }),
      content: 'The report',
    });
    expect(linkedIn.calls).toEqual(['documents.initialize', 'documents.upload', 'posts.create']);
    const post = linkedIn.posts.at(-1)!;
    expect(post).toMatchObject({ author: 'urn:li:organization:acme', commentary: 'The report' });
    expect(post.content).toEqual({ media: { id: expect.stringMatching(/^urn:li:document:/), title: 'Our 2026 in numbers' } });
    expect(linkedIn.assets.get(post.content!.media!.id)).toMatchObject({ owner: 'urn:li:organization:acme', state: 'AVAILABLE' });
  });

  test("without a title option the title is the file's name", async () => {
    await publisher.publish({ ...organization({ media: [testMedia('document')] }), content: 'The report, again' });
    expect(linkedIn.posts.at(-1)!.content?.media?.title).toBe('Quarterly report');
  });

  test('a PDF with anything else beside it is CONTENT_REJECTED before any call', async () => {
    const error = await publishError(publisher.publish(request('Both', { media: [testMedia('document'), testMedia('image')] })));
    expect(error).toMatchObject({ kind: 'CONTENT_REJECTED', message: expect.stringContaining('one PDF document') });
    expect(linkedIn.calls).toEqual([]);
  });

  test('LinkedIn refuses a file that is no PDF (the fake checks the bytes): a content rejection', async () => {
    const notPdf = { ...testMedia('document'), read: async () => Buffer.from('not a pdf at all') };
    const error = await publishError(publisher.publish(request('Fake PDF', { media: [notPdf] })));
    expect(error).toMatchObject({ kind: 'CONTENT_REJECTED', status: 400 });
  });
});
