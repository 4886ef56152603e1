// What `npm start` and the image run, built once: the server and the worker compiled to
// JavaScript (esbuild, one file each, dependencies left to node_modules), the workflow
// bundle, and the web app. `npm start` builds what is missing or older than the code it is
// built from; `npm run build` builds everything.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { build as esbuild } from 'esbuild';
import { tracedWorkflowBundlePath } from '../lib/tracing';
import { writeWorkflowBundle } from './build-workflow-bundle';
import { PROJECT_ROOT } from './paths';
import { runCommand } from './run-command';

const BUILD_DIR = path.join(PROJECT_ROOT, 'build');

/**
 * Each compiled script and the entry point it is built from.
 * NOTE: the compiled files sit directly in build/, one folder below the project as their
 * sources are, so code that finds files from its own folder (web/handler.ts finds
 * ../build/web) finds them from the compiled file too.
 */
export const COMPILED_ENTRY_POINTS = { 'build/server.js': 'api/main.ts', 'build/worker.js': 'worker/main.ts' } as const;
export const SERVER_SCRIPT = path.join(PROJECT_ROOT, 'build/server.js');
export const WORKER_SCRIPT = path.join(PROJECT_ROOT, 'build/worker.js');
export const WORKFLOW_BUNDLE = path.join(BUILD_DIR, 'workflow-bundle.js');
const WEB_SERVER_BUILD = path.join(BUILD_DIR, 'web', 'server', 'index.js');

/** What the server, the worker and the web app are built from (the web app reaches the API's code through its loaders). */
const APP_SOURCES = [
  'activities',
  'api',
  'domain',
  'lib',
  'mcp',
  'platforms',
  'prisma/generated',
  'sdk',
  'temporal-config',
  'web',
  'worker',
  'workflows',
  'package-lock.json',
  'tsconfig.json',
];

interface BuildTarget {
  name: string;
  /** the file whose age tells whether the target is current */
  output: string;
  sources: readonly string[];
  build(): Promise<void>;
}

async function compile(script: keyof typeof COMPILED_ENTRY_POINTS): Promise<void> {
  await esbuild({
    entryPoints: [path.join(PROJECT_ROOT, COMPILED_ENTRY_POINTS[script])],
    outfile: path.join(PROJECT_ROOT, script),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // node_modules stay where they are: the Temporal SDK, Prisma's runtime and React Router load files of their own
    packages: 'external',
    // class and function names as written, for error names and logs; not minified, so a stack trace reads as the source
    keepNames: true,
    logLevel: 'warning',
    logOverride: {
      // the compiled worker loads the prebuilt workflow bundle (WORKFLOW_BUNDLE_PATH), never workflows/ itself
      'require-resolve-not-external': 'silent',
    },
  });
}

const BUILD_TARGETS: readonly BuildTarget[] = [
  { name: 'server', output: SERVER_SCRIPT, sources: APP_SOURCES, build: () => compile('build/server.js') },
  { name: 'worker', output: WORKER_SCRIPT, sources: APP_SOURCES, build: () => compile('build/worker.js') },
  {
    name: 'workflow bundle',
    // the traced twin is written last: the pair is current when it is
    output: tracedWorkflowBundlePath(WORKFLOW_BUNDLE),
    sources: ['workflows', 'domain', 'platforms', 'temporal-config', 'package-lock.json'],
    // webpack's module report only on a problem
    build: () => writeWorkflowBundle(WORKFLOW_BUNDLE, new DefaultLogger('WARN')).then(() => undefined),
  },
  {
    name: 'web app',
    output: WEB_SERVER_BUILD,
    sources: [...APP_SOURCES, 'vite.config.ts', 'react-router.config.ts'],
    build: () => runCommand('npm', ['run', '--silent', 'build:web']).then(() => undefined),
  },
];

/** The newest modification time under `entries` (files or folders, tests left out), in ms. */
async function newestModification(entries: readonly string[]): Promise<number> {
  let newest = 0;
  const visit = async (entry: string): Promise<void> => {
    const info = await stat(entry).catch(() => undefined);
    if (!info) return;
    if (!info.isDirectory()) {
      if (!/\.test\.tsx?$/.test(entry)) newest = Math.max(newest, info.mtimeMs);
      return;
    }
    await Promise.all((await readdir(entry)).map((name) => visit(path.join(entry, name))));
  };
  await Promise.all(entries.map((entry) => visit(path.join(PROJECT_ROOT, entry))));
  return newest;
}

async function isCurrent(target: BuildTarget): Promise<boolean> {
  const built = await stat(target.output).catch(() => undefined);
  return built !== undefined && built.mtimeMs >= (await newestModification(target.sources));
}

/** Builds each target that is missing or older than its sources (all of them with `force`), saying what it builds. */
export async function buildStale(log: (line: string) => void, { force = false } = {}): Promise<void> {
  const stale = [];
  for (const target of BUILD_TARGETS) if (force || !(await isCurrent(target))) stale.push(target);
  if (stale.length === 0) {
    log('The build is current.');
    return;
  }
  for (const target of stale) {
    const started = Date.now();
    log(`Building the ${target.name} ...`);
    await target.build();
    log(`Built the ${target.name} in ${((Date.now() - started) / 1000).toFixed(1)} s (${path.relative(PROJECT_ROOT, target.output)}).`);
  }
}

if (require.main === module) {
  buildStale((line) => console.log(line), { force: !process.argv.includes('--stale') }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
