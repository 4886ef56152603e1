// The posting queue over the API, against a real worker, Temporal and PostgreSQL: slots,
// "Add to queue" (next, first; together, each), no double booking under 50 concurrent
// adds, reorder, shuffle, slot edits that move the queued posts, and the errors.
import { Client, Connection } from '@temporalio/client';
import { nextSlotInstants, type WeeklySlot, WEEKDAYS } from '../../domain/queue-slots';
import { postWorkflowId } from '../../temporal-config';
import { ApiClient, inSeconds, signUpWithToken, testEnv, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const stack = useServerAndWorker({ env: testEnv({ WRITE_RATE_LIMIT_PER_MINUTE: '100000' }) });
let api: ApiClient;

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Quinn'));
});

/** A new demo account of the team. */
async function account(): Promise<string> {
  const created = await api.post('/api/v1/connections', { platform: 'demo' });
  expect(created.status).toBe(201);
  return created.body.id;
}

/**
 * Slots every day at these many hours from now (UTC, on the minute): the first slot is at
 * least an hour ahead, far from the queue's one-minute margin, so the times are known.
 */
function dailySlots(hoursAhead: number[]): WeeklySlot[] {
  return hoursAhead.flatMap((hours) => {
    const at = new Date(Date.now() + hours * 3600_000);
    const time = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
    return WEEKDAYS.map((day) => ({ day, time }));
  });
}

/** The first `count` slot instants of these slots in UTC, as the API writes them. */
function slotTimes(slots: WeeklySlot[], count: number): string[] {
  return nextSlotInstants({ timeZone: 'UTC', slots }, new Date(Date.now() + 60_000), count).map((instant) => instant.toISOString());
}

async function setQueue(connectionId: string, body: Record<string, unknown>) {
  const response = await api.request('PUT', `/api/v1/connections/${connectionId}/queue`, body);
  expect(response.status).toBe(200);
  return response.body;
}

async function queue(connectionIds: string[], extra: Record<string, unknown> = {}) {
  return api.post('/api/v1/posts', { content: `queued ${Math.random()}`, connectionIds, queue: 'next', ...extra });
}

/** Adds a post to one account's queue and returns it. */
async function queued(connectionId: string, extra: Record<string, unknown> = {}) {
  const response = await queue([connectionId], extra);
  expect(response.status).toBe(201);
  expect(response.body.posts).toHaveLength(1);
  return response.body.posts[0] as { id: string; publishAt: string };
}

/** The post's stored time and the time its workflow holds. */
async function times(postId: string): Promise<{ publishAt: string; workflow: string }> {
  const { body } = await api.get(`/api/v1/posts/${postId}`);
  return { publishAt: body.publishAt, workflow: body.workflow && new Date(body.workflow.publishAt).toISOString() };
}

async function expectAt(postId: string, at: string) {
  expect(await times(postId)).toEqual({ publishAt: at, workflow: at });
}

function expectField(response: { status: number; body: any }, field: string) {
  expect(response.status).toBe(400);
  expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
}

test('slots round-trip in the account’s zone, and bad slots are named field by field', async () => {
  const id = await account();
  // never set: no slots, in the user's zone (none here: UTC)
  expect((await api.get(`/api/v1/connections/${id}/queue`)).body).toEqual({ connectionId: id, timeZone: 'UTC', paused: false, slots: [] });

  const slots = [
    { day: 'sat', time: '10:00' },
    { day: 'fri', time: '17:00' },
    { day: 'mon', time: '12:30' },
    { day: 'mon', time: '09:00' },
  ];
  const set = await setQueue(id, { timeZone: 'Europe/Berlin', slots });
  const sorted = [slots[3], slots[2], slots[1], slots[0]];
  expect(set).toEqual({ connectionId: id, timeZone: 'Europe/Berlin', paused: false, slots: sorted, moved: [], notMoved: [] });
  expect((await api.get(`/api/v1/connections/${id}/queue`)).body).toEqual({
    connectionId: id,
    timeZone: 'Europe/Berlin',
    paused: false,
    slots: sorted,
  });

  const put = (body: unknown) => api.request('PUT', `/api/v1/connections/${id}/queue`, body);
  expectField(
    await put({
      slots: [
        { day: 'mon', time: '09:00' },
        { day: 'mon', time: '09:00' },
      ],
    }),
    'body.slots.1',
  );
  expectField(await put({ slots: [{ day: 'mon', time: '24:00' }] }), 'body.slots.0.time');
  expectField(await put({ slots: [{ day: 'mon', time: '9:00' }] }), 'body.slots.0.time');
  expectField(await put({ slots: [{ day: 'mon', time: '09:60' }] }), 'body.slots.0.time');
  expectField(await put({ slots: [{ day: 'monday', time: '09:00' }] }), 'body.slots.0.day');
  expectField(await put({ timeZone: 'Mars/Olympus_Mons', slots: [] }), 'body.timeZone');
  expectField(await put({ paused: 'yes', slots: [] }), 'body.paused');
  expectField(await put({}), 'body.slots');
  // nothing of those was kept
  expect((await api.get(`/api/v1/connections/${id}/queue`)).body.slots).toEqual(sorted);
  expect((await api.get('/api/v1/connections/nope/queue')).status).toBe(404);

  // the coming slots: a limit of them, or two weeks' worth, each free
  const upcoming = await api.get(`/api/v1/connections/${id}/queue/upcoming?limit=6`);
  expect(upcoming.status).toBe(200);
  expect(upcoming.body.upcoming).toHaveLength(6);
  expect(upcoming.body.upcoming.every((slot: { post: unknown; onSchedule: boolean }) => slot.post === null && slot.onSchedule)).toBe(true);
  expect((await api.get(`/api/v1/connections/${id}/queue/upcoming`)).body.upcoming).toHaveLength(8);
  expectField(await api.get(`/api/v1/connections/${id}/queue/upcoming?limit=0`), 'query.limit');
});

