// Publishing budgets per account (activities/publish-budgets.ts): posts due together on one
// Mastodon account beyond its budget wait for it, on a timer and without a failed attempt,
// while another account on the same instance publishes on time; the fake instance enforces
// the same limit per account with 429s, and never has to.
import type { RunningServer } from '../../api/server';
import { BUDGET_MARGIN_MS, createPublishBudgets } from '../../activities/publish-budgets';
import { createDb } from '../../lib/db';
import { DOCUMENTED_PUBLISH_LIMITS } from '../../lib/platforms/publish-limits';
import type { ServiceProcess } from '../../runtime/processes';
import { ReadBudget } from '../fakes/http';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, startApi, startWorker, testEnv, waitFor, type ApiClient } from '../support/harness';

jest.setTimeout(180_000);

const LIMIT = { count: 2, windowSeconds: 15 };
// the default publish lead (60 s) applies: the publishes start ahead and wait for their time
const env = testEnv({ PUBLISH_RATE_LIMITS: JSON.stringify({ MASTODON: { budgets: [{ per: 'account', ...LIMIT }] } }) });
const db = createDb(env.config.DATABASE_URL);
const mastodon = new FakeMastodon();
mastodon.publishBudget = new ReadBudget(LIMIT.count, LIMIT.windowSeconds * 1000);
mastodon.validTokens.add('token-bob');
mastodon.validTokens.add('token-carol');
let server: RunningServer;
const workers: ServiceProcess[] = [];
let api: ApiClient;

beforeAll(async () => {
  const startNamed = async (name: string) => workers.push(await startWorker(env, name));
  [server] = await Promise.all([startApi(env), startNamed('worker-1'), startNamed('worker-2'), mastodon.start()]);
  ({ api } = await signUpWithToken(server.url, 'Bea'));
});

afterAll(async () => {
  await Promise.all([...workers.map((worker) => worker.stop()), server?.close(), mastodon.stop()]);
  await db.$disconnect();
});

test("one account's spent budget delays only its own posts, which wait for it without failing; another account's go out on time", async () => {
  const connect = (accessToken: string) =>
    api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken });
  const [alice, bob] = await Promise.all([connect('token-alice'), connect('token-bob')]);
  expect([alice.status, bob.status]).toEqual([201, 201]);

  const publishAt = inSeconds(12);
  const schedule = (connectionId: string, count: number, name: string) =>
    Array.from({ length: count }, (_, index) =>
      api.post('/api/v1/posts', { content: `${name} ${index}`, publishAt, connectionIds: [connectionId] }),
    );
  const created = await Promise.all([...schedule(alice.body.id, 4, 'Alice'), ...schedule(bob.body.id, 2, 'Bob')]);
  expect(created.map((response) => response.status)).toEqual(Array(6).fill(201));

  const published = await waitFor(
    () => Promise.all(created.map((response) => api.get(`/api/v1/posts/${response.body.id}`))),
    (posts) => posts.every((post) => post.body.status === 'PUBLISHED'),
    120_000,
    500,
  );

  const due = Date.parse(publishAt);
  const arrival = (name: string) =>
    mastodon.statuses
      .filter((status) => status.content.startsWith(name))
      .map((status) => status.receivedAt - due)
      .sort((a, b) => a - b);
  const [aliceArrivals, bobArrivals] = [arrival('Alice'), arrival('Bob')];
  expect([aliceArrivals.length, bobArrivals.length]).toEqual([4, 2]);
  // Bob's posts and Alice's first two went out at their time ...
  for (const lateness of [...bobArrivals, ...aliceArrivals.slice(0, 2)]) expect(lateness).toBeLessThan(3_000);
  // ... Alice's other two once her window had passed, and not a 429 on the way
  const windowMs = LIMIT.windowSeconds * 1000;
  for (const lateness of aliceArrivals.slice(2)) expect(lateness).toBeGreaterThanOrEqual(windowMs);
  expect(aliceArrivals[2]! - aliceArrivals[0]!).toBeGreaterThanOrEqual(windowMs + BUDGET_MARGIN_MS - 1_000);
  expect(mastodon.requests.filter((request) => request.answer !== 200)).toEqual([]);

  // each waiting post says which limit it waited for, and counts one attempt, not a failure
  const waits = await db.publishAttempt.findMany({
    where: { outcome: 'waited', target: { connectionId: { in: [alice.body.id, bob.body.id] } } },
    select: { errorKind: true, error: true, target: { select: { connectionId: true, postId: true } } },
  });
  expect(waits.map((wait) => wait.target.connectionId)).toEqual([alice.body.id, alice.body.id]);
  for (const wait of waits) {
    expect(wait.errorKind).toBe('BUDGET');
    expect(wait.error).toContain('MASTODON: 2 per 15 s per account');
  }
  for (const post of published) expect(post.body.targets[0]).toMatchObject({ status: 'PUBLISHED', attempts: 1 });
});

