// Google Business Profile end to end: a Google user connects through the OAuth flow (the fake
// provider's consent screen, scope business.manage), which connects each location they manage
// once, across their accounts; then local posts publish through the real API, a real Temporal
// dev server, the worker process and the local posts contract fake, which fetches the photo
// from planrrr's signed public URL as Google does.
import { freePort } from '../../runtime/ports';
import { FakeGoogleBusiness } from '../fakes/google-business';
import { FakeOAuthProvider } from '../fakes/oauth-provider';
import { JPEG, uploadMedia } from '../support/media-fixtures';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const provider = new FakeOAuthProvider();
const google = new FakeGoogleBusiness(provider);
const stack = useServerAndWorker({
  env: async () => {
    const port = await freePort();
    return testEnv({
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...provider.env(),
      GOOGLE_BUSINESS_API_BASE_URL: google.url,
    });
  },
  alongside: [provider, google],
});
let api: ApiClient;
let harbour = '';

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Gia'));
});

test('Google Business Profile connects through Google: one account per location, each location once', async () => {
  const started = await api.request('GET', '/api/v1/connections/google_business/authorize', undefined, { accept: 'application/json' });
  expect(started.status).toBe(200);
  expect(new URL(started.body.authorizeUrl).searchParams.get('scope')).toBe('https://www.googleapis.com/auth/business.manage');
  const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
  const landing = await fetch(consent.headers.get('location')!, { redirect: 'manual' });
  expect(new URL(landing.headers.get('location')!).searchParams.get('oauth')).toBe('connected');

  const connections = (await api.get('/api/v1/connections')).body.data;
  expect(connections.map((connection: any) => [connection.platform, connection.handle]).sort()).toEqual([
    ['GOOGLE_BUSINESS', 'Alice Bakery Harbour'],
    ['GOOGLE_BUSINESS', 'Alice Bakery Main Street'],
  ]);
  harbour = connections.find((connection: any) => connection.handle === 'Alice Bakery Harbour').id;
});

test("a post breaking Google's rules answers 422 naming the account and the rule; options of the wrong shape 400", async () => {
  const refused = await api.post('/api/v1/posts', {
    content: 'Call us on +44 20 7946 0958',
    publishAt: inSeconds(60),
    connectionIds: [harbour],
  });
  expect(refused.status).toBe(422);
  expect(refused.body.violations.map((violation: any) => [violation.connectionId, violation.rule, violation.field ?? null])).toEqual([
    [harbour, 'phone-number', null],
    [harbour, 'target-options', 'targetOptions.google_business.topicType'],
  ]);
  // options of the wrong shape are the request's mistake: 400 naming the field
  const noSchedule = await api.post('/api/v1/posts', {
    content: 'A tasting',
    publishAt: inSeconds(60),
    connectionIds: [harbour],
    targetOptions: [{ connectionId: harbour, google_business: { topicType: 'EVENT' } }],
  });
  expect(noSchedule.status).toBe(400);
  expect(noSchedule.body.errors).toEqual([expect.objectContaining({ field: 'body.targetOptions.0.google_business.event' })]);
});

test('an event post with a photo publishes once on the location, linked by its searchUrl', async () => {
  const photo = await uploadMedia(api, JPEG, 'tasting.jpg', 'image/jpeg');
  const event = { title: 'Christmas tasting', start: '2026-12-24T10:00', end: '2026-12-24T16:00' };
  const created = await api.post('/api/v1/posts', {
    content: 'Taste our Christmas breads',
    publishAt: inSeconds(2),
    connectionIds: [harbour],
    media: [photo],
    targetOptions: [
      {
        connectionId: harbour,
        google_business: { topicType: 'EVENT', event, callToAction: { actionType: 'SIGN_UP', url: 'https://example.com/rsvp' } },
      },
    ],
  });
  expect(created.status).toBe(201);
  const done = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => !['SCHEDULED', 'PUBLISHING'].includes(res.body.status),
    90_000,
    500,
  );
  expect(done.body.status).toBe('PUBLISHED');
  const posts = google.posts.filter((post) => post.summary === 'Taste our Christmas breads');
  expect(posts).toEqual([
    expect.objectContaining({
      location: 'accounts/2020/locations/5550002',
      topicType: 'EVENT',
      callToAction: { actionType: 'SIGN_UP', url: 'https://example.com/rsvp' },
    }),
  ]);
  expect(posts[0]!.photo?.bytes.equals(JPEG)).toBe(true);
  expect(done.body.targets[0]).toMatchObject({ platformPostId: posts[0]!.name, url: expect.stringContaining('use=posts') });
});
