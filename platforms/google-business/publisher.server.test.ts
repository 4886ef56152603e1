// The Google Business Profile publisher against the contract fake of the local posts API
// (tests/fakes/google-business.ts), which downloads the photo URL it is given (here from a
// small local file server standing in for planrrr's signed URLs).
import express from 'express';
import { PublishError } from '../../lib/platforms/errors';
import { FakeGoogleBusiness } from '../../tests/fakes/google-business';
import { close, listen } from '../../tests/fakes/http';
import { PNG, testMedia } from '../../tests/support/media-fixtures';
import { createGoogleBusinessPublisher } from './publisher.server';
import type { PublishMedia, PublishRequest } from '../../activities/publishers/publisher';

const google = new FakeGoogleBusiness();
let files: Awaited<ReturnType<typeof listen>>;
let publisher: ReturnType<typeof createGoogleBusinessPublisher>;

beforeAll(async () => {
  await google.start();
  const app = express();
  app.get('/files/photo.png', (_req, res) => void res.type('image/png').send(PNG));
  files = await listen(app);
  publisher = createGoogleBusinessPublisher({ baseUrl: google.url });
});
afterAll(async () => {
  await Promise.all([google.stop(), close(files.server)]);
});

const photo = (): PublishMedia => testMedia('image', { publicUrl: (seconds) => `${files.url}/files/photo.png?expires=${seconds}` });

function request(
  content: string,
  media: PublishMedia[],
  options: Record<string, unknown>,
  accessToken = 'gbp-token-alice',
): PublishRequest {
  return {
    content,
    media,
    options,
    idempotencyKey: 'planrrr-post-c1-r1',
    connection: {
      id: 'c1',
      platform: 'GOOGLE_BUSINESS',
      handle: 'Alice Bakery Harbour',
      instanceUrl: null,
      credentials: { accountId: 'accounts/2020', locationId: 'locations/5550002', accessToken },
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

test("a standard post with a photo and a call to action, on the location's local posts, linked by its searchUrl", async () => {
  const published = await publisher.publish(
    request('Fresh croissants every morning', [photo()], {
      topicType: 'STANDARD',
      callToAction: { actionType: 'ORDER', url: 'https://example.com/order' },
    }),
  );
  const post = google.posts.at(-1)!;
  expect(post).toMatchObject({
    location: 'accounts/2020/locations/5550002',
    summary: 'Fresh croissants every morning',
    topicType: 'STANDARD',
    callToAction: { actionType: 'ORDER', url: 'https://example.com/order' },
  });
  expect(post.photo?.bytes.equals(PNG)).toBe(true);
  expect(published).toEqual({ platformPostId: post.name, url: expect.stringContaining('use=posts') });
});

test("an event's schedule and an offer's details, in Google's dates and times", async () => {
  const event = { title: 'Christmas tasting', start: '2026-12-24T10:00', end: '2026-12-24T16:30' };
  await publisher.publish(request('Come and taste', [], { topicType: 'EVENT', event }));
  expect(google.posts.at(-1)!.event).toEqual({
    title: 'Christmas tasting',
    schedule: {
      startDate: { year: 2026, month: 12, day: 24 },
      startTime: { hours: 10, minutes: 0 },
      endDate: { year: 2026, month: 12, day: 24 },
      endTime: { hours: 16, minutes: 30 },
    },
  });
  await publisher.publish(
    request('20% off', [], { topicType: 'OFFER', event, offer: { couponCode: 'XMAS20', termsConditions: 'One per visit' } }),
  );
  expect(google.posts.at(-1)).toMatchObject({ topicType: 'OFFER', offer: { couponCode: 'XMAS20', termsConditions: 'One per visit' } });
});

test('refusals: a phone number is content, a token for another location or none is auth, a spent minute is a rate limit', async () => {
  expect(await failure(publisher.publish(request('Call 555-123-4567', [], { topicType: 'STANDARD' })))).toMatchObject({
    kind: 'CONTENT_REJECTED',
    message: expect.stringContaining('summary must not contain a phone number (INVALID_ARGUMENT)'),
  });
  expect((await failure(publisher.publish(request('x', [], { topicType: 'STANDARD' }, 'nope')))).kind).toBe('AUTH_FAILED');
  google.tokens.set('gbp-token-other', ['accounts/1010/locations/5550001']);
  expect((await failure(publisher.publish(request('x', [], { topicType: 'STANDARD' }, 'gbp-token-other')))).kind).toBe('AUTH_FAILED');
  google.failNext({
    status: 429,
    headers: { 'Retry-After': '30' },
    body: { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } },
  });
  expect(await failure(publisher.publish(request('x', [], { topicType: 'STANDARD' })))).toMatchObject({
    kind: 'RATE_LIMITED',
    retryAfterMs: 30_000,
  });
  expect((await failure(publisher.publish(request('x', [], {})))).message).toContain('topicType must be STANDARD, EVENT or OFFER');
});
