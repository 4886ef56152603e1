// A scheduler slow to answer never costs a post: the API keeps it saved and scheduled,
// answers 202, and starts its workflow once Temporal answers again. The API reaches
// Temporal through a proxy the tests hold; the worker reaches it directly.
import { ApiClient, inSeconds, signUpWithToken, testEnv, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';
import { temporalProxy } from '../support/tcp-proxy';

jest.setTimeout(180_000);

const proxy = temporalProxy();
const stack = useServerAndWorker({
  // a short wait, so that each held call gives up quickly
  env: () => testEnv({ TEMPORAL_ADDRESS: proxy.address, WORKFLOW_UPDATE_TIMEOUT_MS: '1500' }),
  alongside: [proxy],
  workerEnv: () => ({ TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS }),
});
let api: ApiClient;
let demoId: string;

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Sloane'));
  demoId = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
});

afterEach(() => proxy.release());

const feedItems = async (content: string) =>
  (await api.get(`/api/v1/connections/${demoId}/demo-feed`)).body.items.filter((item: { content: string }) => item.content === content);

test('a post created while the scheduler does not answer is kept, answered 202, and publishes once it answers', async () => {
  proxy.hold();
  const created = await api.post('/api/v1/posts', { content: 'Patience pays', publishAt: inSeconds(20), connectionIds: [demoId] });
  expect(created.status).toBe(202);
  expect(created.body).toMatchObject({ status: 'SCHEDULED', content: 'Patience pays' });
  expect(created.headers.get('location')).toBe(`/api/v1/posts/${created.body.id}`);

  // saved: readable (without its live state) while the scheduler is still away
  const meanwhile = await api.get(`/api/v1/posts/${created.body.id}`);
  expect(meanwhile.body).toMatchObject({ status: 'SCHEDULED', workflow: null });

  proxy.release();
  const published = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    90_000,
  );
  expect(published.body.targets[0].status).toBe('PUBLISHED');
  expect(await feedItems('Patience pays')).toHaveLength(1);
});

test('a draft scheduled while the scheduler does not answer stays scheduled (202) and publishes', async () => {
  const draft = await api.post('/api/v1/posts', { content: 'Drafted, then slow', connectionIds: [demoId], draft: true });
  proxy.hold();
  const scheduled = await api.post(`/api/v1/posts/${draft.body.id}/schedule`, { publishAt: inSeconds(20) });
  expect(scheduled.status).toBe(202);
  expect(scheduled.body.status).toBe('SCHEDULED');
  proxy.release();
  await waitFor(
    () => api.get(`/api/v1/posts/${draft.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    90_000,
  );
  expect(await feedItems('Drafted, then slow')).toHaveLength(1);
});
