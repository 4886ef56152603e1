// Durability of an import: the worker is SIGKILLed while it creates an import's posts. The
// batch it was in is noticed by its missed heartbeats and retried by the next worker, which
// finds the posts the dead one made (each is keyed by import and row): every row becomes
// exactly one post.
import type { RunningServer } from '../../api/server';
import type { ServiceProcess } from '../../runtime/processes';
import { signUpWithToken, startApi, startWorker, testEnv, waitFor, type ApiClient } from '../support/harness';

jest.setTimeout(240_000);

const ROWS = 300;
const env = testEnv({ WRITE_RATE_LIMIT_PER_MINUTE: '100000' });
let server: RunningServer;
let api: ApiClient;
const workers: ServiceProcess[] = [];

beforeAll(async () => {
  server = await startApi(env);
  ({ api } = await signUpWithToken(server.url, 'Kit'));
});

afterAll(async () => {
  await Promise.all([...workers.map((worker) => worker.stop()), server?.close()]);
});

/** Every post of the team, a page at a time. */
async function allPosts(): Promise<Array<{ id: string; content: string }>> {
  const posts: Array<{ id: string; content: string }> = [];
  let cursor: string | null = null;
  do {
    const page: { body: { data: Array<{ id: string; content: string }>; nextCursor: string | null } } = await api.get(
      `/api/v1/posts?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    posts.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return posts;
}

test('a worker killed mid-import leaves every row created exactly once', async () => {
  workers.push(await startWorker(env, 'worker-1'));
  const account = await api.post('/api/v1/connections', { platform: 'demo', name: 'Crash demo' });
  const at = Date.now() + 3 * 86_400_000;
  const rows = Array.from({ length: ROWS }, (_, index) => ({
    text: `Imported ${index + 1}`,
    accounts: account.body.id,
    time: new Date(at + index * 60_000).toISOString(),
  }));
  const created = await api.post('/api/v1/imports', { rows, dryRun: false });
  expect(created.status).toBe(201);

  // killed once some rows, but not all, are posts
  await waitFor(
    () => api.get(`/api/v1/imports/${created.body.id}`),
    (response) => response.body.rows.created >= 20,
    120_000,
    50,
  );
  workers[0]!.child.kill('SIGKILL');
  await new Promise((resolve) => workers[0]!.child.once('exit', resolve));
  const atKill = (await api.get(`/api/v1/imports/${created.body.id}`)).body.rows.created;
  expect(atKill).toBeLessThan(ROWS);

  workers.push(await startWorker(env, 'worker-2'));
  const done = await waitFor(
    () => api.get(`/api/v1/imports/${created.body.id}`),
    (response) => response.body.phase === 'DONE',
    180_000,
  );
  expect(done.body.rows).toMatchObject({ total: ROWS, created: ROWS, failed: 0 });
  const posts = await allPosts();
  expect(posts).toHaveLength(ROWS);
  expect(new Set(posts.map((post) => post.content)).size).toBe(ROWS);
});