test("a thread's parts and its first comment count in the account's budget as posts: past it, they wait for it in order", async () => {
  const carol = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-carol' });
  expect(carol.status).toBe(201);
  const publishAt = inSeconds(8);
  const created = await api.post('/api/v1/posts', {
    content: 'Carol 1/3',
    thread: [{ content: 'Carol 2/3' }, { content: 'Carol 3/3' }],
    firstComment: 'Carol comments',
    publishAt,
    connectionIds: [carol.body.id],
  });
  expect(created.status).toBe(201);

  const published = await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (post) => post.body.status === 'PUBLISHED' && post.body.targets[0].firstComment?.status === 'PUBLISHED',
    120_000,
    500,
  );
  const arrivals = mastodon.statuses.filter((status) => status.content.startsWith('Carol'));
  // in order, each a reply to the one before: the post and part 2 at their time, part 3 and the comment a window later
  expect(arrivals.map((status) => status.content)).toEqual(['Carol 1/3', 'Carol 2/3', 'Carol 3/3', 'Carol comments']);
  const windowMs = LIMIT.windowSeconds * 1000;
  expect(arrivals[2]!.receivedAt - arrivals[0]!.receivedAt).toBeGreaterThanOrEqual(windowMs + BUDGET_MARGIN_MS - 1_000);
  expect(mastodon.requests.filter((request) => request.answer !== 200)).toEqual([]);

  const waits = await db.publishAttempt.findMany({
    where: { outcome: 'waited', target: { postId: created.body.id } },
    select: { errorKind: true, error: true },
    orderBy: { at: 'asc' },
  });
  // part 3 waits; the comment after it finds the window clear of the first two, or waits too
  expect(waits[0]?.error).toMatch(/^Part 3 of the thread waits until .* for MASTODON: 2 per 15 s per account$/);
  for (const wait of waits) {
    expect(wait.errorKind).toBe('BUDGET');
    expect(wait.error).toMatch(/^(Part 3 of the thread|The first comment) waits until /);
  }
  expect(published.body.targets[0]).toMatchObject({ status: 'PUBLISHED' });
});

test('takes by many workers at once never put more than the count in any window, and reserve the rest in order', async () => {
  const limits = [
    { per: 'account' as const, count: 5, windowSeconds: 60 },
    { per: 'app' as const, count: 12, windowSeconds: 3_600 },
  ];
  // a pool of connections per "worker", all taking at the same moment
  const pools = Array.from({ length: 4 }, () => createDb(env.config.DATABASE_URL));
  const handle = `budget-${Date.now()}`;
  // a platform without documented limits: no other test's publish takes from its app budget
  expect(DOCUMENTED_PUBLISH_LIMITS.DISCORD).toBeUndefined();
  const account = (suffix: string) => ({ platform: 'DISCORD' as const, handle: `${handle}-${suffix}`, instanceUrl: null });
  try {
    const takes = await Promise.all(
      Array.from({ length: 20 }, (_, index) => createPublishBudgets(pools[index % pools.length]!, () => limits).take(account('a'))),
    );
    const now = Date.now();
    expect(takes.filter((take) => !take.wait)).toHaveLength(5);
    const reserved = takes.flatMap((take) => (take.wait ? [take.until.getTime()] : [])).sort((a, b) => a - b);
    expect(reserved).toHaveLength(15);
    // the account's window lets 5 more through each minute (and its margin), until the app's 12 an hour are spent
    const windowMs = 60_000 + BUDGET_MARGIN_MS;
    expect(reserved.slice(0, 5).every((at) => at > now + windowMs - 5_000 && at < now + windowMs + 1_000)).toBe(true);
    expect(reserved.slice(5, 7).every((at) => at > now + 2 * windowMs - 5_000 && at < now + 2 * windowMs + 1_000)).toBe(true);
    // the 13th take waits for the first to leave the app's hour
    expect(reserved[7]! - now).toBeGreaterThan(3_600_000 + BUDGET_MARGIN_MS - 5_000);
    const waitedFor = takes.flatMap((take) => (take.wait ? [take.limit] : []));
    expect(new Set(waitedFor)).toEqual(new Set(['DISCORD: 5 per 1 min per account', 'DISCORD: 12 per 1 h per app']));
    // another account of the same app still has its own budget, but the app's is spent
    const other = await createPublishBudgets(db, () => limits.slice(0, 1)).take(account('b'));
    expect(other).toEqual({ wait: false });
  } finally {
    await Promise.all(pools.map((pool) => pool.$disconnect()));
  }
});