test('an empty or paused queue takes nothing (422 naming the account), and queue goes with no publishAt and no draft', async () => {
  const id = await account();
  const empty = await queue([id]);
  expect(empty.status).toBe(422);
  expect(empty.body).toMatchObject({ type: 'https://planrrr.dev/problems/queue-empty', connectionId: id });

  await setQueue(id, { slots: dailySlots([2]), paused: true });
  const paused = await queue([id]);
  expect(paused.status).toBe(422);
  expect(paused.body).toMatchObject({ type: 'https://planrrr.dev/problems/queue-paused', connectionId: id });

  expectField(await queue([id], { publishAt: inSeconds(3600) }), 'body.queue');
  expectField(await queue([id], { draft: true }), 'body.queue');
  expectField(await queue([id], { queue: 'last' }), 'body.queue');
  expectField(
    await api.post('/api/v1/posts', { content: 'x', connectionIds: [id], publishAt: inSeconds(3600), queueMode: 'each' }),
    'body.queueMode',
  );
  // a paused queue keeps its slots; resumed, it takes posts again
  await setQueue(id, { slots: dailySlots([2]), paused: false });
  expect((await queue([id])).status).toBe(201);
});

test('next takes the first free slot; first takes the very first and pushes the queue one slot later', async () => {
  const id = await account();
  const slots = dailySlots([2, 3, 4]);
  await setQueue(id, { slots });
  const expected = slotTimes(slots, 5);

  const a = await queued(id);
  const b = await queued(id);
  const c = await queued(id);
  expect([a.publishAt, b.publishAt, c.publishAt]).toEqual(expected.slice(0, 3));
  await expectAt(c.id, expected[2]!);

  // a queued post cancelled frees its slot, which the next post takes
  expect((await api.post(`/api/v1/posts/${b.id}/cancel`)).status).toBe(200);
  const b2 = await queued(id);
  expect(b2.publishAt).toBe(expected[1]);

  const shared = await api.post('/api/v1/posts', { content: 'share next', connectionIds: [id], queue: 'first' });
  expect(shared.status).toBe(201);
  expect(shared.body.posts[0].publishAt).toBe(expected[0]);
  expect(shared.body.moved).toEqual([
    { postId: c.id, connectionId: id, from: expected[2], to: expected[3] },
    { postId: b2.id, connectionId: id, from: expected[1], to: expected[2] },
    { postId: a.id, connectionId: id, from: expected[0], to: expected[1] },
  ]);
  expect(shared.body.notMoved).toEqual([]);
  await expectAt(a.id, expected[1]!);
  await expectAt(b2.id, expected[2]!);
  await expectAt(c.id, expected[3]!);

  // a post rescheduled by hand off its slot leaves the queue: its slot is free again
  expect((await api.post(`/api/v1/posts/${b2.id}/reschedule`, { publishAt: inSeconds(30 * 3600) })).status).toBe(200);
  const upcoming = (await api.get(`/api/v1/connections/${id}/queue/upcoming?limit=5`)).body.upcoming;
  expect(upcoming.map((slot: { at: string; post: { id: string } | null }) => [slot.at, slot.post?.id ?? null])).toEqual([
    [expected[0], shared.body.posts[0].id],
    [expected[1], a.id],
    [expected[2], null],
    [expected[3], c.id],
    [expected[4], null],
  ]);
});

