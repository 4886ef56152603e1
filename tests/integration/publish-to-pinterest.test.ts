// Pinterest end to end: the account connects through the OAuth flow (the fake provider's
// consent screen, HTTP Basic at Pinterest's token endpoint), its boards are listed through
// the API, and a pin publishes on the chosen board through the real API, a real Temporal
// dev server, the worker process and the Pinterest API contract fake, which fetches the image
// from planrrr's signed public URL as Pinterest does.
import { createDb, type Db } from '../../lib/db';
import { freePort } from '../../runtime/ports';
import { FAKE_ACCOUNTS, FakeOAuthProvider } from '../fakes/oauth-provider';
import { FakePinterest } from '../fakes/pinterest';
import { JPEG, MP4, uploadMedia } from '../support/media-fixtures';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient, type TestEnv } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const provider = new FakeOAuthProvider();
const pinterest = new FakePinterest(provider);
const stack = useServerAndWorker({
  env: async () => {
    const port = await freePort();
    return testEnv({
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...provider.env(),
      PINTEREST_API_BASE_URL: pinterest.url,
    });
  },
  alongside: [provider, pinterest],
});
let env: TestEnv;
let db: Db;
let api: ApiClient;
let connectionId = '';
const [recipes, garden] = FAKE_ACCOUNTS.pinterest.boards;

beforeAll(async () => {
  ({ env } = stack);
  db = createDb(env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Pia'));
});

afterAll(async () => {
  await db?.$disconnect();
});

test('Pinterest connects through OAuth, and its boards are listed by name', async () => {
  const started = await api.request('GET', '/api/v1/connections/pinterest/authorize', undefined, { accept: 'application/json' });
  expect(started.status).toBe(200);
  expect(new URL(started.body.authorizeUrl).searchParams.get('scope')).toBe('boards:read,pins:read,pins:write,user_accounts:read');
  const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
  const landing = await fetch(consent.headers.get('location')!, { redirect: 'manual' });
  expect(new URL(landing.headers.get('location')!).searchParams.get('oauth')).toBe('connected');

  const [connection] = (await api.get('/api/v1/connections')).body.data;
  expect(connection).toMatchObject({
    platform: 'PINTEREST',
    handle: FAKE_ACCOUNTS.pinterest.username,
    displayName: FAKE_ACCOUNTS.pinterest.business_name,
    avatarUrl: expect.any(String),
  });
  connectionId = connection.id;

  const boards = await api.get(`/api/v1/connections/${connectionId}/pinterest/boards`);
  expect(boards.status).toBe(200);
  expect(boards.body).toEqual({ data: [garden, recipes] });
  expect((await api.get('/api/v1/connections/nope/pinterest/boards')).status).toBe(404);
});

test('a pin needs its board and one image: 422 naming the account and the rule', async () => {
  const refused = await api.post('/api/v1/posts', { content: 'No picture', publishAt: inSeconds(60), connectionIds: [connectionId] });
  expect(refused.status).toBe(422);
  expect(refused.body.violations.map((violation: any) => [violation.connectionId, violation.rule, violation.field ?? null])).toEqual([
    [connectionId, 'media-required', null],
    [connectionId, 'target-options', 'targetOptions.pinterest.boardId'],
  ]);
});

test('a pin publishes once on the chosen board, with its title, link and the image with its alt text', async () => {
  const form = new FormData();
  form.set('altText', 'A lemon tart');
  form.set('file', new Blob([new Uint8Array(JPEG)], { type: 'image/jpeg' }), 'tart.jpg');
  const image = await api.request('POST', '/api/v1/media', form);
  const created = await api.post('/api/v1/posts', {
    content: 'Our lemon tart, step by step',
    publishAt: inSeconds(2),
    connectionIds: [connectionId],
    media: [image.body.id],
    targetOptions: [{ connectionId, pinterest: { boardId: recipes!.id, title: 'Lemon tart', link: 'https://example.com/tart' } }],
  });
  expect(created.status).toBe(201);
  const done = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => !['SCHEDULED', 'PUBLISHING'].includes(res.body.status),
    90_000,
    500,
  );
  expect(done.body.status).toBe('PUBLISHED');
  const pins = pinterest.pins.filter((pin) => pin.description === 'Our lemon tart, step by step');
  expect(pins).toEqual([
    expect.objectContaining({ boardId: recipes!.id, title: 'Lemon tart', link: 'https://example.com/tart', altText: 'A lemon tart' }),
  ]);
  expect(pins[0]!.image!.bytes.equals(JPEG)).toBe(true);
  expect(done.body.targets[0]).toMatchObject({
    platformPostId: pins[0]!.id,
    url: `https://www.pinterest.com/pin/${pins[0]!.id}/`,
    options: { pinterest: { boardId: recipes!.id, title: 'Lemon tart', link: 'https://example.com/tart' } },
  });
});

test('a video pin: the video is uploaded to Pinterest, processed, and pinned by its media id', async () => {
  const video = await uploadMedia(api, MP4, 'whisk.mp4', 'video/mp4', 'Whisking the cream');
  const created = await api.post('/api/v1/posts', {
    content: 'Whisk until stiff',
    publishAt: inSeconds(2),
    connectionIds: [connectionId],
    media: [video],
    targetOptions: [{ connectionId, pinterest: { boardId: recipes!.id } }],
  });
  expect(created.status).toBe(201);
  const done = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => !['SCHEDULED', 'PUBLISHING'].includes(res.body.status),
    90_000,
    500,
  );
  expect(done.body.status).toBe('PUBLISHED');
  const pins = pinterest.pins.filter((pin) => pin.description === 'Whisk until stiff');
  expect(pins).toEqual([expect.objectContaining({ boardId: recipes!.id, altText: 'Whisking the cream', video: expect.anything() })]);
  expect(pins[0]!.video!.bytes.equals(MP4)).toBe(true);
  expect(done.body.targets[0]).toMatchObject({ platformPostId: pins[0]!.id, url: `https://www.pinterest.com/pin/${pins[0]!.id}/` });
});
