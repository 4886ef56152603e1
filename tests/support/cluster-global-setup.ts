// The cluster project's set-up, once per run (jest.config.js): an embedded PostgreSQL that
// every file's cluster keeps its databases on, the built web app every API server serves,
// the workflow bundle every worker loads, and the Temporal server's binaries, so that a first
// run's build of the server (minutes, with its progress) happens here and not within a test
// file's time limit. Each file then starts a cluster of its own (tests/support/cluster.ts).
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { writeWorkflowBundle } from '../../runtime/build-workflow-bundle';
import type { RunningPostgres } from '../../runtime/postgres';
import { runCommand } from '../../runtime/run-command';
import { startPostgres } from '../../runtime/stack';
import { resolveTemporalServerBinaries } from '../../runtime/temporal-server-binaries';

declare global {
  var planrrrClusterTests: { dir: string; postgres: RunningPostgres } | undefined;
}

export default async function clusterGlobalSetup(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'planrrr-cluster-tests-'));
  // run as root, PostgreSQL runs as the `postgres` user, who must be able to enter this folder
  await chmod(dir, 0o755);
  const log = (line: string) => process.stderr.write(`[cluster tests] ${line}\n`);
  const workflowBundle = path.join(dir, 'workflow-bundle.js');
  const [postgres] = await Promise.all([
    startPostgres({ embeddedPostgres: { dataDir: path.join(dir, 'postgres'), port: 'free', database: 'planrrr_cluster_tests' }, log }),
    process.env.TEST_SKIP_WEB_BUILD ? undefined : runCommand('npm', ['run', '--silent', 'build:web']),
    writeWorkflowBundle(workflowBundle, new DefaultLogger('WARN')),
    resolveTemporalServerBinaries(log),
  ]);
  globalThis.planrrrClusterTests = { dir, postgres };
  // test files run in processes forked after this, so they inherit these
  process.env.DATABASE_URL = postgres.url;
  process.env.WORKFLOW_BUNDLE_PATH = workflowBundle;
}
