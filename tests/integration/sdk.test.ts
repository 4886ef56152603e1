// The typed SDK (sdk/index.ts) against a real server and worker: connect an account, schedule a
// post that publishes, reschedule another with If-Match, cancel it, and read a refusal as the
// typed problem document. Typed from sdk/openapi.generated.ts, so this file also fails to
// compile when an operation it uses changes shape.
import { createPlanrrrClient, type PlanrrrClient, type Schemas } from '../../sdk';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, testEnv, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const mastodon = new FakeMastodon();
const stack = useServerAndWorker({ env: testEnv(), alongside: [mastodon] });
let planrrr: PlanrrrClient;
let connectionId: string;

beforeAll(async () => {
  const { token } = await signUpWithToken(stack.server.url, 'Sidney');
  mastodon.validTokens.add('token-sidney');
  planrrr = createPlanrrrClient({ baseUrl: `${stack.server.url}/`, token });
  const { data, error } = await planrrr.POST('/api/v1/connections', {
    body: { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-sidney' },
  });
  if (!data) throw new Error(`connecting Mastodon failed: ${JSON.stringify(error)}`);
  connectionId = data.id;
});

/** A create answers one post, or several when the queue gave each account its own (not asked here). */
function onePost(created: Schemas['CreatedPost'] | undefined): Schemas['Post'] {
  if (!created || !('id' in created)) throw new Error(`expected one post, got ${JSON.stringify(created)}`);
  return created;
}

test('a post scheduled through the SDK publishes, and reads back typed', async () => {
  const { data, response } = await planrrr.POST('/api/v1/posts', {
    body: { content: 'Scheduled with the SDK', publishAt: inSeconds(2), connectionIds: [connectionId] },
  });
  expect(response.status).toBe(201);
  const created = onePost(data);
  expect(created.status).toBe('SCHEDULED');

  const published = await waitFor(
    async () => (await planrrr.GET('/api/v1/posts/{id}', { params: { path: { id: created.id } } })).data,
    (post) => post?.status === 'PUBLISHED',
    60_000,
  );
  expect(published?.targets[0]).toMatchObject({ connectionId, status: 'PUBLISHED' });
  expect(mastodon.statuses.map((status) => status.content)).toContain('Scheduled with the SDK');

  const { data: list } = await planrrr.GET('/api/v1/posts', { params: { query: { status: 'PUBLISHED' } } });
  expect(list?.data.map((post) => post.id)).toContain(created.id);
});

test('a reschedule names the version it read (If-Match); a stale one and a bad body are typed problems', async () => {
  const { data, response } = await planrrr.POST('/api/v1/posts', {
    body: { content: 'Moved with the SDK', publishAt: inSeconds(3600), connectionIds: [connectionId] },
  });
  const post = onePost(data);
  const etag = response.headers.get('etag')!;
  const later = inSeconds(7200);
  const moved = await planrrr.POST('/api/v1/posts/{id}/reschedule', {
    params: { path: { id: post.id }, header: { 'if-match': etag } },
    body: { publishAt: later },
  });
  expect(Date.parse(moved.data!.publishAt!)).toBe(Date.parse(later));

  const stale = await planrrr.POST('/api/v1/posts/{id}/reschedule', {
    params: { path: { id: post.id }, header: { 'if-match': etag } },
    body: { publishAt: later },
  });
  expect(stale.response.status).toBe(412);
  expect(stale.data).toBeUndefined();

  const refused = await planrrr.POST('/api/v1/posts', {
    body: { content: 'In the past', publishAt: inSeconds(-3600), connectionIds: [connectionId] },
  });
  expect(refused.response.status).toBe(400);
  expect(refused.error?.errors?.map((problem) => problem.field)).toEqual(['body.publishAt']);

  const cancelled = await planrrr.POST('/api/v1/posts/{id}/cancel', { params: { path: { id: post.id } } });
  expect(cancelled.data?.status).toBe('CANCELLED');
});
