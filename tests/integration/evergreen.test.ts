// Evergreen sets on the real stack: a set's workflow refills its accounts' empty queue slots
// in rotation, never a post again on an account within the gap, through the queue's own
// booking; a signal after new slots fills them, a retried refill books nothing twice, a
// paused set creates nothing, and a deleted set's workflow ends while its posts stay.
import { WorkflowNotFoundError } from '@temporalio/client';
import { createEvergreenRefillActivities } from '../../activities/evergreen-refill';
import { WEEKDAYS, type WeeklySlot } from '../../domain/queue-slots';
import { createDb } from '../../lib/db';
import { storeOAuthConnection } from '../support/connections';
import { ApiClient, signUpWithToken, testEnv, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const HOUR_MS = 3600_000;
const env = testEnv({ WRITE_RATE_LIMIT_PER_MINUTE: '100000' });
const stack = useServerAndWorker({ env });
const db = createDb(env.config.DATABASE_URL);
let api: ApiClient;
/** the slots' times are hours after this, on the minute */
const base = Date.now();

afterAll(() => db.$disconnect());

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Evelyn'));
});

/** A slot on the weekday and at the time `hours` after `base` (UTC), and that instant. */
function slot(hours: number): WeeklySlot {
  const at = new Date(base + hours * HOUR_MS);
  const time = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  return { day: WEEKDAYS[(at.getUTCDay() + 6) % 7]!, time };
}
function at(hours: number): string {
  const instant = new Date(base + hours * HOUR_MS);
  instant.setUTCSeconds(0, 0);
  return instant.toISOString();
}

async function account(hours: number[]): Promise<string> {
  const id = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id as string;
  expect((await api.request('PUT', `/api/v1/connections/${id}/queue`, { timeZone: 'UTC', slots: hours.map(slot) })).status).toBe(200);
  return id;
}

async function drafts(...texts: string[]): Promise<string[]> {
  const created = await Promise.all(texts.map((content) => api.post('/api/v1/posts', { content, connectionIds: [], draft: true })));
  return created.map((response) => {
    expect(response.status).toBe(201);
    return response.body.id as string;
  });
}

interface Share {
  postId: string;
  sourceId: string;
  at: string;
  status: string;
}

async function coming(setId: string, connectionId: string): Promise<Share[]> {
  const { body } = await api.get(`/api/v1/evergreen/${setId}`);
  return body.accounts.find((each: { connectionId: string }) => each.connectionId === connectionId).coming;
}

/** Waits until the set has booked `count` copies in the account. */
async function bookedOnce(setId: string, connectionId: string, count: number): Promise<Share[]> {
  const shares = await waitFor(
    () => coming(setId, connectionId),
    (each) => each.length >= count,
    60_000,
  );
  expect(shares).toHaveLength(count);
  return shares;
}

/** The copies the set booked in the account, as [slot, source]. */
async function rotation(setId: string, connectionId: string, count: number): Promise<string[][]> {
  return (await bookedOnce(setId, connectionId, count)).map((share) => [share.at, share.sourceId]);
}

async function runningPostWorkflows(setId: string): Promise<string[]> {
  const ids: string[] = [];
  const query = `PlanrrrEvergreenId="${setId}" AND WorkflowType="postWorkflow" AND ExecutionStatus="Running"`;
  for await (const execution of stack.server.temporal.workflow.list({ query })) ids.push(execution.workflowId);
  return ids.sort();
}

/** Every booking of the account is one post's; no source comes again within the gap. */
async function expectRotationKept(connectionId: string, gapDays: number) {
  const posts = await db.post.findMany({
    where: { evergreenSetId: { not: null }, targets: { some: { connectionId } } },
    select: { id: true, publishAt: true, evergreenSourceId: true, queueBookings: { select: { slotAt: true } } },
    orderBy: { publishAt: 'asc' },
  });
  for (const post of posts) expect(post.queueBookings.map((booking) => booking.slotAt)).toEqual([post.publishAt]);
  const slots = posts.map((post) => post.publishAt!.getTime());
  expect(new Set(slots).size).toBe(slots.length);
  for (const [index, post] of posts.entries()) {
    for (const later of posts.slice(index + 1)) {
      if (later.evergreenSourceId !== post.evergreenSourceId) continue;
      expect(later.publishAt!.getTime() - post.publishAt!.getTime()).toBeGreaterThanOrEqual(gapDays * 24 * HOUR_MS);
    }
  }
}

