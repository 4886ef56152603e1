// The metrics workflow on Temporal's time-skipping test server: it samples at each offset
// after publication, in order, takes offsets already past at once (the latest of them
// only), ends early when the post is gone, and a sample retried after it was stored is
// stored once. The activities are fakes; the real ones run in tests/integration/post-metrics.test.ts.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { CollectPostMetricsInput, CollectPostMetricsOutcome, createActivities } from '../../activities';
import { durationMs, METRICS_SAMPLE_OFFSETS, type MetricsEndReason } from '../../domain/post-metrics';
import { publishTaskQueue } from '../../temporal-config';
import { postMetricsWorkflow } from '../../workflows/post-metrics-workflow';
import { quietTemporalLogs, startTimeSkippingServer } from '../support/time-skipping';

jest.setTimeout(180_000);
quietTemporalLogs();

type Activities = Pick<ReturnType<typeof createActivities>, 'collectPostMetrics' | 'endPostMetrics'>;
const OFFSETS_MS = METRICS_SAMPLE_OFFSETS.map((offset) => durationMs(offset)!);

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingServer();
});

afterAll(async () => {
  await env?.teardown();
});

interface FakeCollection {
  /** every attempt, with the time it ran at */
  calls: Array<CollectPostMetricsInput & { at: number; attempt: number }>;
  /** stored samples by index, as the table's unique (post, account, index) keeps them */
  stored: Map<number, number>;
  ended: MetricsEndReason[];
  activities: Activities;
}

/**
 * A collection whose `outcomes` say what each sample index answers (default `sampled`);
 * `failAfterStoring` indexes fail their first attempt after the sample was stored.
 */
function fakeCollection(outcomes: Record<number, CollectPostMetricsOutcome> = {}, failAfterStoring: number[] = []): FakeCollection {
  const collection: FakeCollection = { calls: [], stored: new Map(), ended: [], activities: undefined as never };
  collection.activities = {
    async collectPostMetrics(input) {
      const { attempt } = Context.current().info;
      collection.calls.push({ ...input, at: await env.currentTimeMs(), attempt });
      const outcome = outcomes[input.sampleIndex] ?? 'sampled';
      if (outcome !== 'sampled') return outcome;
      if (!collection.stored.has(input.sampleIndex)) collection.stored.set(input.sampleIndex, attempt);
      if (failAfterStoring.includes(input.sampleIndex) && attempt === 1) {
        throw ApplicationFailure.create({ message: 'the worker lost its answer', nextRetryDelay: '1 second' });
      }
      return 'sampled';
    },
    async endPostMetrics({ reason }) {
      collection.ended.push(reason);
    },
  };
  return collection;
}

/** Runs a metrics workflow for a Mastodon target published `publishedAgoMs` ago, until it ends. */
async function runToEnd(
  name: string,
  collection: FakeCollection,
  publishedAgoMs = 0,
): Promise<{ result: MetricsEndReason; startedAt: number }> {
  const startedAt = await env.currentTimeMs();
  const main = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: name,
    workflowsPath: require.resolve('../../workflows'),
    activities: { endPostMetrics: collection.activities.endPostMetrics },
  });
  // as in production, the reads run on the platform's publish queue, under its rate budget
  const platformQueue = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: publishTaskQueue(name, 'MASTODON'),
    activities: { collectPostMetrics: collection.activities.collectPostMetrics },
  });
  const running = env.client.workflow.execute(postMetricsWorkflow, {
    workflowId: name,
    taskQueue: name,
    args: [
      {
        postId: 'post-1',
        teamId: 'team-1',
        connectionId: 'mastodon-1',
        platform: 'MASTODON',
        publishedAt: new Date(startedAt - publishedAgoMs).toISOString(),
        offsetsMs: OFFSETS_MS,
      },
    ],
  });
  const result = await main.runUntil(platformQueue.runUntil(running));
  return { result, startedAt };
}

test('samples at 1 h, 6 h, 24 h, 3 d, 7 d and 30 d after publishing, in order, then records that it completed', async () => {
  const collection = fakeCollection();
  const { result, startedAt } = await runToEnd('metrics-all-six', collection);
  expect(result).toBe('completed');
  expect(collection.calls.map((call) => call.sampleIndex)).toEqual([0, 1, 2, 3, 4, 5]);
  collection.calls.forEach((call, index) => {
    expect(call.at - startedAt).toBeGreaterThanOrEqual(OFFSETS_MS[index]!);
    expect(call.at - startedAt).toBeLessThan(OFFSETS_MS[index]! + 60_000);
    // each sample says when the next is due; the last, none
    expect(call.nextSampleAt).toBe(index < 5 ? new Date(startedAt + OFFSETS_MS[index + 1]!).toISOString() : undefined);
  });
  expect(collection.ended).toEqual(['completed']);
});

test('ends at the first sample that finds the post deleted on the platform, and records why', async () => {
  const collection = fakeCollection({ 2: 'deleted-on-platform' });
  const { result } = await runToEnd('metrics-deleted', collection);
  expect(result).toBe('deleted-on-platform');
  expect(collection.calls.map((call) => call.sampleIndex)).toEqual([0, 1, 2]);
  expect(collection.ended).toEqual(['deleted-on-platform']);
});

test('ends when the account was disconnected', async () => {
  const collection = fakeCollection({ 0: 'disconnected' });
  const { result } = await runToEnd('metrics-disconnected', collection);
  expect(result).toBe('disconnected');
  expect(collection.calls).toHaveLength(1);
  expect(collection.ended).toEqual(['disconnected']);
});

test('started 4 days after publishing, takes the latest past offset at once (only it), then the rest on time', async () => {
  const collection = fakeCollection();
  const publishedAgoMs = 4 * 24 * 3_600_000;
  const { startedAt } = await runToEnd('metrics-late-start', collection, publishedAgoMs);
  expect(collection.calls.map((call) => call.sampleIndex)).toEqual([3, 4, 5]);
  expect(collection.calls[0]!.at - startedAt).toBeLessThan(60_000);
  expect(collection.calls[1]!.at - (startedAt - publishedAgoMs)).toBeGreaterThanOrEqual(OFFSETS_MS[4]!);
});

test('a sample retried after it was stored is stored once, and the series goes on', async () => {
  const collection = fakeCollection({}, [1]);
  const { result } = await runToEnd('metrics-retried', collection);
  expect(result).toBe('completed');
  expect(collection.calls.map((call) => [call.sampleIndex, call.attempt])).toEqual([
    [0, 1],
    [1, 1],
    [1, 2],
    [2, 1],
    [3, 1],
    [4, 1],
    [5, 1],
  ]);
  expect([...collection.stored.entries()]).toEqual([0, 1, 2, 3, 4, 5].map((index) => [index, 1]));
});
