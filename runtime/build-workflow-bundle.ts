// `npm run build:workflows`: bundles the workflow code once, so production workers start
// without bundling (set WORKFLOW_BUNDLE_PATH to the file written here). The bundle carries the
// tracing interceptors (lib/tracing.ts), traced or not. The tests' global
// setup writes one bundle per run the same way, for every worker process the tests start.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import { WORKFLOW_TRACING_INTERCEPTORS } from '../lib/tracing';
import { PROJECT_ROOT } from './paths';

const OUTPUT = path.join(PROJECT_ROOT, 'build', 'workflow-bundle.js');

/** Bundles workflows/ into `output` (webpack's report goes to `logger`); returns the bundle's size in bytes. */
export async function writeWorkflowBundle(output: string, logger?: Logger): Promise<number> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    workflowInterceptorModules: [WORKFLOW_TRACING_INTERCEPTORS],
    logger,
  });
  await mkdir(path.dirname(output), { recursive: true });
  await writeFile(output, code);
  return code.length;
}

async function main(): Promise<void> {
  const size = await writeWorkflowBundle(OUTPUT);
  console.log(`Wrote ${path.relative(PROJECT_ROOT, OUTPUT)} (${(size / 1024).toFixed(0)} KiB)`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