test('a set fills the empty slots in rotation, leaving those the gap forbids; new slots are filled on a signal; each copy has its post workflow', async () => {
  const demo = await account([2, 4, 6, 8]);
  const [first, second, third] = await drafts('Read our guide', 'Try the demo', 'Join the newsletter');
  const created = await api.post('/api/v1/evergreen', {
    name: 'Classics',
    connectionIds: [demo],
    postIds: [first, second, third],
    minGapDays: 1,
    horizonDays: 3,
  });
  expect(created.status).toBe(201);
  const set = created.body;
  expect(set).toMatchObject({ minGapDays: 1, horizonDays: 3, paused: false, labelId: null, workflowId: `evergreen-${set.id}` });
  expect(set.sources.map((source: { excerpt: string }) => source.excerpt)).toEqual([
    'Read our guide',
    'Try the demo',
    'Join the newsletter',
  ]);

  // three posts in a day: the fourth slot of that day has none left outside the 1-day gap
  expect(await rotation(set.id, demo, 3)).toEqual([
    [at(2), first],
    [at(4), second],
    [at(6), third],
  ]);
  const refill = await api.post(`/api/v1/evergreen/${set.id}/refill`);
  expect(refill.status).toBe(200);
  expect(refill.body).toMatchObject({ outcome: 'REFILLED', created: [], emptySlotsLeft: 1 });
  expect(refill.body.reasons).toEqual([
    {
      connectionId: demo,
      at: at(8),
      reason: 'no-candidate',
      message: expect.stringMatching(/3 shared to this account within 1 day of the slot/),
    },
  ]);

  // each copy is a scheduled post of its own, booked in the queue, with its workflow running, found by the set
  const copies = await coming(set.id, demo);
  const post = (await api.get(`/api/v1/posts/${copies[1]!.postId}`)).body;
  expect(post).toMatchObject({
    content: 'Try the demo',
    status: 'SCHEDULED',
    publishAt: at(4),
    evergreenSetId: set.id,
    evergreenSourceId: second,
  });
  expect(
    await waitFor(
      () => runningPostWorkflows(set.id),
      (ids) => ids.length === 3,
      15_000,
    ),
  ).toEqual(copies.map((copy) => `post-${copy.postId}`).sort());
  const upcoming = (await api.get(`/api/v1/connections/${demo}/queue/upcoming?limit=4`)).body.upcoming;
  expect(upcoming.map((entry: { post: { id: string } | null }) => entry.post?.id ?? null)).toEqual([
    ...copies.map((copy) => copy.postId),
    null,
  ]);

  // operators find the set's workflow by its search attribute, with its name in the memo
  const handle = stack.server.temporal.workflow.getHandle(`evergreen-${set.id}`);
  const described = await handle.describe();
  expect(described.memo).toEqual({ name: 'Classics', teamId: set.teamId });
  expect(described.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value])).toEqual(
    expect.arrayContaining([['PlanrrrEvergreenId', set.id]]),
  );

  // two slots the next day, more than the gap after the first two posts: a refill signal fills them
  expect(
    (await api.request('PUT', `/api/v1/connections/${demo}/queue`, { timeZone: 'UTC', slots: [2, 4, 6, 8, 30, 32].map(slot) })).status,
  ).toBe(200);
  await handle.signal('refill');
  expect(await rotation(set.id, demo, 5)).toEqual([
    [at(2), first],
    [at(4), second],
    [at(6), third],
    [at(30), first],
    [at(32), second],
  ]);
  await expectRotationKept(demo, 1);
});

