// Durability of a thread: the worker is killed (SIGKILL, no goodbye) after a thread's first
// part is out and again after its second. Each part (and the first comment after them) is
// its own activity with its own recorded publication, so a new worker resumes at the first
// part not yet out: every part reaches the platform once, in order, each replying to the one
// before, and the comment follows the last.
import type { ServiceProcess } from '../../runtime/processes';
import type { RunningServer } from '../../api/server';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, startApi, startWorker, testEnv, waitFor, type ApiClient } from '../support/harness';

jest.setTimeout(240_000);

const env = testEnv();
const mastodon = new FakeMastodon();
let server: RunningServer;
let api: ApiClient;
const workers: ServiceProcess[] = [];

beforeAll(async () => {
  [server] = await Promise.all([startApi(env), mastodon.start()]);
  ({ api } = await signUpWithToken(server.url, 'Kim'));
});

afterAll(async () => {
  await Promise.all([...workers.map((worker) => worker.stop()), server?.close(), mastodon.stop()]);
});

async function kill(worker: ServiceProcess): Promise<void> {
  worker.child.kill('SIGKILL');
  await new Promise((resolve) => worker.child.once('exit', resolve));
}

test('a thread whose worker is SIGKILLed between its parts publishes every part and its first comment once and in order', async () => {
  const first = await startWorker(env, 'worker-1');
  workers.push(first);
  const connection = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  const texts = ['Crash-proof thread 1/3', 'Crash-proof thread 2/3', 'Crash-proof thread 3/3', 'Crash-proof first comment'];
  const ofThread = () => mastodon.statuses.filter((status) => texts.includes(status.content));
  const created = await api.post('/api/v1/posts', {
    content: texts[0],
    publishAt: inSeconds(5),
    connectionIds: [connection.body.id],
    thread: [{ content: texts[1] }, { content: texts[2] }],
    firstComment: texts[3],
    // the worker dies in the wait after a part: a workflow timer, which the next worker keeps
    threadDelaySeconds: 3,
  });
  expect(created.status).toBe(201);

  await waitFor(
    async () => ofThread().length,
    (count) => count >= 1,
    60_000,
    50,
  );
  await kill(first);
  const second = await startWorker(env, 'worker-2');
  workers.push(second);
  await waitFor(
    async () => ofThread().length,
    (count) => count >= 2,
    90_000,
    50,
  );
  await kill(second);
  workers.push(await startWorker(env, 'worker-3'));

  const published = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED' && res.body.targets[0].firstComment.status !== 'PENDING',
    120_000,
    500,
  );
  const statuses = ofThread();
  expect(statuses.map((status) => status.content)).toEqual(texts);
  expect(statuses[1]!.inReplyToId).toBe(statuses[0]!.id);
  expect(statuses[2]!.inReplyToId).toBe(statuses[1]!.id);
  expect(statuses[3]!.inReplyToId).toBe(statuses[2]!.id);
  expect(published.body.targets[0]).toMatchObject({
    status: 'PUBLISHED',
    platformPostId: statuses[0]!.id,
    threadParts: [
      { part: 1, platformPostId: statuses[1]!.id },
      { part: 2, platformPostId: statuses[2]!.id },
    ],
    firstComment: { status: 'PUBLISHED', platformCommentId: statuses[3]!.id },
  });
});
