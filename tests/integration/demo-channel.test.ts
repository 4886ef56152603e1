// The built-in demo channel: a new user can publish without any external account.
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const env = testEnv();
const stack = useServerAndWorker({ env });
let api: ApiClient;

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Dana'));
});

test('a post to the demo channel and a second account publishes to both: one feed item each', async () => {
  const demo = await api.post('/api/v1/connections', { platform: 'demo' });
  expect(demo.status).toBe(201);
  expect(demo.body).toMatchObject({ platform: 'DEMO', displayName: 'Demo feed' });
  const secondDemo = await api.post('/api/v1/connections', { platform: 'demo', name: 'Second demo' });

  const created = await api.post('/api/v1/posts', {
    content: 'My first planrrr post',
    publishAt: inSeconds(2),
    connectionIds: [demo.body.id, secondDemo.body.id],
  });
  expect(created.status).toBe(201);
  const published = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );

  for (const connection of [demo.body, secondDemo.body]) {
    const feed = await api.get(`/api/v1/connections/${connection.id}/demo-feed`);
    expect(feed.body.items).toEqual([expect.objectContaining({ content: 'My first planrrr post' })]);
    const target = published.body.targets.find((t: { connectionId: string }) => t.connectionId === connection.id);
    expect(target.url).toBe(`${env.config.PUBLIC_URL}/demo/${connection.id}#${feed.body.items[0].id}`);
  }
});
