// planrrr on a Temporal cluster, on one machine: the real Temporal server on PostgreSQL
// (runtime/temporal-server.ts) with its Web UI, several API servers (each with the web app)
// and several workers, all on one PostgreSQL. `npm run start:cluster` (runtime/start-cluster.ts)
// runs it; the cluster tests start, kill and restart its processes through the handles.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { writeWorkflowBundle } from './build-workflow-bundle';
import { freePort } from './ports';
import { migrateDeploy } from './prisma-cli';
import { COMPILED_ENTRY_POINTS, WORKFLOW_BUNDLE } from './build';
import { PROJECT_ROOT } from './paths';
import { killChild, startJsProcess, startTsProcess } from './processes';
import { startPostgres } from './stack';
import { startTemporalServer } from './temporal-server';
import { startTemporalUi, type RunningTemporalUi } from './temporal-ui-server';

const SERVER_READY_MS = 60_000;
const WORKER_READY_MS = 120_000;

export interface ClusterOptions {
  /** where the embedded PostgreSQL keeps its data and the workflow bundle is written */
  dataDir: string;
  /** an existing PostgreSQL for planrrr's database, whose role may create Temporal's beside it; unset: embedded */
  databaseUrl?: string;
  /** Temporal's database (default `temporal`): clusters sharing one PostgreSQL need a name each */
  temporalDatabaseName?: string;
  /** variables every API server and worker gets: secrets, SMTP_URL, LOG_LEVEL, platform URLs */
  env: NodeJS.ProcessEnv;
  /** how many API servers and workers (default 2 each) */
  servers?: number;
  workers?: number;
  /**
   * Run the compiled server and worker on the prebuilt workflow bundle (runtime/build.ts, which
   * the caller runs first), as `npm start` does; unset, the TypeScript sources run through tsx,
   * as the tests want them.
   */
  compiled?: boolean;
  /** the Temporal Web UI (default: on) */
  webUi?: boolean;
  log: (line: string) => void;
  /** every line a process prints, with the process's name */
  onLine?: (name: string, line: string) => void;
}

/** One process of the cluster, by name: `temporal`, `server-a`, `worker-b` ... */
export interface ClusterProcess {
  name: string;
  /** SIGTERM (a graceful stop), SIGKILL after its grace period */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would */
  kill(): Promise<void>;
  /** starts it again with the same ports and variables; resolves once it is ready */
  restart(): Promise<void>;
  /** called when the process exits without stop(), kill() or restart() asking it to */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
}

export interface ClusterServer extends ClusterProcess {
  /** the web app and REST API (`${url}/api/v1`) */
  url: string;
}

export interface Cluster {
  databaseUrl: string;
  temporal: ClusterProcess & { address: string; namespace: string };
  temporalUiUrl?: string;
  servers: ClusterServer[];
  workers: ClusterProcess[];
  /** the Temporal server, then the API servers, then the workers */
  processes: ClusterProcess[];
  /** stops the workers and servers, then Temporal, its UI and PostgreSQL */
  stop(): Promise<void>;
}

/** Promise.all that waits for every promise to settle before failing, so nothing still starting is left running unseen. */
async function allOrFirstError<T extends readonly unknown[]>(promises: T): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as { [K in keyof T]: Awaited<T[K]> };
}

/** `a`, `b`, ...: names that say which of the identical processes a log line came from. */
function letter(index: number): string {
  return String.fromCharCode('a'.charCodeAt(0) + index);
}