test('a refill retried after a partial run books each slot once, and goes on from where the first stopped', async () => {
  const demo = await account([3, 5]);
  const sources = await drafts('Retry one', 'Retry two', 'Retry three');
  const set = (
    await api.post('/api/v1/evergreen', { name: 'Retried', connectionIds: [demo], postIds: sources, minGapDays: 1, horizonDays: 2 })
  ).body;
  expect(await rotation(set.id, demo, 2)).toEqual([
    [at(3), sources[0]],
    [at(5), sources[1]],
  ]);

  // new slots, and the refill activity run here: its first attempt dies after booking one copy
  expect(
    (await api.request('PUT', `/api/v1/connections/${demo}/queue`, { timeZone: 'UTC', slots: [3, 5, 7, 27, 29].map(slot) })).status,
  ).toBe(200);
  const { queue } = stack.server.services;
  let booked = 0;
  const dying = createEvergreenRefillActivities({
    db,
    queue: {
      freeSlots: queue.freeSlots,
      async addAt(...args) {
        if (booked === 1) throw new Error('the worker was lost');
        booked += 1;
        return queue.addAt(...args);
      },
    },
  });
  await expect(dying.refillEvergreen({ setId: set.id })).rejects.toThrow('the worker was lost');
  expect(await rotation(set.id, demo, 3)).toEqual([
    [at(3), sources[0]],
    [at(5), sources[1]],
    [at(7), sources[2]],
  ]);
  // the retry fills only what is still empty, in the same rotation
  const retried = await createEvergreenRefillActivities({ db, queue }).refillEvergreen({ setId: set.id });
  expect(retried.created.map((copy) => [copy.at, copy.sourceId])).toEqual([
    [at(27), sources[0]],
    [at(29), sources[1]],
  ]);
  const again = await createEvergreenRefillActivities({ db, queue }).refillEvergreen({ setId: set.id });
  expect(again).toMatchObject({ created: [], emptySlotsLeft: 0 });
  expect(await bookedOnce(set.id, demo, 5)).toHaveLength(5);
  await expectRotationKept(demo, 1);

  // two refills at once (an attempt that outlived its timeout, and its retry): each choice is checked again under the account's lock
  expect(
    (await api.request('PUT', `/api/v1/connections/${demo}/queue`, { timeZone: 'UTC', slots: [3, 5, 7, 27, 29, 31, 33].map(slot) })).status,
  ).toBe(200);
  const both = await Promise.all([1, 2].map(() => createEvergreenRefillActivities({ db, queue }).refillEvergreen({ setId: set.id })));
  expect(both.flatMap((run) => run.created.map((copy) => [copy.at, copy.sourceId]))).toEqual([[at(31), sources[2]]]);
  expect((await rotation(set.id, demo, 6)).at(-1)).toEqual([at(31), sources[2]]);
  await expectRotationKept(demo, 1);
});

test('a paused set creates nothing; resumed, it refills', async () => {
  // every day, two hours from now
  const demo = await account([0, 1, 2, 3, 4, 5, 6].map((day) => 2 + 24 * day));
  const [source] = await drafts('Paused classic');
  const set = (
    await api.post('/api/v1/evergreen', { name: 'Paused', connectionIds: [demo], postIds: [source], minGapDays: 3, paused: true })
  ).body;
  expect(set.paused).toBe(true);
  const refill = await api.post(`/api/v1/evergreen/${set.id}/refill`);
  expect(refill.body).toMatchObject({ outcome: 'PAUSED', created: [], reasons: [{ reason: 'set-paused' }] });
  expect(await coming(set.id, demo)).toEqual([]);

  const resumed = await api.post(`/api/v1/evergreen/${set.id}/resume`);
  expect(resumed.body.paused).toBe(false);
  // one source, a 3-day gap: of the 7 daily slots in the 7-day horizon, every third
  expect(await rotation(set.id, demo, 3)).toEqual([
    [at(2), source],
    [at(2 + 72), source],
    [at(2 + 144), source],
  ]);

  expect((await api.post(`/api/v1/evergreen/${set.id}/pause`)).body.paused).toBe(true);
  expect((await api.post(`/api/v1/evergreen/${set.id}/refill`)).body).toMatchObject({ outcome: 'PAUSED', created: [] });
});

