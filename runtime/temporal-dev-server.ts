// The Temporal CLI's dev server, as planrrr runs it for `npm start` and the tests: one
// process, SQLite persistence, the Web UI, and planrrr's search attributes registered.
import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import Long from 'long';
import { DEFAULT_NAMESPACE, NAMESPACE_RETENTION_DAYS } from '../temporal-config';
import { searchAttributeCliFlags } from '../temporal-config/search-attributes';
import { stopChild } from './processes';
import { dynamicConfigCliFlags } from './temporal-dynamic-config';

export interface DevServerOptions {
  binary: string;
  ip?: string;
  port: number;
  /** the Web UI's port; without it the server runs headless */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; in memory without it */
  dbFile?: string;
  namespace?: string;
  log: (line: string) => void;
}

/** The dev server could not bind one of its ports: another process took it first. */
export class DevServerPortTakenError extends Error {}

export interface RunningDevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * SQLite's write-ahead log, synced at checkpoints rather than at every commit: every post's
 * timer, task and state change is a write, and bursts of them otherwise queue behind
 * fsyncs. A crash of the process loses nothing; a power cut may lose the last moments.
 */
const SQLITE_PRAGMA_FLAGS = ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'];

export function devServerArgs(options: DevServerOptions): string[] {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  return [
    'server',
    'start-dev',
    '--ip',
    options.ip ?? '127.0.0.1',
    '--port',
    String(options.port),
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.dbFile ? ['--db-filename', options.dbFile, ...SQLITE_PRAGMA_FLAGS] : []),
    ...(namespace === DEFAULT_NAMESPACE ? [] : ['--namespace', namespace]),
    ...searchAttributeCliFlags(),
    ...dynamicConfigCliFlags(),
    // warnings are mostly its own start-up and shutdown chatter
    '--log-level',
    'error',
  ];
}

/** Waits until the frontend answers gRPC, then sets planrrr's namespace retention. */
async function waitUntilServing(
  address: string,
  namespace: string,
  child: ChildProcess,
  timeoutMs: number,
  portTaken: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      if (portTaken()) throw new DevServerPortTakenError(`Temporal dev server at ${address}: a port it needs is in use`);
      throw new Error(`Temporal dev server exited with code ${child.exitCode ?? child.signalCode}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await connection.workflowService.updateNamespace({
          namespace,
          config: { workflowExecutionRetentionTtl: { seconds: Long.fromNumber(NAMESPACE_RETENTION_DAYS * 24 * 60 * 60) } },
        });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`Temporal dev server at ${address} did not start within ${timeoutMs} ms: ${String(error)}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const child = spawn(options.binary, devServerArgs(options), { stdio: ['ignore', 'pipe', 'pipe'] });
  let portTaken = false;
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      if (line.includes('address already in use')) portTaken = true;
      options.log(`temporal: ${line}`);
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const address = `${options.ip ?? '127.0.0.1'}:${options.port}`;
  try {
    await waitUntilServing(address, options.namespace ?? DEFAULT_NAMESPACE, child, 60_000, () => portTaken);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    process: child,
    stop: () => stopChild(child),
  };
}
