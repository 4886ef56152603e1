// What several server processes and workers share, shown on one machine: two API servers on
// one database and Temporal, beside this file's worker. A session made on one server works
// on the other; a change made through one reaches an event stream on the other; Schedules
// that every worker creates at start-up are created once when two start at the same time.
// The write limit across servers: rate-limits.test.ts. The same on the real Temporal server
// with two servers and two workers: tests/cluster/.
import { ScheduleNotFoundError } from '@temporalio/client';
import type { RunningServer } from '../../api/server';
import { ensureFollowersSchedule, followersScheduleId } from '../../lib/temporal/followers-schedule';
import { ensureReconcilerSchedule, reconcilerScheduleId } from '../../lib/temporal/reconciler-schedule';
import { EventStreamReader } from '../support/event-stream';
import { ApiClient, inSeconds, signUpWithToken, startApi, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const stack = useServerAndWorker();
/** the second server, on the same database and Temporal namespace */
let twin: RunningServer;
const streams: EventStreamReader[] = [];

beforeAll(async () => {
  twin = await startApi(stack.env);
});

afterAll(async () => {
  await Promise.allSettled(streams.map((stream) => stream.close()));
  await twin?.close();
});

test('a session made on one server works on the other, and logging out on either ends it on both', async () => {
  const session = new ApiClient(stack.server.url);
  const email = `sam-${Date.now()}@example.com`;
  expect((await session.post('/api/v1/auth/signup', { email, password: 'correct horse battery', name: 'Sam' })).status).toBe(201);
  const onTwin = session.on(twin.url);
  expect((await onTwin.get('/api/v1/me')).body).toMatchObject({ user: { email } });
  // a write with the session's CSRF token, made on the server that did not issue it
  expect((await onTwin.post('/api/v1/labels', { name: 'From the twin', colour: '#1e90ff' })).status).toBe(201);

  expect((await onTwin.post('/api/v1/auth/logout')).status).toBe(204);
  expect((await session.get('/api/v1/me')).status).toBe(401);
});

test('a change made through one server reaches an event stream on the other', async () => {
  const { api } = await signUpWithToken(stack.server.url, 'Eve');
  const stream = await EventStreamReader.open(`${stack.server.url}/api/v1/events`, api.authHeaders());
  streams.push(stream);
  expect(stream.response.status).toBe(200);

  const throughTwin = api.on(twin.url);
  const demo = await throughTwin.post('/api/v1/connections', { platform: 'demo' });
  const post = await throughTwin.post('/api/v1/posts', {
    content: 'Cancelled on the twin',
    publishAt: inSeconds(3600),
    connectionIds: [demo.body.id],
  });
  expect(post.status).toBe(201);
  expect((await throughTwin.post(`/api/v1/posts/${post.body.id}/cancel`)).status).toBe(200);

  await waitFor(
    async () => stream.events.map((event) => JSON.parse(event.data) as { postId: string; status: string }),
    (changes) => changes.some((change) => change.postId === post.body.id && change.status === 'CANCELLED'),
    30_000,
  );
});

test('two workers starting at once create each Schedule once, and neither fails', async () => {
  const { temporal } = stack.server;
  // a queue of this test's own: the file's worker created its Schedules at start-up already
  const queue = `${stack.env.config.TEMPORAL_TASK_QUEUE}-starting-together`;
  try {
    await Promise.all([
      ensureReconcilerSchedule(temporal, queue, '1d'),
      ensureReconcilerSchedule(twin.temporal, queue, '1d'),
      ensureFollowersSchedule(temporal, queue, '03:17'),
      ensureFollowersSchedule(twin.temporal, queue, '03:17'),
    ]);
    // a Schedule's id is unique in its namespace: the second create of each was refused and tolerated
    const reconciler = await temporal.schedule.getHandle(reconcilerScheduleId(queue)).describe();
    expect(reconciler.spec.intervals).toHaveLength(1);
    const followers = await temporal.schedule.getHandle(followersScheduleId(queue)).describe();
    expect(followers.spec.calendars).toHaveLength(1);
  } finally {
    await Promise.all(
      [reconcilerScheduleId(queue), followersScheduleId(queue)].map((id) =>
        temporal.schedule
          .getHandle(id)
          .delete()
          .catch((error: unknown) => {
            if (!(error instanceof ScheduleNotFoundError)) throw error;
          }),
      ),
    );
  }
});