test('a set sharing a label rotates its posts, not the copies, which carry the label too', async () => {
  const demo = await account([2, 4]);
  const label = (await api.post('/api/v1/labels', { name: `Evergreen ${Date.now()}`, colour: '#22aa55' })).body;
  const texts = ['Labelled one', 'Labelled two'];
  const sources = [];
  for (const content of texts) {
    sources.push((await api.post('/api/v1/posts', { content, connectionIds: [], draft: true, labelIds: [label.id] })).body.id);
  }
  const set = (
    await api.post('/api/v1/evergreen', { name: 'By label', connectionIds: [demo], labelId: label.id, minGapDays: 2, horizonDays: 1 })
  ).body;
  expect(await rotation(set.id, demo, 2)).toEqual([
    [at(2), sources[0]],
    [at(4), sources[1]],
  ]);
  const copy = (await api.get(`/api/v1/posts/${(await coming(set.id, demo))[0]!.postId}`)).body;
  expect(copy.labels.map((each: { id: string }) => each.id)).toEqual([label.id]);
  expect((await api.get(`/api/v1/evergreen/${set.id}`)).body.sources.map((source: { id: string }) => source.id)).toEqual(sources);
});

test("a copy on a Reddit account carries the source's subreddit and title for that account", async () => {
  const reddit = await storeOAuthConnection(db, env, {
    teamId: (await api.get('/api/v1/me')).body.currentTeamId,
    platform: 'REDDIT',
    handle: 'u/evelyn',
    credentials: { username: 'evelyn', accessToken: 'reddit-token' },
  });
  expect((await api.request('PUT', `/api/v1/connections/${reddit}/queue`, { timeZone: 'UTC', slots: [slot(3)] })).status).toBe(200);
  const options = { reddit: { subreddit: 'planrrr', title: 'Our guide, again' } };
  const source = await api.post('/api/v1/posts', {
    content: 'Read our guide',
    connectionIds: [reddit],
    targetOptions: [{ connectionId: reddit, ...options }],
    draft: true,
  });
  expect(source.status).toBe(201);
  const set = (
    await api.post('/api/v1/evergreen', {
      name: 'On Reddit',
      connectionIds: [reddit],
      postIds: [source.body.id],
      minGapDays: 7,
      horizonDays: 1,
    })
  ).body;
  const [share] = await bookedOnce(set.id, reddit, 1);
  const copy = (await api.get(`/api/v1/posts/${share!.postId}`)).body;
  expect(copy.targets).toEqual([expect.objectContaining({ connectionId: reddit, options })]);
});

test('deleting a set ends its workflow; the posts it created stay', async () => {
  const demo = await account([2]);
  const [source] = await drafts('Doomed classic');
  const set = (await api.post('/api/v1/evergreen', { name: 'Doomed', connectionIds: [demo], postIds: [source], minGapDays: 30 })).body;
  const [copy] = await bookedOnce(set.id, demo, 1);
  expect((await api.request('DELETE', `/api/v1/evergreen/${set.id}`)).status).toBe(204);
  const handle = stack.server.temporal.workflow.getHandle(`evergreen-${set.id}`);
  expect(
    (
      await waitFor(
        () => handle.describe(),
        (described) => described.status.name !== 'RUNNING',
        30_000,
      )
    ).status.name,
  ).toBe('COMPLETED');
  expect((await api.get(`/api/v1/evergreen/${set.id}`)).status).toBe(404);
  expect((await api.get(`/api/v1/posts/${copy!.postId}`)).body).toMatchObject({
    status: 'SCHEDULED',
    evergreenSetId: null,
    evergreenSourceId: source,
  });
  await expect(stack.server.temporal.workflow.getHandle(`evergreen-${set.id}`).signal('refill')).rejects.toBeInstanceOf(
    WorkflowNotFoundError,
  );
});

