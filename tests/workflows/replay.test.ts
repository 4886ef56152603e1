// Versioning safety net: every recorded history (tests/workflows/histories/) replays
// against the current workflow code. Posts sleep for weeks, so a change that cannot
// replay their histories would break them in production. See
// docs/decisions/003-workflow-versioning.md.
import { Worker, type ReplayResult } from '@temporalio/worker';
import { WORKFLOW_TRACING_INTERCEPTORS } from '../../lib/tracing';
import { recordedHistories } from './history-files';
import { quietTemporalLogs } from '../support/time-skipping';

jest.setTimeout(120_000);
quietTemporalLogs();

/**
 * Replays as workers run the workflows: untraced, and traced with Temporal's tracing interceptors
 * (lib/tracing.ts). Both must hold for every history, since a post may start on a worker that
 * traces and wake on one that does not, or the other way round.
 */
async function replayAll(workflowsPath: string, traced: boolean): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const options = {
    workflowsPath,
    ...(traced && {
      interceptors: { workflowModules: [WORKFLOW_TRACING_INTERCEPTORS] },
      sinks: { exporter: { export: { fn: () => undefined } } },
    }),
  };
  for await (const result of Worker.runReplayHistories(options, recordedHistories())) results.push(result);
  return results;
}

test('the recorded histories cover every way a post ends', () => {
  const finalStatuses = recordedHistories().map(({ history }) => {
    const completed = history.events.at(-1)?.workflowExecutionCompletedEventAttributes;
    const payload = completed?.result?.payloads?.[0]?.data;
    return payload ? (JSON.parse(Buffer.from(payload).toString('utf8')) as { status: string }).status : 'not completed';
  });
  expect(new Set(finalStatuses)).toEqual(new Set(['PUBLISHED', 'PARTIALLY_PUBLISHED', 'FAILED', 'CANCELLED']));
});

test.each([
  ['untraced', false],
  ['traced', true],
])('every recorded history replays against the current workflow code, %s', async (_, traced) => {
  const results = await replayAll(require.resolve('../../workflows'), traced);
  const failures = results.filter((result) => result.error).map((result) => `${result.workflowId}: ${result.error?.message}`);
  expect(failures).toEqual([]);
  expect(results.length).toBe(recordedHistories().length);
});

test('a run an older worker began with rowWritten in its input, saving its first state anyway, still replays', async () => {
  const { history } = recordedHistories().find(({ workflowId }) => workflowId.startsWith('a-post-scheduled-a-year-ahead'))!;
  const input = history.events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  input.data = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(input.data!).toString('utf8')), rowWritten: true }));
  await expect(Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, history)).resolves.toBeUndefined();
});

test('an incompatible change to the workflow is caught by replay', async () => {
  const results = await replayAll(require.resolve('./fixtures/incompatible-workflows'), false);
  expect(results.length).toBeGreaterThan(0);
  for (const result of results) expect(result.error?.name).toMatch(/DeterminismViolationError|ReplayError/);
});
