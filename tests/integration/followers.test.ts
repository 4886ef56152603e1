// Followers over time end to end: the API, a real Temporal dev server, PostgreSQL, the real
// worker (which creates the daily followers Schedule), and the Mastodon, Bluesky and X fakes,
// whose follower counts grow with time. The test triggers the Schedule instead of waiting a day.
import { ScheduleNotFoundError } from '@temporalio/client';
import { ConnectionFollowersSchema } from '../../api/openapi/responses';
import { utcDayOf } from '../../domain/followers';
import { createDb, type Db } from '../../lib/db';
import { ensureFollowersSchedule, firstFollowersWorkflowId, followersScheduleId } from '../../lib/temporal/followers-schedule';
import { FakeBluesky } from '../fakes/bluesky';
import { FakeMastodon } from '../fakes/mastodon';
import { FakeX } from '../fakes/x';
import { storeOAuthConnection } from '../support/connections';
import { createTestDatabase, inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(180_000);

const mastodon = new FakeMastodon();
const bluesky = new FakeBluesky();
const x = new FakeX();
const stack = useServerAndWorker({
  // its own database: the daily run counts every account there (the shared one holds every file's)
  env: async () =>
    testEnv({
      DATABASE_URL: await createTestDatabase('followers'),
      FOLLOWERS_SAMPLE_TIME: '06:00',
      X_API_BASE_URL: x.url,
      BLUESKY_DEFAULT_SERVICE_URL: bluesky.url,
    }),
  alongside: [mastodon, bluesky, x],
});
let api: ApiClient;
let db: Db;
let teamId: string;
const accounts = { mastodon: '', bluesky: '', x: '', xRevoked: '', xNeedsReconnect: '' };

beforeAll(async () => {
  db = createDb(stack.env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Fiona'));
  teamId = (await api.get('/api/v1/me')).body.currentTeamId;
  accounts.mastodon = (
    await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' })
  ).body.id;
  accounts.bluesky = (
    await api.post('/api/v1/connections', { platform: 'bluesky', handle: 'alice.bsky.social', appPassword: 'alice-app-password' })
  ).body.id;
  const xAccount = (handle: string, accessToken: string) =>
    storeOAuthConnection(db, stack.env, { teamId, platform: 'X', handle, credentials: { accessToken, expiresAt: inSeconds(7200) } });
  accounts.x = await xAccount('@alice', 'x-token-alice');
  // X refuses this token (401) and it cannot be refreshed
  accounts.xRevoked = await xAccount('@revoked', 'x-token-revoked');
  accounts.xNeedsReconnect = await xAccount('@stale', 'x-token-alice');
  await db.connection.update({ where: { id: accounts.xNeedsReconnect }, data: { status: 'NEEDS_RECONNECT' } });
});

afterAll(async () => {
  await db?.$disconnect();
});

async function followers(connectionId: string, query = '') {
  const res = await api.get(`/api/v1/connections/${connectionId}/followers${query}`);
  expect(res.status).toBe(200);
  return ConnectionFollowersSchema.parse(res.body);
}

/** Triggers the daily Schedule now and answers the run's result. */
async function runSchedule() {
  const schedule = stack.server.temporal.schedule.getHandle(followersScheduleId(stack.env.config.TEMPORAL_TASK_QUEUE));
  const before = (await schedule.describe()).info.recentActions.length;
  await schedule.trigger();
  const described = await waitFor(
    () => schedule.describe(),
    (description) => description.info.recentActions.length > before,
    30_000,
  );
  const workflowId = described.info.recentActions.at(-1)!.action.workflow.workflowId;
  return { workflowId, report: await stack.server.temporal.workflow.getHandle(workflowId).result() };
}

test('a newly connected account has its first count at once', async () => {
  const first = await waitFor(
    () => followers(accounts.mastodon),
    (answer) => answer.days.length === 1,
    30_000,
  );
  expect(first).toMatchObject({ connectionId: accounts.mastodon, platform: 'MASTODON' });
  expect(first.days[0]).toMatchObject({ day: utcDayOf(Date.now()), missingReason: null });
  expect(first.days[0]!.followers).toBeGreaterThan(0);
  const run = stack.server.temporal.workflow.getHandle(firstFollowersWorkflowId(accounts.mastodon));
  expect(await run.result()).toMatchObject({ counted: 1, missing: 0 });
});

test('the daily Schedule counts every account on its platform, says why where it cannot, and keeps one row per day', async () => {
  const schedule = await stack.server.temporal.schedule.getHandle(followersScheduleId(stack.env.config.TEMPORAL_TASK_QUEUE)).describe();
  expect(schedule.memo).toMatchObject({ purpose: expect.stringContaining('follower count') });
  expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 6, end: 6, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });

  const today = utcDayOf(Date.now());
  const { workflowId, report } = await runSchedule();
  expect(workflowId.startsWith(followersScheduleId(stack.env.config.TEMPORAL_TASK_QUEUE))).toBe(true);
  expect(report).toEqual({ day: today, counted: 3, missing: 2, disconnected: 0 });

  const counted = await Promise.all([accounts.mastodon, accounts.bluesky, accounts.x].map((id) => followers(id)));
  for (const answer of counted) {
    expect(answer.days).toHaveLength(1);
    expect(answer.days[0]).toMatchObject({ day: today, missingReason: null });
    expect(answer.days[0]!.followers).toBeGreaterThan(0);
  }
  const revoked = await followers(accounts.xRevoked);
  expect(revoked.days).toEqual([
    { day: today, takenAt: expect.any(String), followers: null, missingReason: expect.stringMatching(/401|nauthori/) },
  ]);
  const stale = await followers(accounts.xNeedsReconnect);
  expect(stale.days[0]).toMatchObject({ followers: null, missingReason: expect.stringContaining('Reconnect the X account @stale') });
  // X refused the revoked token, so that account now asks to be reconnected too
  expect((await db.connection.findUniqueOrThrow({ where: { id: accounts.xRevoked } })).status).toBe('NEEDS_RECONNECT');

  // a second run the same day replaces the day's counts with newer ones: still one row per account
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  expect((await runSchedule()).report).toEqual({ day: today, counted: 3, missing: 2, disconnected: 0 });
  const recounted = await followers(accounts.x);
  expect(recounted.days).toHaveLength(1);
  expect(recounted.days[0]!.followers).toBeGreaterThan(counted[2]!.days[0]!.followers!);
  expect(await db.followerSample.count({ where: { connection: { teamId } } })).toBe(5);
});

