// What `npm start` (runtime/start.ts) and `npm run start:cluster` (runtime/start-cluster.ts)
// share: their own log lines, and stopping everything they started, once, on Ctrl-C or a failure.
import { ConfigError } from '../lib/config';

export function launcherLog(line: string): void {
  console.log(`[planrrr] ${line}`);
}

export interface Launch {
  /** true once stopping has begun: a child's exit is then expected */
  readonly stopping: boolean;
  /** stops what was started (once), then exits with `code` */
  stopAll(code: number): Promise<void>;
  /** a start-up failure: says what failed, without a stack, and stops what was started */
  failed(error: unknown): Promise<void>;
}

/** Stops with `stop` on SIGINT and SIGTERM, or when asked. */
export function stopOnSignals(stop: () => Promise<void>): Launch {
  let stopping = false;
  const launch: Launch = {
    get stopping() {
      return stopping;
    },
    async stopAll(code) {
      if (stopping) return;
      stopping = true;
      launcherLog('Stopping ...');
      await stop();
      launcherLog('Stopped.');
      process.exit(code);
    },
    async failed(error) {
      console.error(error instanceof Error ? error.message : error);
      await launch.stopAll(1);
    },
  };
  process.on('SIGINT', () => void launch.stopAll(0));
  process.on('SIGTERM', () => void launch.stopAll(0));
  return launch;
}

/** Runs a launcher; a configuration error before anything started is its message alone. */
export function runLauncher(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
