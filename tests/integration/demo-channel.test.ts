// The built-in demo channel: a new user can publish without any external account.
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { PNG } from '../support/media-fixtures';
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

test('the feed shows the images a post published with, in order, served to the team', async () => {
  const demo = (await api.post('/api/v1/connections', { platform: 'demo', name: 'Picture feed' })).body;
  const upload = async (name: string, altText: string) => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(PNG)]), name);
    form.set('altText', altText);
    const media = await api.request('POST', '/api/v1/media', form);
    expect(media.status).toBe(201);
    return media.body.id as string;
  };
  const first = await upload('first.png', 'The first picture');
  const second = await upload('second.png', 'The second picture');
  const created = await api.post('/api/v1/posts', {
    content: 'Two pictures',
    publishAt: inSeconds(2),
    connectionIds: [demo.id],
    media: [second, first],
  });
  expect(created.status).toBe(201);
  await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );

  const feed = await api.get(`/api/v1/connections/${demo.id}/demo-feed`);
  expect(feed.body.items).toHaveLength(1);
  expect(feed.body.items[0].media).toEqual([
    expect.objectContaining({ id: second, kind: 'IMAGE', altText: 'The second picture', contentUrl: `/api/v1/media/${second}/content` }),
    expect.objectContaining({ id: first, kind: 'IMAGE', altText: 'The first picture', contentUrl: `/api/v1/media/${first}/content` }),
  ]);
  const content = await fetch(`${stack.server.url}${feed.body.items[0].media[0].contentUrl}`, { headers: api.authHeaders() });
  expect(content.status).toBe(200);
  expect(Buffer.from(await content.arrayBuffer()).equals(PNG)).toBe(true);
});
