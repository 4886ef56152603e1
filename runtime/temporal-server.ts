// The real Temporal server on PostgreSQL, as `npm run start:cluster` and the cluster tests
// run it: its two databases created and their schemas set up or upgraded (idempotent), all
// four services in one process with temporal-config/cluster/server.yaml, the `default`
// namespace and planrrr's search attributes registered. Stop and restart keep the ports,
// so clients reconnect to the same address.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { status as grpcStatus } from '@grpc/grpc-js';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import Long from 'long';
import { DEFAULT_NAMESPACE, NAMESPACE_RETENTION_DAYS, PLANRRR_SEARCH_ATTRIBUTES, PostIdAttribute } from '../temporal-config';
import { PROJECT_ROOT } from './paths';
import { freePort, freePortBetween } from './ports';
import { createDatabaseIfMissing } from './postgres';
import { killChild, stopChild } from './processes';
import { registerSearchAttributes } from './register-search-attributes';
import { runCommand } from './run-command';
import { resolveTemporalServerBinaries, TEMPORAL_SERVER_VERSION, type TemporalServerBinaries } from './temporal-server-binaries';
import { DYNAMIC_CONFIG_FILE } from './temporal-dynamic-config';

export const TEMPORAL_SERVER_CONFIG_FILE = path.join(PROJECT_ROOT, 'temporal-config', 'cluster', 'server.yaml');

/**
 * The schemas temporal-sql-tool sets up (built into it, of the server's version) in Temporal's
 * database and its visibility database; docker-compose.yml's schema job runs the same.
 */
export const TEMPORAL_SCHEMAS = { persistence: 'postgresql/v12/temporal', visibility: 'postgresql/v12/visibility' } as const;

export interface TemporalServerOptions {
  /** a PostgreSQL whose role may create databases (the embedded one's may) */
  databaseUrl: string;
  /** Temporal's database; its visibility database is `<name>_visibility`. Default `temporal`. */
  databaseName?: string;
  /** the frontend's gRPC port; `'free'` (tests): any free port, another if it is taken meanwhile */
  frontendPort: number | 'free';
  log: (line: string) => void;
}

export interface RunningTemporalServer {
  /** the frontend, host:port */
  address: string;
  namespace: string;
  /** the server's current process (a new one after restart()) */
  readonly child: ChildProcess;
  /** SIGTERM, SIGKILL after a grace period */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would */
  kill(): Promise<void>;
  /** a new process on the same ports and databases; resolves once it serves again */
  restart(): Promise<void>;
}

const PORT_ATTEMPTS = 3;
const START_TIMEOUT_MS = 90_000;

/** The ports besides the frontend's: every service has a gRPC port and a membership port. */
const GRPC_PORTS = ['FRONTEND_HTTP_PORT', 'HISTORY_PORT', 'MATCHING_PORT', 'WORKER_PORT'] as const;
const MEMBERSHIP_PORTS = [
  'FRONTEND_MEMBERSHIP_PORT',
  'HISTORY_MEMBERSHIP_PORT',
  'MATCHING_MEMBERSHIP_PORT',
  'WORKER_MEMBERSHIP_PORT',
] as const;
/** NOTE: the server records membership ports in a SMALLINT column: above 32767 it fails to start. */
const MEMBERSHIP_PORT_RANGE = [20_000, 32_767] as const;

/** One of the server's ports was bound by another process between choosing it and starting. */
class PortTakenError extends Error {}

/** The PLANRRR_TEMPORAL_*_PORT variables of temporal-config/cluster/server.yaml, each port a different free one. */
async function choosePorts(frontendPort: number): Promise<Record<string, string>> {
  const chosen = new Set([frontendPort]);
  const choose = async (next: () => Promise<number>) => {
    let port = await next();
    while (chosen.has(port)) port = await next();
    chosen.add(port);
    return port;
  };
  const ports: Record<string, string> = { PLANRRR_TEMPORAL_FRONTEND_PORT: String(frontendPort) };
  for (const name of GRPC_PORTS) ports[`PLANRRR_TEMPORAL_${name}`] = String(await choose(freePort));
  for (const name of MEMBERSHIP_PORTS)
    ports[`PLANRRR_TEMPORAL_${name}`] = String(await choose(() => freePortBetween(...MEMBERSHIP_PORT_RANGE)));
  return ports;
}

interface DatabaseTarget {
  host: string;
  port: string;
  user: string;
  password: string;
  persistence: string;
  visibility: string;
}

function databaseTarget(databaseUrl: string, databaseName: string): DatabaseTarget {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: url.port || '5432',
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    persistence: databaseName,
    visibility: `${databaseName}_visibility`,
  };
}

/**
 * Creates Temporal's databases if missing, then sets up and upgrades their schemas with the
 * versions embedded in temporal-sql-tool (the same module version as the server). Every step
 * is idempotent: on a provisioned database only upgrades, if any, run.
 */
async function provisionDatabases(
  sqlTool: string,
  databaseUrl: string,
  target: DatabaseTarget,
  log: (line: string) => void,
): Promise<void> {
  const env = {
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: target.host,
    SQL_PORT: target.port,
    SQL_USER: target.user,
    SQL_PASSWORD: target.password,
  };
  for (const [database, schema] of [
    [target.persistence, TEMPORAL_SCHEMAS.persistence],
    [target.visibility, TEMPORAL_SCHEMAS.visibility],
  ] as const) {
    try {
      await createDatabaseIfMissing(databaseUrl, database);
    } catch (error) {
      throw new Error(
        `Could not create Temporal's database ${database} on ${target.host}:${target.port} as ${target.user}: ${String(error)}. ` +
          'The role must be allowed to create databases (CREATEDB), or create the database for it.',
        { cause: error },
      );
    }
    log(`Setting up Temporal's schema in ${database} ...`);
    await runCommand(sqlTool, ['--db', database, 'setup-schema', '-v', '0.0'], { env });
    await runCommand(sqlTool, ['--db', database, 'update-schema', '--schema-name', schema], { env });
  }
}

