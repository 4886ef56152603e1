// `npm run build:workflows`: bundles the workflow code once, so production workers start
// without bundling (set WORKFLOW_BUNDLE_PATH to the file written here). Beside it goes a traced
// twin with Temporal's tracing interceptors, which workers load when they trace (lib/tracing.ts).
// The tests' global setup writes the pair once per run the same way, for every worker process
// the tests start.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import { tracedWorkflowBundlePath, WORKFLOW_TRACING_INTERCEPTORS } from '../lib/tracing';
import { PROJECT_ROOT } from './paths';

const OUTPUT = path.join(PROJECT_ROOT, 'build', 'workflow-bundle.js');

/**
 * Bundles workflows/ into `output` and its traced twin (webpack's report goes to `logger`);
 * returns the untraced bundle's size in bytes.
 */
export async function writeWorkflowBundle(output: string, logger?: Logger): Promise<number> {
  await mkdir(path.dirname(output), { recursive: true });
  let size = 0;
  // one after the other (webpack holds a whole build in memory), the traced twin last: runtime/build.ts judges the pair by it
  for (const [file, interceptors] of [
    [output, []],
    [tracedWorkflowBundlePath(output), [WORKFLOW_TRACING_INTERCEPTORS]],
  ] as const) {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      workflowInterceptorModules: [...interceptors],
      logger,
    });
    await writeFile(file, code);
    size ||= code.length;
  }
  return size;
}

async function main(): Promise<void> {
  const size = await writeWorkflowBundle(OUTPUT);
  console.log(
    `Wrote ${path.relative(PROJECT_ROOT, OUTPUT)} (${(size / 1024).toFixed(0)} KiB) and ${path.relative(PROJECT_ROOT, tracedWorkflowBundlePath(OUTPUT))}`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
