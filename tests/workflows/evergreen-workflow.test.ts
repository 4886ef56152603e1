// The evergreen set's workflow on Temporal's time-skipping test server: it refills, sleeps
// until the refill's next time, wakes early for a signal or an update (which answers the
// refill's summary), continues as new after its refills per run, and ends when the set is
// deleted. The refill activity is a fake; the real one runs in tests/integration/evergreen.test.ts.
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { createActivities } from '../../activities';
import type { EvergreenRefillResult } from '../../activities/evergreen-refill';
import { refillSignal, refillUpdate, setDeletedSignal } from '../../workflows/evergreen-messages';
import { evergreenWorkflow } from '../../workflows/evergreen-workflow';
import { quietTemporalLogs, startTimeSkippingServer } from '../support/time-skipping';

jest.setTimeout(120_000);
quietTemporalLogs();

type Activities = Pick<ReturnType<typeof createActivities>, 'refillEvergreen'>;
const HOUR_MS = 60 * 60 * 1000;

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingServer();
});

afterAll(async () => {
  await env?.teardown();
});

/** A refill that books nothing and asks for the next one `everyMs` later; the set is gone after `refills` of them. */
function fakeRefill(refills: number, everyMs: number) {
  const calls: Array<{ at: number; runId: string }> = [];
  const activities: Activities = {
    refillEvergreen: async () => {
      const at = await env.currentTimeMs();
      calls.push({ at, runId: Context.current().info.workflowExecution?.runId ?? '' });
      return {
        outcome: calls.length > refills ? 'SET_DELETED' : 'REFILLED',
        created: [],
        emptySlotsLeft: calls.length,
        reasons: [],
        nextRefillAt: new Date(at + everyMs).toISOString(),
      } satisfies EvergreenRefillResult;
    },
  };
  return { calls, activities };
}

function worker(taskQueue: string, activities: Activities) {
  return Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: require.resolve('../../workflows'), activities });
}

/** Runs a set's workflow on its own task queue until it ends. */
async function runToEnd(name: string, activities: Activities) {
  await (
    await worker(name, activities)
  ).runUntil(
    env.client.workflow.execute(evergreenWorkflow, { workflowId: name, taskQueue: name, args: [{ setId: name, teamId: 'team-1' }] }),
  );
}

test('refills, sleeps until the next refill time, and ends when a refill finds the set gone', async () => {
  const refill = fakeRefill(3, 6 * HOUR_MS);
  await runToEnd('evergreen-sleeps', refill.activities);
  expect(refill.calls).toHaveLength(4);
  const gaps = refill.calls.slice(1).map((call, index) => call.at - refill.calls[index]!.at);
  for (const gap of gaps) {
    expect(gap).toBeGreaterThanOrEqual(6 * HOUR_MS);
    expect(gap).toBeLessThan(6 * HOUR_MS + 5_000);
  }
});

test('a refill update wakes it and answers that refill; a signal wakes it; the deleted signal ends it', async () => {
  const refill = fakeRefill(Infinity, 6 * HOUR_MS);
  const running = await worker('evergreen-woken', refill.activities);
  await running.runUntil(async () => {
    const handle = await env.client.workflow.start(evergreenWorkflow, {
      workflowId: 'evergreen-woken',
      taskQueue: 'evergreen-woken',
      args: [{ setId: 'set-2', teamId: 'team-1' }],
    });
    const answered = await handle.executeUpdate(refillUpdate);
    // the first refill started before the request: the answer is a later one's
    expect(answered.emptySlotsLeft).toBeGreaterThanOrEqual(2);
    await handle.signal(refillSignal);
    while (refill.calls.length <= answered.emptySlotsLeft) await new Promise((resolve) => setTimeout(resolve, 100));
    await handle.signal(setDeletedSignal);
    await handle.result();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });
  // none of those refills waited for the six hours
  expect(refill.calls.at(-1)!.at - refill.calls[0]!.at).toBeLessThan(HOUR_MS);
});

test('continues as new after 50 refills, keeping its input, until the set is gone', async () => {
  const refill = fakeRefill(60, 60_000);
  await runToEnd('evergreen-continues', refill.activities);
  expect(refill.calls).toHaveLength(61);
  const runs = [...new Set(refill.calls.map((call) => call.runId))];
  expect(runs).toHaveLength(2);
  expect(refill.calls.filter((call) => call.runId === runs[0])).toHaveLength(50);
});
