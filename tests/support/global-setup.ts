// Integration tests run against the real stack: a Temporal dev server and PostgreSQL
// (embedded, in a fresh folder), started once for the whole run, the same way `npm start`
// starts them, and the workflow bundle every worker process of the run loads (bundling
// takes seconds; each worker would otherwise bundle the same code again). Tests read the
// addresses and the bundle's path from the environment. An SMTP server on loopback takes the
// email of every file that does not read its own (tests/support/smtp-server.ts).
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { writeWorkflowBundle } from '../../runtime/build-workflow-bundle';
import { runCommand } from '../../runtime/run-command';
import { startStack, type Stack } from '../../runtime/stack';
import { TestSmtpServer } from './smtp-server';

declare global {
  var planrrrTestStack: { stack: Stack; dataDir: string; smtp: TestSmtpServer } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'planrrr-test-'));
  // Run as root, PostgreSQL runs as the `postgres` user, who must be able to enter this folder.
  await chmod(dataDir, 0o755);
  const log = (line: string) => process.stderr.write(`[test stack] ${line}\n`);
  // The browser tests serve the built web app: build it while the stack starts (unless the
  // run has no browser test: npm test's fault lanes set TEST_SKIP_WEB_BUILD).
  const webBuild = process.env.TEST_SKIP_WEB_BUILD ? Promise.resolve() : runCommand('npm', ['run', '--silent', 'build:web']);
  const workflowBundle = path.join(dataDir, 'workflow-bundle.js');
  const bundled = writeWorkflowBundle(workflowBundle, new DefaultLogger('WARN'));
  const stack = await startStack({
    databaseUrl: process.env.TEST_DATABASE_URL,
    embeddedPostgres: { dataDir: path.join(dataDir, 'postgres'), port: 'free', database: 'planrrr_test' },
    temporalAddress: process.env.TEST_TEMPORAL_ADDRESS,
    devServer: { port: 'free' },
    log,
  });
  const smtp = new TestSmtpServer();
  await smtp.start();
  globalThis.planrrrTestStack = { stack, dataDir, smtp };
  await Promise.all([webBuild, bundled]).catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  // Test workers are forked after this, so they inherit these.
  process.env.DATABASE_URL = stack.databaseUrl;
  process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
  process.env.WORKFLOW_BUNDLE_PATH = workflowBundle;
  process.env.SMTP_URL = smtp.url;
}