test('several accounts: together is one post at the first slot free in all; each is one post per account at its own', async () => {
  const [first, second] = [await account(), await account()];
  // the same minute for both accounts' 3-hours-ahead slots
  const secondSlots = dailySlots([3]);
  const firstSlots = [...dailySlots([2]), ...secondSlots];
  await setQueue(first, { slots: firstSlots });
  await setQueue(second, { slots: secondSlots });
  const firstTimes = slotTimes(firstSlots, 4);
  const secondTimes = slotTimes(secondSlots, 2);

  const together = await queue([first, second], { queueMode: 'together' });
  expect(together.status).toBe(201);
  expect(together.body.posts).toHaveLength(1);
  // the first account's first slot is not one of the second's
  expect(together.body.posts[0].publishAt).toBe(secondTimes[0]);
  expect(together.body.posts[0].targets.map((target: { connectionId: string }) => target.connectionId).sort()).toEqual(
    [first, second].sort(),
  );
  await expectAt(together.body.posts[0].id, secondTimes[0]!);

  const each = await queue([first, second], { queueMode: 'each' });
  expect(each.status).toBe(201);
  expect(
    each.body.posts.map((post: { publishAt: string; targets: Array<{ connectionId: string }> }) => [
      post.targets[0]!.connectionId,
      post.publishAt,
    ]),
  ).toEqual([
    [first, firstTimes[0]],
    [second, secondTimes[1]],
  ]);
  for (const post of each.body.posts) expect((await times(post.id)).workflow).toBe(post.publishAt);

  // a post queued to both is not moved by one account's slot edit: the answer says so
  const edited = await setQueue(first, { slots: dailySlots([5]) });
  expect(edited.notMoved).toEqual([
    expect.objectContaining({
      postId: together.body.posts[0].id,
      connectionId: first,
      at: secondTimes[0],
      reason: 'queued-in-several-accounts',
    }),
  ]);
  expect(edited.moved).toEqual([expect.objectContaining({ postId: each.body.posts[0].id, from: firstTimes[0] })]);
  await expectAt(together.body.posts[0].id, secondTimes[0]!);
  await expectAt(each.body.posts[0].id, edited.moved[0].to);
  // kept off the new slots, it is still listed in the first account's queue
  const listed = async (connectionId: string) =>
    (await api.get(`/api/v1/connections/${connectionId}/queue/upcoming?limit=10`)).body.upcoming.flatMap(
      (slot: { onSchedule: boolean; post: { id: string; queuedIn: number } | null }) =>
        slot.post ? [[slot.post.id, slot.post.queuedIn, slot.onSchedule]] : [],
    );
  expect(await listed(first)).toContainEqual([together.body.posts[0].id, 2, false]);

  // the accounts' slots no longer meet: together has nowhere to go
  const apart = await queue([first, second], { queueMode: 'together' });
  expect(apart.status).toBe(422);
  expect(apart.body.type).toBe('https://planrrr.dev/problems/queue-no-common-slot');

  // an account taken off a queued post frees its slot there; the other keeps it
  expect((await api.patch(`/api/v1/posts/${together.body.posts[0].id}`, { connectionIds: [second] })).status).toBe(200);
  expect((await listed(first)).map(([postId]: [string]) => postId)).not.toContain(together.body.posts[0].id);
  expect(await listed(second)).toContainEqual([together.body.posts[0].id, 1, true]);
});

