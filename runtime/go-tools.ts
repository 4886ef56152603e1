// Tools published as Go source only (the Temporal server, its Web UI server), built once
// with `go install` into a folder of .tools/ of their own and found there afterwards.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { constants, setPriority } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';
import { isExecutable } from './temporal-binaries';

/** The modules' go.mod files ask for Go >= 1.26.10; any `go` since 1.21 fetches this toolchain itself. */
const GO_TOOLCHAIN = 'go1.27.3';
const PROGRESS_EVERY_MS = 30_000;
/** How many times a build that failed on the network is tried in all. */
const NETWORK_ATTEMPTS = 4;
/** What `go` prints when the module proxy could not be reached, as opposed to a compile error. */
const NETWORK_FAILURE =
  /TLS handshake timeout|i\/o timeout|connection reset by peer|connection refused|unexpected EOF|no such host|dial tcp|502 Bad Gateway|503 Service Unavailable|504 Gateway Timeout/;

export interface GoTool {
  /** for messages: "the Temporal server" */
  title: string;
  /** the folder under .tools/ it is built into, named with its version */
  dir: string;
  /** `go install` arguments (`module/cmd/x@version`) and the name each binary gets in `dir` */
  packages: Array<{ path: string; binary: string }>;
  /** how long a build from a cold cache takes, for the message before it starts */
  buildTime: string;
  /** the variables naming binaries built elsewhere, for the messages */
  envVars: string[];
}

export interface GoBuildOptions {
  /** build at the lowest CPU priority, in the gaps other work leaves (`npm test` builds beside its tests) */
  lowPriority?: boolean;
}

/** The tool's binaries by name, built first if any is missing. */
export async function findOrBuildGoTool(
  tool: GoTool,
  log: (line: string) => void,
  options: GoBuildOptions = {},
): Promise<Record<string, string>> {
  const binaries = Object.fromEntries(tool.packages.map(({ binary }) => [binary, path.join(tool.dir, binary)]));
  const built = await Promise.all(Object.values(binaries).map(isExecutable));
  if (!built.every(Boolean)) await buildGoTool(tool, log, options);
  return binaries;
}

function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/**
 * `go install` into a folder of this build's own, moved into place once every binary is
 * built: a build cut short leaves nothing that looks finished, and two builds at once
 * (parallel test runs) do not write into each other's files.
 */
async function buildGoTool(tool: GoTool, log: (line: string) => void, options: GoBuildOptions): Promise<void> {
  log(
    `Building ${tool.title} from source into ${path.relative(PROJECT_ROOT, tool.dir)}/ (once; ${tool.buildTime} on 2 cores from a cold ` +
      `Go build cache, about a minute with a warm one). It is published as Go source and Docker images only; set ${tool.envVars.join(' and ')} ` +
      'to use binaries built elsewhere.',
  );
  await mkdir(path.dirname(tool.dir), { recursive: true });
  const staging = await mkdtemp(`${tool.dir}.building-`);
  // mkdtemp makes it private; the tools are for every user of the checkout
  await chmod(staging, 0o755);
  const started = Date.now();
  let compiled = 0;
  let latest = '';
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line);
      // `-v` names each package as it is compiled; other lines are downloads and errors
      if (line.startsWith('go:') || line.startsWith('\t') || line.includes(' ')) continue;
      compiled += 1;
      latest = line;
    }
  };
  const progress = setInterval(() => {
    log(
      `Still building ${tool.title}: ${formatElapsed(Date.now() - started)}, ${compiled} packages compiled${latest ? ` (latest: ${latest})` : ''}`,
    );
  }, PROGRESS_EVERY_MS);
  try {
    for (let attempt = 1; ; attempt += 1) {
      const code = await runGoInstall(tool, staging, options, collect);
      if (code === 0) break;
      const lastOutput = output.slice(-30).join('\n');
      if (attempt < NETWORK_ATTEMPTS && NETWORK_FAILURE.test(lastOutput)) {
        // the module proxy is reached over the internet; what was downloaded stays in Go's cache
        log(
          `${tool.title}: the Go module proxy did not answer (attempt ${attempt} of ${NETWORK_ATTEMPTS}); trying again in ${attempt * 10} s.`,
        );
        output.length = 0;
        await new Promise((resolve) => setTimeout(resolve, attempt * 10_000));
        continue;
      }
      throw new Error(
        `Building ${tool.title} failed (go install exited with ${code}). It needs Go 1.21 or newer and the Go module proxy ` +
          `(GOPROXY) to fetch ${GO_TOOLCHAIN} and the modules. Its last output:\n${lastOutput}`,
      );
    }
    for (const { path: packagePath, binary } of tool.packages) {
      const builtName = packagePath.split('@')[0]!.split('/').at(-1)!;
      if (builtName !== binary) await rename(path.join(staging, builtName), path.join(staging, binary));
    }
    await rm(tool.dir, { recursive: true, force: true });
    await rename(staging, tool.dir);
    log(`Built ${tool.title} in ${formatElapsed(Date.now() - started)}.`);
  } finally {
    clearInterval(progress);
    await rm(staging, { recursive: true, force: true });
  }
}

/** One `go install` of the tool's packages into `staging`; resolves with its exit code. */
function runGoInstall(tool: GoTool, staging: string, options: GoBuildOptions, collect: (chunk: Buffer) => void): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', ['install', '-v', ...tool.packages.map((each) => each.path)], {
      cwd: staging,
      env: { ...process.env, GOTOOLCHAIN: GO_TOOLCHAIN, GOBIN: staging },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // set before go starts its compilers, which inherit it
    if (options.lowPriority && child.pid) setPriority(child.pid, constants.priority.PRIORITY_LOW);
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `Building ${tool.title} needs Go 1.21 or newer (it fetches ${GO_TOOLCHAIN} itself), and \`go\` is not on PATH. ` +
                `Install Go from https://go.dev/dl/ (or your package manager, if it has 1.21 or newer), or set ${tool.envVars.join(' and ')} ` +
                'to binaries built elsewhere.',
            )
          : error,
      ),
    );
    child.on('close', resolve);
  });
}
