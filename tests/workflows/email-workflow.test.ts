// The email workflow on Temporal's time-skipping test server: three days of retries take
// seconds. The activities are fakes; the real ones, against a real SMTP server, run in
// tests/integration/notifications.test.ts.
import { ApplicationFailure } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { createActivities } from '../../activities';
import { emailWorkflow } from '../../workflows/email-workflow';
import { quietTemporalLogs, startTimeSkippingServer } from '../support/time-skipping';

jest.setTimeout(120_000);
// The scripted failures below are expected; keep the SDK's warnings about them out of the output.
quietTemporalLogs();

type Activities = ReturnType<typeof createActivities>;
const HOUR_MS = 60 * 60 * 1000;

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingServer();
});

afterAll(async () => {
  await env?.teardown();
});

/** An SMTP server that answers every attempt with `failure`. */
function fakeServer(failure: () => Error) {
  const attemptsAt: number[] = [];
  const markedFailed: Array<{ emailId: string; reason: string }> = [];
  const activities: Pick<Activities, 'sendEmail' | 'markEmailFailed'> = {
    sendEmail: async () => {
      attemptsAt.push(await env.currentTimeMs());
      throw failure();
    },
    markEmailFailed: async (emailId, reason) => {
      markedFailed.push({ emailId, reason });
    },
  };
  return { attemptsAt, markedFailed, activities };
}

async function send(server: ReturnType<typeof fakeServer>, taskQueue: string): Promise<void> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    activities: server.activities,
  });
  await worker.runUntil(
    env.client.workflow.execute(emailWorkflow, { workflowId: `email-${taskQueue}`, taskQueue, args: [{ emailId: taskQueue }] }),
  );
}

test('a server that keeps asking for later is tried again, backing off to an hour apart, for three days; then the email is failed', async () => {
  const server = fakeServer(() => ApplicationFailure.retryable('451 4.7.1 Greylisted', 'EMAIL_NOT_SENT'));
  await send(server, 'email-later');
  const gaps = server.attemptsAt.slice(1).map((at, index) => at - server.attemptsAt[index]!);
  [5_000, 10_000, 20_000].forEach((backoff, index) => {
    expect(gaps[index]).toBeGreaterThanOrEqual(backoff - 500);
    expect(gaps[index]).toBeLessThan(backoff + 2_000);
  });
  expect(Math.max(...gaps)).toBeLessThanOrEqual(HOUR_MS + 1000);
  const span = server.attemptsAt.at(-1)! - server.attemptsAt[0]!;
  expect(span).toBeLessThanOrEqual(72 * HOUR_MS);
  expect(span).toBeGreaterThan(70 * HOUR_MS);
  expect(server.markedFailed).toEqual([{ emailId: 'email-later', reason: expect.any(String) }]);
});

test('a refusal for good is not tried again', async () => {
  const server = fakeServer(() => ApplicationFailure.nonRetryable('550 5.1.1 No such user', 'EMAIL_REFUSED'));
  await send(server, 'email-refused');
  expect(server.attemptsAt).toHaveLength(1);
  expect(server.markedFailed).toEqual([{ emailId: 'email-refused', reason: expect.stringContaining('No such user') }]);
});
