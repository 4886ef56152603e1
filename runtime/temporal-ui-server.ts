// The Temporal Web UI for the real server, which (unlike the CLI's dev server) has none of its
// own: Temporal's ui-server, whose Go module embeds the UI's built assets, built once into
// .tools/ (runtime/go-tools.ts) and run against the cluster's frontend with
// temporal-config/cluster/ui/planrrr.yaml.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { findOrBuildGoTool } from './go-tools';
import { PROJECT_ROOT } from './paths';
import { stopChild } from './processes';
import { isExecutable } from './temporal-binaries';

/**
 * NOTE: the newest release whose dependencies the Go module proxy served when it was chosen:
 * 2.58.x needs go.temporal.io/api v1.64.0, which proxy.golang.org answered 403 for.
 */
export const TEMPORAL_UI_SERVER_VERSION = '2.56.4';
const ENV_VAR = 'TEMPORAL_UI_SERVER_PATH';
const CONFIG_DIR = path.join('temporal-config', 'cluster', 'ui');
const START_TIMEOUT_MS = 30_000;

export interface RunningTemporalUi {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function resolveUiServer(log: (line: string) => void): Promise<string> {
  const named = process.env[ENV_VAR];
  if (named) {
    if (await isExecutable(named)) return named;
    throw new Error(`${ENV_VAR}=${named} is not an executable file`);
  }
  const built = await findOrBuildGoTool(
    {
      title: `the Temporal Web UI server v${TEMPORAL_UI_SERVER_VERSION}`,
      dir: path.join(PROJECT_ROOT, '.tools', `temporal-ui-server-v${TEMPORAL_UI_SERVER_VERSION}`),
      packages: [{ path: `github.com/temporalio/ui-server/v2/cmd/server@v${TEMPORAL_UI_SERVER_VERSION}`, binary: 'ui-server' }],
      buildTime: 'about 4 minutes',
      envVars: [ENV_VAR],
    },
    log,
  );
  return built['ui-server']!;
}

export async function startTemporalUi(options: {
  temporalAddress: string;
  port: number;
  log: (line: string) => void;
}): Promise<RunningTemporalUi> {
  const binary = await resolveUiServer(options.log);
  const child = spawn(binary, ['--root', PROJECT_ROOT, '--config', CONFIG_DIR, '--env', 'planrrr', 'start'], {
    env: { ...process.env, PLANRRR_TEMPORAL_ADDRESS: options.temporalAddress, PLANRRR_TEMPORAL_UI_PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://localhost:${options.port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`The Temporal Web UI server exited with code ${child.exitCode}:\n${output.slice(-10).join('\n')}`);
    const healthy = await fetch(`http://127.0.0.1:${options.port}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`The Temporal Web UI server did not answer on port ${options.port} within ${START_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // its log is config loading and a banner: nothing an operator of planrrr needs
  child.stdout.removeListener('data', collect);
  child.stderr.removeListener('data', collect);
  child.stdout.resume();
  child.stderr.resume();
  return { url, process: child, stop: () => stopChild(child) };
}