test('refusals name the field: gap, horizon, source, accounts, labels and posts', async () => {
  const demo = await account([2]);
  const slotless = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
  const [source] = await drafts('A good post');
  const valid = { name: 'Refused', connectionIds: [demo], postIds: [source], minGapDays: 2 };
  const refused = async (body: Record<string, unknown>, status: number, field: string) => {
    const response = await api.post('/api/v1/evergreen', { ...valid, ...body });
    expect({ status: response.status, fields: response.body.errors?.map((error: { field: string }) => error.field) }).toEqual({
      status,
      fields: expect.arrayContaining([field]),
    });
    return response.body;
  };
  await refused({ minGapDays: 0 }, 400, 'body.minGapDays');
  await refused({ minGapDays: 1.5 }, 400, 'body.minGapDays');
  await refused({ horizonDays: 61 }, 400, 'body.horizonDays');
  await refused({ postIds: [] }, 400, 'body.postIds');
  await refused({ postIds: undefined }, 400, 'body.labelId');
  await refused({ labelId: 'some-label' }, 400, 'body.postIds');
  await refused({ name: ' ' }, 400, 'body.name');
  expect((await refused({ connectionIds: [demo, 'nope'] }, 422, 'body.connectionIds.1')).type).toMatch(/unknown-connection$/);
  const slotlessProblem = await refused({ connectionIds: [demo, slotless] }, 422, 'body.connectionIds.1');
  expect(slotlessProblem.type).toMatch(/queue-empty$/);
  expect(slotlessProblem.detail).toMatch(/has no time slots/);
  expect((await refused({ postIds: [source, 'nope'] }, 422, 'body.postIds.1')).type).toMatch(/unknown-post$/);
  expect((await refused({ postIds: undefined, labelId: 'nope' }, 422, 'body.labelId')).type).toMatch(/unknown-label$/);
  const empty = (await api.post('/api/v1/labels', { name: `Empty ${Date.now()}`, colour: '#aa2255' })).body;
  expect((await refused({ postIds: undefined, labelId: empty.id }, 422, 'body.labelId')).type).toMatch(/empty-source$/);
  // nothing was created by any of those
  expect((await api.get('/api/v1/evergreen')).body.data.filter((set: { name: string }) => set.name === 'Refused')).toEqual([]);

  const set = (await api.post('/api/v1/evergreen', valid)).body;
  const edited = await api.patch(`/api/v1/evergreen/${set.id}`, { minGapDays: 0 });
  expect(edited.status).toBe(400);
  expect((await api.patch(`/api/v1/evergreen/${set.id}`, {})).status).toBe(400);
  expect((await api.patch(`/api/v1/evergreen/${set.id}`, { connectionIds: [slotless] })).status).toBe(422);
  const relabelled = await api.patch(`/api/v1/evergreen/${set.id}`, { name: 'Renamed', minGapDays: 5 });
  expect(relabelled.body).toMatchObject({ name: 'Renamed', minGapDays: 5, postIds: [source] });
  // the edit wakes the set's workflow, whose refill writes the new name into its memo for operators
  const workflow = stack.server.temporal.workflow.getHandle(`evergreen-${set.id}`);
  expect(
    await waitFor(
      async () => (await workflow.describe()).memo,
      (memo) => memo?.name === 'Renamed',
      15_000,
    ),
  ).toEqual({ name: 'Renamed', teamId: set.teamId });
  expect((await api.get('/api/v1/evergreen/nope')).status).toBe(404);
  // another team's set is not there for them
  const { api: other } = await signUpWithToken(stack.server.url, 'Mallory');
  for (const [method, path] of [
    ['GET', ''],
    ['PATCH', ''],
    ['DELETE', ''],
    ['POST', '/pause'],
    ['POST', '/resume'],
    ['POST', '/refill'],
  ] as const) {
    const response = await other.request(method, `/api/v1/evergreen/${set.id}${path}`, method === 'PATCH' ? { name: 'stolen' } : undefined);
    expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
  }
  expect((await api.get(`/api/v1/evergreen/${set.id}`)).body.name).toBe('Renamed');
  expect((await api.post('/api/v1/evergreen/nope/refill')).status).toBe(404);
  await api.request('DELETE', `/api/v1/evergreen/${set.id}`);
});
