// `npm run build:workflows`: bundles the workflow code once, so production workers start
// without bundling (set WORKFLOW_BUNDLE_PATH to the file written here).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PROJECT_ROOT } from './paths';

const OUTPUT = path.join(PROJECT_ROOT, 'build', 'workflow-bundle.js');

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows') });
  await mkdir(path.dirname(OUTPUT), { recursive: true });
  await writeFile(OUTPUT, code);
  console.log(`Wrote ${path.relative(PROJECT_ROOT, OUTPUT)} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
