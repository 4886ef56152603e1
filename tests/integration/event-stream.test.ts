// GET /api/v1/events on the real stack: the worker's savePostState notifies PostgreSQL,
// the API server's LISTEN connection fans the change out to that team's open streams.
import { createDb } from '../../lib/db';
import { POST_STATUS_CHANNEL } from '../../lib/post-status-channel';
import { EventStreamReader } from '../support/event-stream';
import { ApiClient, createTestDatabase, inSeconds, signUpWithToken, testEnv, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const streams: EventStreamReader[] = [];

// before the server stops (jest runs afterAll hooks in the order they are declared)
afterAll(async () => {
  await Promise.allSettled(streams.map((stream) => stream.close()));
});

// A database of its own: a test below drops every LISTEN connection to its database, which
// in the shared one would be every other test file's too.
const stack = useServerAndWorker({
  env: async () => testEnv({ EVENT_STREAMS_PER_USER: '2', DATABASE_URL: await createTestDatabase('events') }),
});

async function openStream(headers: Record<string, string>): Promise<EventStreamReader> {
  const stream = await EventStreamReader.open(`${stack.server.url}/api/v1/events`, headers);
  streams.push(stream);
  return stream;
}

test("a team's stream carries its posts' status changes, and no other team's", async () => {
  const alice = await signUpWithToken(stack.server.url, 'Alice');
  const bob = await signUpWithToken(stack.server.url, 'Bob');
  const aliceStream = await openStream(alice.api.authHeaders());
  const bobStream = await openStream(bob.api.authHeaders());
  expect(aliceStream.response.status).toBe(200);
  expect(aliceStream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  expect(aliceStream.response.headers.get('cache-control')).toBe('no-cache, no-transform');
  expect(aliceStream.response.headers.get('x-accel-buffering')).toBe('no');

  const demo = await alice.api.post('/api/v1/connections', { platform: 'demo' });
  const post = await alice.api.post('/api/v1/posts', { content: 'Streamed', publishAt: inSeconds(2), connectionIds: [demo.body.id] });
  expect(post.status).toBe(201);

  await waitFor(
    async () => aliceStream.events,
    (events) => events.some((event) => event.data.includes('"PUBLISHED"')),
    90_000,
  );
  const changes = aliceStream.events.map((event) => ({ id: event.id, event: event.event, ...JSON.parse(event.data) }));
  // published within 10 s of its time, the post goes straight to PUBLISHED (ADR 004: PUBLISHING
  // is announced only for publishes still running by then)
  expect(changes.map((change) => change.status)).toEqual(['SCHEDULED', 'PUBLISHED']);
  changes.forEach((change, index) => {
    expect(change).toEqual({
      id: `${post.body.id}:${index + 1}`,
      event: 'post.status',
      postId: post.body.id,
      status: change.status,
      stateVersion: index + 1,
    });
  });
  expect(bobStream.events).toEqual([]);
});

test('streams keep working after the LISTEN connection to PostgreSQL drops', async () => {
  const { api } = await signUpWithToken(stack.server.url, 'Dora');
  const stream = await openStream(api.authHeaders());
  expect(stream.response.status).toBe(200);
  const db = createDb(stack.env.config.DATABASE_URL);
  try {
    const listeners = await db.$queryRaw<Array<{ pid: number }>>`
      SELECT pid FROM pg_stat_activity WHERE query = ${`LISTEN ${POST_STATUS_CHANNEL}`} AND datname = current_database() AND pid <> pg_backend_pid()`;
    expect(listeners.length).toBeGreaterThan(0);
    for (const { pid } of listeners) await db.$queryRaw`SELECT pg_terminate_backend(${pid})`;
  } finally {
    await db.$disconnect();
  }
  const demo = await api.post('/api/v1/connections', { platform: 'demo' });
  // the hub reconnects within about a second; a post created after that is seen
  await waitFor(
    async () => {
      const post = await api.post('/api/v1/posts', {
        content: 'After the drop',
        publishAt: inSeconds(3600),
        connectionIds: [demo.body.id],
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      return post.body.id as string;
    },
    (postId) => stream.events.some((event) => event.data.includes(postId)),
    30_000,
    0,
  );
});

test('a session works too; unauthenticated and too many streams are refused', async () => {
  const session = new ApiClient(stack.server.url);
  const email = `carol-${Date.now()}@example.com`;
  await session.post('/api/v1/auth/signup', { email, password: 'correct horse battery', name: 'Carol' });
  const cookie = session.authHeaders();

  const first = await openStream(cookie);
  const second = await openStream(cookie);
  expect([first.response.status, second.response.status]).toEqual([200, 200]);
  const third = await openStream(cookie);
  expect(third.response.status).toBe(429);
  expect(await third.response.json()).toMatchObject({ type: 'https://planrrr.dev/problems/too-many-streams' });

  // closing one frees its place
  await first.close();
  const again = await waitFor(
    async () => {
      const stream = await openStream(cookie);
      if (stream.response.status !== 200) await stream.close();
      return stream;
    },
    (stream) => stream.response.status === 200,
    10_000,
  );
  expect(again.response.status).toBe(200);

  const anonymous = await openStream({});
  expect(anonymous.response.status).toBe(401);
});