test('50 concurrent adds to one account take 50 distinct slots, every post scheduled with its workflow started', async () => {
  const id = await account();
  const slots = dailySlots([2, 3, 4, 5, 6, 7, 8, 9]);
  await setQueue(id, { slots });
  // As a client should: a 503 (the queue stayed busy for a minute, on a loaded machine) is
  // sent again after its Retry-After, with the same Idempotency-Key, so nothing is added twice.
  const addOnce = async (index: number) => {
    const body = { content: `concurrent ${index}`, connectionIds: [id], queue: 'next' };
    for (let tries = 1; ; tries += 1) {
      const answer = await api.request('POST', '/api/v1/posts', body, { 'Idempotency-Key': `concurrent-${id}-${index}` });
      if (answer.status !== 503 || tries === 3) return answer;
      await new Promise((resolve) => setTimeout(resolve, Number(answer.headers.get('retry-after') ?? 5) * 1000));
    }
  };
  const answers = await Promise.all(Array.from({ length: 50 }, (_, index) => addOnce(index)));
  // 202: saved and booked, its workflow started once Temporal answered (the machine is small and shared)
  expect(answers.filter((answer) => answer.status !== 201 && answer.status !== 202)).toEqual([]);
  const posts = answers.map((answer) => answer.body.posts[0] as { id: string; publishAt: string; status: string });
  expect(new Set(posts.map((post) => post.publishAt)).size).toBe(50);
  // and no gap: exactly the first 50 slots
  expect(posts.map((post) => post.publishAt).sort()).toEqual(slotTimes(slots, 50));
  const stored = await Promise.all(
    posts.map((post) =>
      waitFor(
        () => api.get(`/api/v1/posts/${post.id}`),
        (response) => response.body.workflow !== null,
        30_000,
      ),
    ),
  );
  for (const [index, { body }] of stored.entries()) {
    expect(body.status).toBe('SCHEDULED');
    expect(body.workflow).not.toBeNull();
    expect(new Date(body.workflow.publishAt).toISOString()).toBe(posts[index]!.publishAt);
  }
  const upcoming = (await api.get(`/api/v1/connections/${id}/queue/upcoming?limit=50`)).body.upcoming;
  expect(new Set(upcoming.map((slot: { post: { id: string } }) => slot.post.id)).size).toBe(50);
});

test('concurrent adds with the same Idempotency-Key add one post: the others answer it as a replay', async () => {
  const id = await account();
  await setQueue(id, { slots: dailySlots([2, 3, 4]) });
  const body = { content: 'queued exactly once', connectionIds: [id], queue: 'next' };
  const answers = await Promise.all(
    Array.from({ length: 5 }, () => api.request('POST', '/api/v1/posts', body, { 'Idempotency-Key': `same-${id}` })),
  );
  expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 201]);
  expect(new Set(answers.map((answer) => answer.body.posts[0].id)).size).toBe(1);
  const upcoming = (await api.get(`/api/v1/connections/${id}/queue/upcoming?limit=10`)).body.upcoming;
  expect(upcoming.filter((slot: { post: unknown }) => slot.post)).toHaveLength(1);
});

test('reorder swaps the posts’ times, in their workflows too; a list that is not the queue is refused', async () => {
  const id = await account();
  const slots = dailySlots([2, 3, 4]);
  await setQueue(id, { slots });
  const expected = slotTimes(slots, 3);
  const [a, b, c] = [await queued(id), await queued(id), await queued(id)];

  const reordered = await api.post(`/api/v1/connections/${id}/queue/reorder`, { postIds: [c!.id, a!.id, b!.id] });
  expect(reordered.status).toBe(200);
  expect(reordered.body.moved).toEqual([
    { postId: c!.id, connectionId: id, from: expected[2], to: expected[0] },
    { postId: a!.id, connectionId: id, from: expected[0], to: expected[1] },
    { postId: b!.id, connectionId: id, from: expected[1], to: expected[2] },
  ]);
  await expectAt(c!.id, expected[0]!);
  await expectAt(a!.id, expected[1]!);
  await expectAt(b!.id, expected[2]!);

  expectField(await api.post(`/api/v1/connections/${id}/queue/reorder`, { postIds: [a!.id, b!.id] }), 'body.postIds');
  expectField(await api.post(`/api/v1/connections/${id}/queue/reorder`, { postIds: [a!.id, b!.id, c!.id, 'nope'] }), 'body.postIds.3');
  expectField(await api.post(`/api/v1/connections/${id}/queue/reorder`, { postIds: [a!.id, a!.id] }), 'body.postIds');
});

test('shuffle keeps the same slots, each post where its workflow says', async () => {
  const id = await account();
  const slots = dailySlots([2, 3, 4]);
  await setQueue(id, { slots });
  const expected = slotTimes(slots, 6);
  const posts = [];
  for (let index = 0; index < 6; index++) posts.push(await queued(id));
  const shuffled = await api.post(`/api/v1/connections/${id}/queue/shuffle`);
  expect(shuffled.status).toBe(200);
  const after = await Promise.all(posts.map((post) => times(post.id)));
  for (const time of after) expect(time.workflow).toBe(time.publishAt);
  expect(after.map((time) => time.publishAt).sort()).toEqual(expected);
  for (const move of shuffled.body.moved) expect(after[posts.findIndex((post) => post.id === move.postId)]!.publishAt).toBe(move.to);
});