/** The server logs JSON with a stack trace on each error: its level, message and error are what a reader needs. */
function readableLogLine(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
    return `${entry.level ?? ''} ${entry.msg ?? line}${entry.error ? `: ${entry.error}` : ''}`;
  } catch {
    return line;
  }
}

async function withConnection<T>(address: string, use: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    return await use(connection);
  } finally {
    await connection.close();
  }
}

/** Retries `attempt` every 250 ms until it resolves, the child exits, or the deadline passes. */
async function retryWhileRunning<T>(
  what: string,
  child: ChildProcess,
  deadline: number,
  attempt: () => Promise<T>,
  portTaken = () => false,
): Promise<T> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      if (portTaken()) throw new PortTakenError('a port the Temporal server needs is in use');
      throw new Error(`The Temporal server exited (${child.signalCode ?? `code ${child.exitCode}`}) while ${what}: see its log above`);
    }
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`The Temporal server did not finish ${what} within ${START_TIMEOUT_MS / 1000} s: ${String(error)}`, {
          cause: error,
        });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function ensureNamespace(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(NAMESPACE_RETENTION_DAYS * 24 * 60 * 60) },
    });
  } catch (error) {
    if (!(isGrpcServiceError(error) && error.code === grpcStatus.ALREADY_EXISTS)) throw error;
  }
}

/** Registers planrrr's search attributes unless they all exist (the server logs a warning for each one added twice). */
async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  if (PLANRRR_SEARCH_ATTRIBUTES.some((key) => !customAttributes?.[key.name])) await registerSearchAttributes(connection, namespace);
}

/** A search-attribute query fails until the frontend's namespace cache has the attributes. */
async function searchAttributesUsable(connection: Connection, namespace: string): Promise<void> {
  await connection.workflowService.countWorkflowExecutions({ namespace, query: `${PostIdAttribute.name} = 'none'` });
}

export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningTemporalServer> {
  const binaries = await resolveTemporalServerBinaries(options.log);
  const target = databaseTarget(options.databaseUrl, options.databaseName ?? 'temporal');
  await provisionDatabases(binaries.sqlTool, options.databaseUrl, target, options.log);

  for (let attempt = 1; ; attempt += 1) {
    const frontendPort = options.frontendPort === 'free' ? await freePort() : options.frontendPort;
    const env: NodeJS.ProcessEnv = {
      PLANRRR_TEMPORAL_DB_HOST: target.host,
      PLANRRR_TEMPORAL_DB_PORT: target.port,
      PLANRRR_TEMPORAL_DB_USER: target.user,
      PLANRRR_TEMPORAL_DB_PASSWORD: target.password,
      PLANRRR_TEMPORAL_DB_NAME: target.persistence,
      PLANRRR_TEMPORAL_VISIBILITY_DB_NAME: target.visibility,
      PLANRRR_TEMPORAL_DYNAMIC_CONFIG_FILE: DYNAMIC_CONFIG_FILE,
      ...(await choosePorts(frontendPort)),
    };
    options.log(`Starting the Temporal server v${TEMPORAL_SERVER_VERSION} on port ${frontendPort} ...`);
    try {
      return await runServer(binaries, env, `127.0.0.1:${frontendPort}`, options.log);
    } catch (error) {
      if (!(error instanceof PortTakenError) || options.frontendPort !== 'free' || attempt === PORT_ATTEMPTS) throw error;
      options.log(`${error.message}: trying other ports`);
    }
  }
}

async function runServer(
  binaries: TemporalServerBinaries,
  env: NodeJS.ProcessEnv,
  address: string,
  log: (line: string) => void,
): Promise<RunningTemporalServer> {
  const namespace = DEFAULT_NAMESPACE;
  let stopping = false;

  const spawnServer = async (): Promise<ChildProcess> => {
    const child = spawn(binaries.server, ['--config-file', TEMPORAL_SERVER_CONFIG_FILE, '--allow-no-auth', 'start'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let portTaken = false;
    let previous = '';
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        if (line.includes('address already in use')) portTaken = true;
        const readable = readableLogLine(line);
        // while it shuts down, every service complains that the others are gone; while it
        // starts, each waiting client's call is refused with the same line
        if (!stopping && readable !== previous) log(`temporal: ${readable}`);
        previous = readable;
      }
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    const deadline = Date.now() + START_TIMEOUT_MS;
    try {
      await retryWhileRunning(
        'starting',
        child,
        deadline,
        () => withConnection(address, (connection) => connection.workflowService.getSystemInfo({})),
        () => portTaken,
      );
      await retryWhileRunning('registering the namespace', child, deadline, () =>
        withConnection(address, async (connection) => {
          await ensureNamespace(connection, namespace);
          await ensureSearchAttributes(connection, namespace);
        }),
      );
      await retryWhileRunning('loading the search attributes', child, deadline, () =>
        withConnection(address, (connection) => searchAttributesUsable(connection, namespace)),
      );
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return child;
  };

  const stop = async (signal: 'SIGTERM' | 'SIGKILL') => {
    stopping = true;
    await (signal === 'SIGTERM' ? stopChild(child) : killChild(child));
  };
  let child = await spawnServer();
  return {
    address,
    namespace,
    get child() {
      return child;
    },
    stop: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
    restart: async () => {
      await stop('SIGTERM');
      stopping = false;
      child = await spawnServer();
    },
  };
}