/** A process that can be stopped, killed and started again; `child` is the current one. */
interface Restartable {
  readonly child: ChildProcess;
  stop(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

/** A process's code: its TypeScript entry point, run through tsx, or its compiled script. */
type ServiceEntry = { source: string } | { script: string };

/** The compiled `script` (runtime/build.ts), or the entry point it is compiled from. */
function serviceEntry(script: keyof typeof COMPILED_ENTRY_POINTS, compiled: boolean | undefined): ServiceEntry {
  return compiled ? { script: path.join(PROJECT_ROOT, script) } : { source: COMPILED_ENTRY_POINTS[script] };
}

/** An API server or worker, from its TypeScript entry point or its compiled script; resolves once it is ready. */
async function startService(
  name: string,
  entry: ServiceEntry,
  env: NodeJS.ProcessEnv,
  readyMs: number,
  onLine: (line: string) => void,
): Promise<Restartable> {
  const launch = async () => {
    const service = 'script' in entry ? startJsProcess(name, entry.script, env, onLine) : startTsProcess(name, entry.source, env, onLine);
    try {
      await service.ready(readyMs);
    } catch (error) {
      await killChild(service.child);
      throw error;
    }
    return service;
  };
  let service = await launch();
  return {
    get child() {
      return service.child;
    },
    stop: () => service.stop(),
    kill: () => killChild(service.child),
    restart: async () => {
      await service.stop();
      service = await launch();
    },
  };
}

/** The cluster's handle on a process: tells the exits it asked for from crashes. */
function clusterProcess(name: string, target: Restartable): ClusterProcess {
  const listeners: Array<(code: number | null, signal: NodeJS.Signals | null) => void> = [];
  let expectingExit = false;
  const watch = () =>
    target.child.once('exit', (code, signal) => {
      if (!expectingExit) listeners.forEach((listener) => listener(code, signal));
    });
  watch();
  return {
    name,
    stop: async () => {
      expectingExit = true;
      await target.stop();
    },
    kill: async () => {
      expectingExit = true;
      await target.kill();
    },
    restart: async () => {
      expectingExit = true;
      await target.restart();
      expectingExit = false;
      watch();
    },
    onUnexpectedExit: (listener) => listeners.push(listener),
  };
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const running: Array<{ stop(): Promise<void> }> = [];
  const stop = async () => {
    for (const part of running.reverse()) await part.stop().catch(() => undefined);
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const postgres = await startPostgres({
        embeddedPostgres: { dataDir: path.join(options.dataDir, 'postgres'), port: 'free', database: 'planrrr' },
        log: options.log,
      });
      running.push(postgres);
      databaseUrl = postgres.url;
    }

    const prebuiltBundle = options.env.WORKFLOW_BUNDLE_PATH ?? (options.compiled ? WORKFLOW_BUNDLE : undefined);
    const workflowBundle = prebuiltBundle ?? path.join(options.dataDir, 'workflow-bundle.js');
    // all settled before going on, so that stop() below stops whichever of them started
    const [temporal] = await allOrFirstError([
      startTemporalServer({ databaseUrl, databaseName: options.temporalDatabaseName, frontendPort: 'free', log: options.log }).then(
        (server) => {
          const handle = { ...clusterProcess('temporal', server), address: server.address, namespace: server.namespace };
          running.push(handle);
          return handle;
        },
      ),
      migrateDeploy(databaseUrl),
      // every worker loads one bundle instead of bundling the same code again
      prebuiltBundle ? undefined : writeWorkflowBundle(workflowBundle, new DefaultLogger('WARN')),
    ]);

    let temporalUi: RunningTemporalUi | undefined;
    if (options.webUi ?? true) {
      temporalUi = await startTemporalUi({ temporalAddress: temporal.address, port: await freePort(), log: options.log });
      running.push(temporalUi);
    }

    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'development',
      ...options.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      WORKFLOW_BUNDLE_PATH: workflowBundle,
      ...(temporalUi ? { TEMPORAL_UI_URL: temporalUi.url } : {}),
    };
    /** `count` processes of one entry point, each on ports of its own (`portVariable`), named `<kind>-a`, `<kind>-b` ... */
    const startEach = (kind: string, count: number, entry: ServiceEntry, portVariable: string, readyMs: number) =>
      allOrFirstError(
        Array.from({ length: count }, async (_, index) => {
          const name = `${kind}-${letter(index)}`;
          const port = await freePort();
          const onLine = (line: string) => options.onLine?.(name, line);
          const handle = clusterProcess(name, await startService(name, entry, { ...env, [portVariable]: String(port) }, readyMs, onLine));
          running.push(handle);
          return { handle, port };
        }),
      );
    const [servers, workers] = await allOrFirstError([
      startEach('server', options.servers ?? 2, serviceEntry('build/server.js', options.compiled), 'PORT', SERVER_READY_MS),
      startEach('worker', options.workers ?? 2, serviceEntry('build/worker.js', options.compiled), 'WORKER_METRICS_PORT', WORKER_READY_MS),
    ]);

    return {
      databaseUrl,
      temporal,
      temporalUiUrl: temporalUi?.url,
      servers: servers.map(({ handle, port }) => ({ ...handle, url: `http://localhost:${port}` })),
      workers: workers.map(({ handle }) => handle),
      processes: [temporal, ...servers.map(({ handle }) => handle), ...workers.map(({ handle }) => handle)],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