test('editing the slots moves the queued posts onto the new slots in their order, and the answer lists them', async () => {
  const id = await account();
  const before = dailySlots([2]);
  await setQueue(id, { slots: before });
  const oldTimes = slotTimes(before, 3);
  const posts = [await queued(id), await queued(id), await queued(id)];
  // a post given a time by hand is no queued post: a slot edit leaves it alone
  const fixed = await api.post('/api/v1/posts', { content: 'by hand', connectionIds: [id], publishAt: inSeconds(5 * 3600) });
  expect(fixed.status).toBe(201);

  const after = dailySlots([3, 4]);
  const newTimes = slotTimes(after, 3);
  const edited = await setQueue(id, { timeZone: 'UTC', slots: after });
  expect(edited.moved).toEqual(
    posts.map((post, index) => ({ postId: post.id, connectionId: id, from: oldTimes[index], to: newTimes[index] })),
  );
  expect(edited.notMoved).toEqual([]);
  for (const [index, post] of posts.entries()) await expectAt(post.id, newTimes[index]!);
  expect((await times(fixed.body.id)).publishAt).toBe(fixed.body.publishAt);

  // no slots left: the posts keep their times and leave the queue, and the answer says so
  const emptied = await setQueue(id, { slots: [] });
  expect(emptied.moved).toEqual([]);
  expect(emptied.notMoved.map((left: { postId: string; reason: string }) => [left.postId, left.reason])).toEqual(
    posts.map((post) => [post.id, 'no-slots']),
  );
  expect((await api.get(`/api/v1/connections/${id}/queue/upcoming`)).body.upcoming).toEqual([]);
  await expectAt(posts[0]!.id, newTimes[0]!);
});

test('a post whose workflow refuses the move is reported, keeps its time and leaves the queue', async () => {
  const id = await account();
  const slots = dailySlots([2, 3]);
  await setQueue(id, { slots });
  const expected = slotTimes(slots, 2);
  const [a, b] = [await queued(id), await queued(id)];
  // a's workflow is gone, as once publishing has started: it takes no more changes
  const connection = await Connection.connect({ address: stack.env.config.TEMPORAL_ADDRESS });
  try {
    const temporal = new Client({ connection, namespace: stack.env.config.TEMPORAL_NAMESPACE });
    await temporal.workflow.getHandle(postWorkflowId(a.id)).terminate('the queue test');
  } finally {
    await connection.close();
  }

  const reordered = await api.post(`/api/v1/connections/${id}/queue/reorder`, { postIds: [b.id, a.id] });
  expect(reordered.status).toBe(200);
  expect(reordered.body.moved).toEqual([{ postId: b.id, connectionId: id, from: expected[1], to: expected[0] }]);
  expect(reordered.body.notMoved).toEqual([
    expect.objectContaining({ postId: a.id, connectionId: id, at: expected[0], reason: 'not-changeable' }),
  ]);
  const upcoming = (await api.get(`/api/v1/connections/${id}/queue/upcoming?limit=2`)).body.upcoming;
  expect(upcoming.map((slot: { post: { id: string } | null }) => slot.post?.id ?? null)).toEqual([b.id, null]);
});

test('a post rescheduled by hand while a reorder is moving the queue ends at the time it was given, off the queue', async () => {
  const id = await account();
  const slots = dailySlots([2, 3, 4, 5, 6, 7, 8, 9]);
  await setQueue(id, { slots });
  const expected = slotTimes(slots, 8);
  const posts = [];
  for (let index = 0; index < 8; index++) posts.push(await queued(id));
  const [first, last] = [posts[0]!, posts.at(-1)!];

  // reversed: the last post moves first, the first post moves last
  const reorder = api.post(`/api/v1/connections/${id}/queue/reorder`, { postIds: posts.map((post) => post.id).reverse() });
  await waitFor(
    () => times(last.id),
    (time) => time.workflow === expected[0],
    60_000,
  );
  const byHand = inSeconds(26 * 3600);
  const rescheduled = await api.post(`/api/v1/posts/${first.id}/reschedule`, { publishAt: byHand });
  expect(rescheduled.status).toBe(200);
  expect((await reorder).status).toBe(200);

  await expectAt(first.id, byHand);
  const upcoming = (await api.get(`/api/v1/connections/${id}/queue/upcoming?limit=8`)).body.upcoming;
  expect(upcoming.map((slot: { post: { id: string } | null }) => slot.post?.id)).not.toContain(first.id);
});
