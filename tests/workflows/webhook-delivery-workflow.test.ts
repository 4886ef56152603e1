// The webhook delivery workflow on Temporal's time-skipping test server: a day of
// retries takes seconds. The activities are fakes; the real ones run in
// tests/integration/webhooks.test.ts.
import { ApplicationFailure } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { createActivities } from '../../activities';
import { webhookDeliveryWorkflow } from '../../workflows/webhook-delivery-workflow';
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

/** A receiver that fails the first `failures` attempts (all of them when Infinity). */
function fakeReceiver(failures: number) {
  const attemptsAt: number[] = [];
  const markedFailed: Array<{ deliveryId: string; reason: string }> = [];
  const activities: Pick<Activities, 'deliverWebhook' | 'markWebhookDeliveryFailed'> = {
    deliverWebhook: async () => {
      attemptsAt.push(await env.currentTimeMs());
      if (attemptsAt.length <= failures)
        throw ApplicationFailure.create({ message: 'The receiver answered HTTP 500.', type: 'WEBHOOK_NOT_DELIVERED' });
      return 'DELIVERED';
    },
    markWebhookDeliveryFailed: async (deliveryId, reason) => {
      markedFailed.push({ deliveryId, reason });
    },
  };
  return { attemptsAt, markedFailed, activities };
}

async function deliver(receiver: ReturnType<typeof fakeReceiver>, taskQueue: string): Promise<void> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    activities: receiver.activities,
  });
  await worker.runUntil(
    env.client.workflow.execute(webhookDeliveryWorkflow, {
      workflowId: `delivery-${taskQueue}`,
      taskQueue,
      args: [{ deliveryId: `dlv-${taskQueue}`, initialRetryInterval: '10 seconds' }],
    }),
  );
}

test('retries back off exponentially, at most an hour apart, and the delivery is marked failed after 24 hours', async () => {
  const receiver = fakeReceiver(Infinity);
  await deliver(receiver, 'webhook-never');
  const gaps = receiver.attemptsAt.slice(1).map((at, index) => at - receiver.attemptsAt[index]!);
  // 10 s, 20 s, 40 s, ...: the test server skips each backoff exactly, and the gap adds the
  // attempt's own real time, which a busy machine stretches past half a second
  const backoffs = [10_000, 20_000, 40_000, 80_000];
  gaps.slice(0, 4).forEach((gap, index) => {
    expect(gap).toBeGreaterThanOrEqual(backoffs[index]! - 500);
    expect(gap).toBeLessThan(backoffs[index]! + 2_000);
  });
  expect(Math.max(...gaps)).toBeLessThanOrEqual(HOUR_MS + 1000);
  expect(gaps.at(-2)).toBeGreaterThanOrEqual(HOUR_MS - 1000);
  const span = receiver.attemptsAt.at(-1)! - receiver.attemptsAt[0]!;
  expect(span).toBeLessThanOrEqual(24 * HOUR_MS);
  expect(span).toBeGreaterThan(22 * HOUR_MS);
  expect(receiver.markedFailed).toEqual([{ deliveryId: 'dlv-webhook-never', reason: expect.any(String) }]);
});

test('a receiver that recovers gets the delivery, and nothing is marked failed', async () => {
  const receiver = fakeReceiver(2);
  await deliver(receiver, 'webhook-recovers');
  expect(receiver.attemptsAt).toHaveLength(3);
  expect(receiver.markedFailed).toEqual([]);
});
