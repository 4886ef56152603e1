// Child processes of `npm start` and the tests: planrrr's worker and server run as real
// processes, their logs forwarded line by line or written straight out. A child says it is ready over Node's IPC
// channel (see lib/readiness.ts), whatever its log level.
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from './paths';
import { READY_MESSAGE } from '../lib/readiness';

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** resolves once the process reports it is ready */
  ready(timeoutMs: number): Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

/** Where a child's output goes: line by line to a function, or straight to this process's own (log lines pass untouched). */
export type ProcessOutput = ((line: string) => void) | 'inherit';

/**
 * Runs a TypeScript entry point (e.g. worker/main.ts) as its own process, with tsx loaded
 * into Node itself (not the tsx CLI, which would put a second process in between and keep
 * a SIGKILL from reaching the real one).
 */
export function startTsProcess(name: string, entry: string, env: NodeJS.ProcessEnv, onLine: (line: string) => void): ServiceProcess {
  return startNodeProcess(name, ['--import', 'tsx', entry], env, onLine);
}

/** Runs compiled JavaScript (runtime/build.ts writes it) as its own process: no compiling on start or on each module load. */
export function startJsProcess(name: string, script: string, env: NodeJS.ProcessEnv, output: ProcessOutput): ServiceProcess {
  return startNodeProcess(name, [script], env, output);
}

function startNodeProcess(name: string, nodeArgs: string[], env: NodeJS.ProcessEnv, output: ProcessOutput): ServiceProcess {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: output === 'inherit' ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (output !== 'inherit') {
    const forward = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(output);
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
  }
  const readiness = new Promise<void>((resolve, reject) => {
    child.on('message', (message) => {
      if (message === READY_MESSAGE) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`${name} exited (${signal ?? `code ${code}`}) before it was ready`)));
  });
  readiness.catch(() => undefined); // observed by ready(); a later exit is not an error here

  return {
    name,
    child,
    ready: (timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} was not ready within ${timeoutMs} ms`)), timeoutMs);
        readiness.then(resolve, reject).finally(() => clearTimeout(timer));
      }),
    stop: (graceMs) => stopChild(child, graceMs),
  };
}

/** SIGTERM, then SIGKILL if the process has not exited within the grace period. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** SIGKILL, as a crash would; resolves once the process has exited. */
export function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
