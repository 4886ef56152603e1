// The core post lifecycle on the cluster (the real Temporal server on PostgreSQL, two API
// servers, two workers): posts scheduled, edited, rescheduled and cancelled through either
// server publish exactly once, or never, counted on the Mastodon fake; both workers share
// the work; an event stream on one server carries changes made through the other; the
// Schedules both workers create at start-up exist once.
import { randomUUID } from 'node:crypto';
import { reconcilerScheduleId } from '../../lib/temporal/reconciler-schedule';
import { DEFAULT_TASK_QUEUE, postWorkflowId } from '../../temporal-config';
import { FakeMastodon } from '../fakes/mastodon';
import { EventStreamReader } from '../support/event-stream';
import { useCluster } from '../support/cluster';
import { inSeconds, waitFor } from '../support/harness';

jest.setTimeout(300_000);

const mastodon = new FakeMastodon();
const fixture = useCluster({ alongside: [mastodon] });
const streams: EventStreamReader[] = [];
let connectionId: string;

beforeAll(async () => {
  const connected = await fixture.api[1].post('/api/v1/connections', {
    platform: 'mastodon',
    instanceUrl: mastodon.url,
    accessToken: 'token-alice',
  });
  expect(connected.status).toBe(201);
  connectionId = connected.body.id;
});

// before the cluster stops (afterAll hooks run in the order they are declared)
afterAll(async () => {
  await Promise.allSettled(streams.map((stream) => stream.close()));
});

const arrivals = (content: string) => mastodon.statuses.filter((status) => status.content === content);

async function openStream(server: 0 | 1): Promise<EventStreamReader> {
  const stream = await EventStreamReader.open(`${fixture.cluster.servers[server]!.url}/api/v1/events`, fixture.api[server].authHeaders());
  streams.push(stream);
  expect(stream.response.status).toBe(200);
  return stream;
}

/** The statuses a stream has carried for a post, in order. */
function statusesOf(stream: EventStreamReader, postId: string): string[] {
  return stream.events
    .map((event) => JSON.parse(event.data) as { postId: string; status: string })
    .filter((change) => change.postId === postId)
    .map((change) => change.status);
}

test('the workers, started together, created the reconciler Schedule once', async () => {
  const schedule = await fixture.temporal.schedule.getHandle(reconcilerScheduleId(DEFAULT_TASK_QUEUE)).describe();
  expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'reconcilerWorkflow' });
});

test('scheduled, edited, rescheduled and cancelled through either server: one post publishes once, the other never; streams on both servers follow', async () => {
  const [first, second] = fixture.api;
  const [onFirst, onSecond] = [await openStream(0), await openStream(1)];
  const tag = randomUUID();

  const kept = await first.post('/api/v1/posts', { content: `kept ${tag}`, publishAt: inSeconds(3600), connectionIds: [connectionId] });
  const dropped = await second.post('/api/v1/posts', {
    content: `dropped ${tag}`,
    publishAt: inSeconds(3600),
    connectionIds: [connectionId],
  });
  expect([kept.status, dropped.status]).toEqual([201, 201]);
  expect((await second.get(`/api/v1/posts/${kept.body.id}`)).body.status).toBe('SCHEDULED');

  const edited = await second.patch(`/api/v1/posts/${kept.body.id}`, { content: `edited ${tag}` });
  expect(edited.status).toBe(200);
  const moved = await first.post(`/api/v1/posts/${kept.body.id}/reschedule`, { publishAt: inSeconds(15) });
  expect(moved.status).toBe(200);
  expect((await second.post(`/api/v1/posts/${dropped.body.id}/cancel`)).body.status).toBe('CANCELLED');

  const published = await waitFor(
    () => first.get(`/api/v1/posts/${kept.body.id}`),
    (read) => read.body.status === 'PUBLISHED',
    90_000,
  );
  expect(published.body.content).toBe(`edited ${tag}`);
  expect(arrivals(`edited ${tag}`)).toHaveLength(1);
  expect(arrivals(`kept ${tag}`)).toHaveLength(0);
  expect(arrivals(`dropped ${tag}`)).toHaveLength(0);
  expect(Math.min(...arrivals(`edited ${tag}`).map((status) => status.receivedAt))).toBeGreaterThanOrEqual(
    Date.parse(moved.body.publishAt),
  );
  expect((await second.get(`/api/v1/posts/${dropped.body.id}`)).body.status).toBe('CANCELLED');

  // a stream on the first server carries the cancel made through the second, and the other way round
  for (const stream of [onFirst, onSecond]) {
    await waitFor(
      async () => [statusesOf(stream, kept.body.id), statusesOf(stream, dropped.body.id)],
      ([keptStatuses, droppedStatuses]) => keptStatuses!.includes('PUBLISHED') && droppedStatuses!.includes('CANCELLED'),
      30_000,
    );
  }
});

test('a burst created through both servers publishes each post once, and both workers publish', async () => {
  const tag = randomUUID();
  const publishAt = inSeconds(20);
  const contents = Array.from({ length: 20 }, (_, index) => `burst ${tag} #${index}`);
  const created = await Promise.all(
    contents.map((content, index) => fixture.api[index % 2]!.post('/api/v1/posts', { content, publishAt, connectionIds: [connectionId] })),
  );
  expect(created.map((response) => response.status)).toEqual(contents.map(() => 201));

  await waitFor(
    () => fixture.db.post.count({ where: { id: { in: created.map((response) => response.body.id) }, status: 'PUBLISHED' } }),
    (count) => count === contents.length,
    120_000,
    500,
  );
  expect(contents.map((content) => arrivals(content).length)).toEqual(contents.map(() => 1));

  // the worker identity Temporal recorded on each publish activity's start
  const identities = new Set<string>();
  for (const response of created) {
    const history = await fixture.temporal.workflow.getHandle(postWorkflowId(response.body.id)).fetchHistory();
    for (const event of history.events ?? []) {
      const identity = event.activityTaskStartedEventAttributes?.identity;
      if (identity) identities.add(identity);
    }
  }
  expect(identities.size).toBe(2);
});
