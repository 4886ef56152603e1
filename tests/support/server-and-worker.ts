// The fixture most integration test files share: the API server in this process and a
// worker process on the file's own task queue, with the fakes the file talks to, started
// before its tests and stopped after them.
import type { RunningServer } from '../../api/server';
import type { ServiceProcess } from '../../runtime/processes';
import { startApi, startWorker, testEnv, type TestEnv } from './harness';

/** Something a test file runs beside the server: a fake platform, a webhook receiver. */
export interface Startable {
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
}

export interface ServerAndWorker {
  env: TestEnv;
  server: RunningServer;
  worker: ServiceProcess;
}

export interface ServerAndWorkerOptions {
  /** the file's environment, or how to make it once `alongside` runs (default: testEnv()) */
  env?: TestEnv | (() => TestEnv | Promise<TestEnv>);
  /** started first (the environment may name their URLs), stopped last */
  alongside?: Startable[];
  /** variables only the worker gets, known once the server listens (e.g. its URL) */
  workerEnv?: (server: RunningServer) => NodeJS.ProcessEnv;
}

/**
 * Registers the beforeAll and afterAll hooks that start and stop the server and the worker.
 * The fields of the returned object are set once beforeAll ran: read them in hooks and tests.
 */
export function useServerAndWorker(options: ServerAndWorkerOptions = {}): ServerAndWorker {
  const alongside = options.alongside ?? [];
  const running: Partial<ServerAndWorker> = {};

  beforeAll(async () => {
    await Promise.all(alongside.map((each) => each.start()));
    const env = typeof options.env === 'function' ? await options.env() : (options.env ?? testEnv());
    running.env = env;
    const server = startApi(env).then((started) => (running.server = started));
    const worker = options.workerEnv
      ? server.then((started) => startWorker({ ...env, env: { ...env.env, ...options.workerEnv!(started) } }))
      : startWorker(env);
    // Each is kept as soon as it runs, so that afterAll stops it even when the other failed.
    await Promise.all([server, worker.then((started) => (running.worker = started))]);
  });

  afterAll(async () => {
    await Promise.allSettled([running.worker?.stop(), running.server?.close()]);
    await Promise.allSettled(alongside.map((each) => each.stop()));
  });

  return running as ServerAndWorker;
}