test('the range filters by UTC day; another team cannot read the counts', async () => {
  const tomorrow = new URLSearchParams({ from: inSeconds(86_400), to: inSeconds(2 * 86_400) });
  expect((await followers(accounts.mastodon, `?${tomorrow}`)).days).toEqual([]);
  // `from` in the middle of today still includes today
  const sinceAMinuteAgo = new URLSearchParams({ from: inSeconds(-60) });
  expect((await followers(accounts.mastodon, `?${sinceAMinuteAgo}`)).days).toHaveLength(1);

  const { api: other } = await signUpWithToken(stack.server.url, 'Gus');
  const res = await other.get(`/api/v1/connections/${accounts.mastodon}/followers`);
  expect(res.status).toBe(404);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
});

test('a worker started with another FOLLOWERS_SAMPLE_TIME moves the Schedule to it, and `off` deletes it', async () => {
  const queue = stack.env.config.TEMPORAL_TASK_QUEUE;
  await ensureFollowersSchedule(stack.server.temporal, queue, '07:30');
  const moved = await stack.server.temporal.schedule.getHandle(followersScheduleId(queue)).describe();
  expect(moved.spec.calendars).toHaveLength(1);
  expect(moved.spec.calendars![0]).toMatchObject({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
  expect(moved.memo).toMatchObject({ purpose: expect.stringContaining('follower count') });

  await ensureFollowersSchedule(stack.server.temporal, queue, 'off');
  await expect(stack.server.temporal.schedule.getHandle(followersScheduleId(queue)).describe()).rejects.toThrow(ScheduleNotFoundError);
});
