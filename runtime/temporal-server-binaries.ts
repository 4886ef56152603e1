// Finds the real Temporal server and its schema tool, building them from source into
// .tools/ when the machine has neither. Temporal publishes the server as Go source (and
// Docker images), not as a binary to download, so the one-time build needs Go. Order: the
// env vars naming built binaries, .tools/, then `go install`.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';
import { isExecutable } from './temporal-binaries';

/** The server docker-compose.yml runs too (tests/deployment checks they agree). */
export const TEMPORAL_SERVER_VERSION = '1.32.2';
const SERVER_MODULE = 'go.temporal.io/server';
/** v1.32.2's go.mod asks for Go >= 1.26.10; any `go` since 1.21 fetches this toolchain itself. */
const GO_TOOLCHAIN = 'go1.27.3';
const PROGRESS_EVERY_MS = 30_000;

export const TEMPORAL_SERVER_TOOLS_DIR = path.join(PROJECT_ROOT, '.tools', `temporal-server-v${TEMPORAL_SERVER_VERSION}`);

export interface TemporalServerBinaries {
  server: string;
  /** temporal-sql-tool: creates and upgrades the server's schemas (embedded in it) */
  sqlTool: string;
}

async function fromEnv(): Promise<TemporalServerBinaries | undefined> {
  const server = process.env.TEMPORAL_SERVER_PATH;
  const sqlTool = process.env.TEMPORAL_SQL_TOOL_PATH;
  if (!server && !sqlTool) return undefined;
  if (!server || !sqlTool)
    throw new Error('Set both TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH (the server and its temporal-sql-tool), or neither');
  for (const [name, file] of [
    ['TEMPORAL_SERVER_PATH', server],
    ['TEMPORAL_SQL_TOOL_PATH', sqlTool],
  ]) {
    if (!(await isExecutable(file!))) throw new Error(`${name}=${file} is not an executable file`);
  }
  return { server, sqlTool };
}

export async function resolveTemporalServerBinaries(log: (line: string) => void): Promise<TemporalServerBinaries> {
  const named = await fromEnv();
  if (named) return named;
  const inTools = {
    server: path.join(TEMPORAL_SERVER_TOOLS_DIR, 'server'),
    sqlTool: path.join(TEMPORAL_SERVER_TOOLS_DIR, 'temporal-sql-tool'),
  };
  if ((await isExecutable(inTools.server)) && (await isExecutable(inTools.sqlTool))) return inTools;
  await buildTemporalServer(log);
  return inTools;
}

function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/**
 * `go install` of the server and the schema tool, into a folder of this build's own that is
 * moved into place when both are built: a build cut short leaves nothing that looks finished,
 * and two builds at once (parallel test runs) do not write into each other's files.
 */
async function buildTemporalServer(log: (line: string) => void): Promise<void> {
  const relativeDir = path.relative(PROJECT_ROOT, TEMPORAL_SERVER_TOOLS_DIR);
  log(
    `Building the Temporal server v${TEMPORAL_SERVER_VERSION} and its schema tool from source into ${relativeDir}/ (once; ` +
      'about 12 minutes on 2 cores, a minute with a warm Go build cache). Temporal publishes its server as Go source and ' +
      'Docker images only; set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH to use binaries built elsewhere.',
  );
  await mkdir(path.dirname(TEMPORAL_SERVER_TOOLS_DIR), { recursive: true });
  const staging = await mkdtemp(`${TEMPORAL_SERVER_TOOLS_DIR}.building-`);
  // mkdtemp makes it private; the tools are for every user of the checkout
  await chmod(staging, 0o755);
  const started = Date.now();
  let compiled = 0;
  let latest = '';
  const output: string[] = [];
  const progress = setInterval(() => {
    log(
      `Still building the Temporal server: ${formatElapsed(Date.now() - started)}, ${compiled} packages compiled${latest ? ` (latest: ${latest})` : ''}`,
    );
  }, PROGRESS_EVERY_MS);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        'go',
        [
          'install',
          '-v',
          `${SERVER_MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
          `${SERVER_MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
        ],
        { cwd: staging, env: { ...process.env, GOTOOLCHAIN: GO_TOOLCHAIN, GOBIN: staging }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const collect = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          output.push(line);
          // `-v` names each package as it is compiled; other lines are downloads and errors
          if (line.startsWith('go:')) continue;
          compiled += 1;
          latest = line;
        }
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'ENOENT'
            ? new Error(
                `Building the Temporal server needs Go 1.21 or newer (it fetches ${GO_TOOLCHAIN} itself), and \`go\` is not on PATH. ` +
                  'Install Go from https://go.dev/dl/ (or your package manager, if it has 1.21 or newer), or set TEMPORAL_SERVER_PATH ' +
                  'and TEMPORAL_SQL_TOOL_PATH to a built server and temporal-sql-tool.',
              )
            : error,
        ),
      );
      child.on('close', (code) => {
        if (code === 0) return resolve();
        reject(
          new Error(
            `Building the Temporal server failed (go install exited with ${code}). Go 1.21 or newer is needed, with access to ` +
              `the Go module proxy (GOPROXY) to fetch ${GO_TOOLCHAIN} and the server's modules. Its last output:\n${output.slice(-30).join('\n')}`,
          ),
        );
      });
    });
    // the schema tool's package is `sql`; Temporal's images and docs call it temporal-sql-tool
    await rename(path.join(staging, 'sql'), path.join(staging, 'temporal-sql-tool'));
    await rm(TEMPORAL_SERVER_TOOLS_DIR, { recursive: true, force: true });
    await rename(staging, TEMPORAL_SERVER_TOOLS_DIR);
    log(`Built the Temporal server in ${formatElapsed(Date.now() - started)}.`);
  } finally {
    clearInterval(progress);
    await rm(staging, { recursive: true, force: true });
  }
}
