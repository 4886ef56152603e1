// The cluster project's set-up, once per run (jest.config.js): the built web app every API
// server serves, the workflow bundle every worker loads, and the Temporal server's binaries,
// so that a first run's build of the server (minutes, with its progress) happens here and not
// within a test file's time limit. Each file then starts a cluster of its own
// (tests/support/cluster.ts).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { writeWorkflowBundle } from '../../runtime/build-workflow-bundle';
import { runCommand } from '../../runtime/run-command';
import { resolveTemporalServerBinaries } from '../../runtime/temporal-server-binaries';

declare global {
  var planrrrClusterTestDir: string | undefined;
}

export default async function clusterGlobalSetup(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'planrrr-cluster-tests-'));
  globalThis.planrrrClusterTestDir = dir;
  const workflowBundle = path.join(dir, 'workflow-bundle.js');
  const log = (line: string) => process.stderr.write(`[cluster tests] ${line}\n`);
  await Promise.all([
    process.env.TEST_SKIP_WEB_BUILD ? undefined : runCommand('npm', ['run', '--silent', 'build:web']),
    writeWorkflowBundle(workflowBundle, new DefaultLogger('WARN')),
    resolveTemporalServerBinaries(log),
  ]);
  // test files run in processes forked after this, so they inherit it
  process.env.WORKFLOW_BUNDLE_PATH = workflowBundle;
}
