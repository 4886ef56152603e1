// Egress in production mode: instance and webhook URLs that resolve to the server's own
// network are refused when they are saved (the API server run with NODE_ENV=production and
// neither ALLOW_INSECURE_PLATFORM_URLS nor WEBHOOK_ALLOW_PRIVATE_URLS set), and a stored
// instance whose name later resolves privately fails its posts at once (the worker's check
// at connect time), with words the user can act on.
import type { RunningServer } from '../../api/server';
import { createDb } from '../../lib/db';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, startApi, testEnv, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const mastodon = new FakeMastodon();
// the development server connects the fake; its worker runs with production's egress rules
const stack = useServerAndWorker({ alongside: [mastodon], workerEnv: () => ({ ALLOW_INSECURE_PLATFORM_URLS: 'false' }) });

describe('the API server in production mode', () => {
  const production = testEnv({ NODE_ENV: 'production', ALLOW_INSECURE_PLATFORM_URLS: undefined, WEBHOOK_ALLOW_PRIVATE_URLS: undefined });
  let server: RunningServer;

  beforeAll(async () => {
    expect(production.config).toMatchObject({ ALLOW_INSECURE_PLATFORM_URLS: false, WEBHOOK_ALLOW_PRIVATE_URLS: false });
    server = await startApi(production);
  });
  afterAll(() => server?.close());

  test('refuses Mastodon instances and Bluesky PDSs that resolve to non-public addresses, naming the field', async () => {
    const { api } = await signUpWithToken(server.url, 'Priya');
    const { port } = new URL(mastodon.url);
    // a name passes any check of the URL's text: only the address it resolves to tells
    for (const instanceUrl of [`https://localhost:${port}`, 'https://169.254.169.254', 'https://[::1]']) {
      const refused = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl, accessToken: 'token-alice' });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(refused.body.errors).toEqual([
        { field: 'body.instanceUrl', message: expect.stringMatching(/^must be a public https:\/\/ URL: .* non-public address/) },
      ]);
    }
    const pds = await api.post('/api/v1/connections', {
      platform: 'bluesky',
      handle: 'alice.test',
      appPassword: 'app-password',
      serviceUrl: `https://localhost:${port}`,
    });
    expect(pds.status).toBe(400);
    expect(pds.body.errors).toEqual([
      { field: 'body.serviceUrl', message: expect.stringContaining('localhost resolves to a non-public address') },
    ]);
    expect(mastodon.statuses).toHaveLength(0);
    expect((await api.get('/api/v1/connections')).body.data).toEqual([]);
  });

  test('refuses webhook receivers on localhost, naming the field', async () => {
    const { api } = await signUpWithToken(server.url, 'Quinn');
    const refused = await api.post('/api/v1/webhooks', {
      url: `http://localhost:${new URL(mastodon.url).port}/hook`,
      events: ['post.published'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'body.url', message: expect.stringContaining('must be a public address') }]);
    expect((await api.get('/api/v1/webhooks')).body.data).toEqual([]);
  });
});

test("a stored instance whose name now resolves to a private address fails the post at once: the instance's address is not public", async () => {
  const db = createDb(stack.env.config.DATABASE_URL);
  try {
    const { api } = await signUpWithToken(stack.server.url, 'Rhea');
    const connected = await api.post('/api/v1/connections', {
      platform: 'mastodon',
      instanceUrl: mastodon.url,
      accessToken: 'token-alice',
    });
    expect(connected.status).toBe(201);
    // the name it was connected under resolves to loopback now (DNS rebinding)
    await db.connection.update({
      where: { id: connected.body.id },
      data: { instanceUrl: `http://localhost:${new URL(mastodon.url).port}` },
    });

    const created = await api.post('/api/v1/posts', { content: 'Never sent', publishAt: inSeconds(2), connectionIds: [connected.body.id] });
    expect(created.status).toBe(201);
    const failed = await waitFor(
      () => api.get(`/api/v1/posts/${created.body.id}`),
      (response) => response.body.status === 'FAILED',
      60_000,
    );
    expect(failed.body.targets).toEqual([
      expect.objectContaining({
        status: 'FAILED',
        attempts: 1,
        lastError: expect.stringMatching(
          /^Mastodon was not called: the instance's address is not public \(localhost resolves to a non-public address/,
        ),
      }),
    ]);
    expect(mastodon.statuses).toHaveLength(0);
  } finally {
    await db.$disconnect();
  }
});
