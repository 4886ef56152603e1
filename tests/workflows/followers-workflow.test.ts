// The followers workflow on Temporal's time-skipping test server: one read per account, each
// on its platform's publish queue; an account whose reads keep failing is stored without a
// count after its retries, and the others are counted all the same. The activities are
// fakes; the real ones run in tests/integration/followers.test.ts.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { createActivities, SampleFollowersInput } from '../../activities';
import { utcDayOf } from '../../domain/followers';
import type { Platform } from '../../domain/post';
import { publishTaskQueue } from '../../temporal-config';
import { followersWorkflow } from '../../workflows/followers-workflow';
import { quietTemporalLogs, startTimeSkippingServer } from '../support/time-skipping';

jest.setTimeout(120_000);
quietTemporalLogs();

type Activities = Pick<ReturnType<typeof createActivities>, 'listFollowerAccounts' | 'sampleFollowers' | 'recordFollowersMissing'>;

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingServer();
});

afterAll(async () => {
  await env?.teardown();
});

const ACCOUNTS: Array<{ connectionId: string; platform: Platform }> = [
  { connectionId: 'mastodon-1', platform: 'MASTODON' },
  { connectionId: 'bluesky-1', platform: 'BLUESKY' },
  { connectionId: 'x-down', platform: 'X' },
];

test('every account is read on its own platform queue; one whose platform stays down is stored with the reason, the others counted', async () => {
  const reads: Array<SampleFollowersInput & { queue: string }> = [];
  const missing: Array<SampleFollowersInput & { reason: string }> = [];
  const activities: Activities = {
    async listFollowerAccounts() {
      return ACCOUNTS;
    },
    async sampleFollowers(input) {
      reads.push({ ...input, queue: Context.current().info.taskQueue });
      if (input.connectionId === 'x-down') throw ApplicationFailure.create({ message: 'X answered 503', type: 'PLATFORM_UNAVAILABLE' });
      return 'counted';
    },
    async recordFollowersMissing(input) {
      missing.push(input);
    },
  };
  const name = 'followers-run';
  const main = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: name,
    workflowsPath: require.resolve('../../workflows'),
    activities: { listFollowerAccounts: activities.listFollowerAccounts, recordFollowersMissing: activities.recordFollowersMissing },
  });
  const platformWorkers = await Promise.all(
    (['MASTODON', 'BLUESKY', 'X'] as const).map((platform) =>
      Worker.create({
        connection: env.nativeConnection,
        taskQueue: publishTaskQueue(name, platform),
        activities: { sampleFollowers: activities.sampleFollowers },
      }),
    ),
  );
  const day = utcDayOf(await env.currentTimeMs());
  const running = env.client.workflow.execute(followersWorkflow, { workflowId: name, taskQueue: name, args: [{}] });
  const [report] = await Promise.all([running, main.runUntil(running), ...platformWorkers.map((worker) => worker.runUntil(running))]);

  expect(report).toEqual({ day, counted: 2, missing: 1, disconnected: 0 });
  for (const account of ACCOUNTS) {
    expect(reads.find((read) => read.connectionId === account.connectionId)).toMatchObject({
      day,
      queue: publishTaskQueue(name, account.platform),
    });
  }
  // six tries, then the day is stored without a count
  expect(reads.filter((read) => read.connectionId === 'x-down')).toHaveLength(6);
  expect(missing).toEqual([{ connectionId: 'x-down', day, reason: expect.stringContaining('X answered 503') }]);
});
