// Temporal's time-skipping test server for the workflow tests (tests/workflows/), from the
// binary the project resolves (the SDK downloads one when there is none).
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { resolveTemporalBinary, TEMPORAL_TEST_SERVER } from '../../runtime/temporal-binaries';

export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const path = await resolveTemporalBinary(TEMPORAL_TEST_SERVER);
  return TestWorkflowEnvironment.createTimeSkipping(path ? { server: { executable: { type: 'existing-path', path } } } : {});
}

/** Keeps the SDK's warnings about a test's scripted failures out of the output. */
export function quietTemporalLogs(): void {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
}
