import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { Prisma, PrismaClient } from '../prisma/generated/client';

export type Db = PrismaClient & {
  /**
   * The pg pool under the client. The hottest reads (every API call's token, a page of
   * posts) run their statements on it directly: Prisma compiles and interprets each query,
   * even raw SQL, which was over 40 % of a list request's CPU under load (BENCHMARKS.md, reads).
   */
  readonly $pool: pg.Pool;
};

/** How long a query waits for a connection (a free one in the pool, or a new one) before it fails. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The application's Prisma client, engine-free through the pg driver adapter, with at most
 * `poolSize` connections (pg's default is 10).
 */
export function createDb(databaseUrl: string, poolSize?: number): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(poolSize ? { max: poolSize } : {}),
  });
  discardDeadConnections(pool);
  return Object.assign(new PrismaClient({ adapter: new PrismaPgOneQueryAtATime(pool, { disposeExternalPool: true }) }), { $pool: pool });
}

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

/**
 * NOTE: Prisma's query interpreter (6.19) reads a record's relations in parallel. Inside a
 * transaction, on one pg connection, those queries overlap: pg queues them with a
 * deprecation warning, and pg 9 will refuse them. Here a transaction's queries run one
 * after another, as pg ran them anyway.
 */
class PrismaPgOneQueryAtATime extends PrismaPg {
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => oneQueryAtATime(await startTransaction(isolationLevel));
    return adapter;
  }
}

function oneQueryAtATime(transaction: Transaction): Transaction {
  let previous: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
    const next = previous.then(run, run);
    previous = next.catch(() => undefined);
    return next;
  };
  const queryRaw = transaction.queryRaw.bind(transaction);
  const executeRaw = transaction.executeRaw.bind(transaction);
  transaction.queryRaw = (query) => inTurn(() => queryRaw(query));
  transaction.executeRaw = (query) => inTurn(() => executeRaw(query));
  return transaction;
}

/**
 * NOTE: Prisma's transaction manager (6.19) never releases a connection whose COMMIT or
 * ROLLBACK failed, which is what happens to every transaction in flight when PostgreSQL
 * restarts. Those connections would stay checked out forever: the pool runs dry and every
 * later query waits. A checked-out connection that ends is released here (and so
 * discarded) once its holder had its chance to do it.
 */
function discardDeadConnections(pool: pg.Pool): void {
  const checkedOut = new Set<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    const discardIfStillHeld = (error: Error) =>
      setImmediate(() => {
        if (!checkedOut.has(client)) return;
        client.release(error);
        // the holder may still try: a second release would throw
        client.release = () => undefined;
      });
    client.on('error', discardIfStillHeld);
    client.on('end', () => discardIfStillHeld(new Error('The database connection ended')));
  });
}

/**
 * The id of a row written with SQL rather than through Prisma (which makes cuids): a UUIDv7,
 * ordered by creation as cuids are, so that rows tied on their sort key (posts at the same
 * time, audit entries in the same millisecond) still come in the order they were written.
 */
export function newRowId(): string {
  return uuidv7();
}

/**
 * Where statements built with `Prisma.sql` run: a transaction on one connection of the pool
 * (inPoolTransaction), or a Prisma transaction (prismaStatements). One statement serves both.
 */
export interface SqlStatements {
  query<Row>(statement: Prisma.Sql): Promise<Row[]>;
}

/**
 * A statement for the pool, named after its text: each connection has PostgreSQL parse it
 * once and keep it (and, after a few runs, its plan) instead of parsing and planning it on
 * every run. Planning a create's insert and read-back, and its smaller statements, took
 * about a fifth of a create's time (BENCHMARKS.md, planrrr at its defaults). Every
 * statement planrrr runs on the pool goes through here; a text with values written into it
 * rather than as parameters would be kept once per value, so values are always parameters.
 */
export function prepared(text: string, values: readonly unknown[] = []): pg.QueryConfig {
  return { name: `planrrr_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text, values: [...values] };
}

/** Statements on the pool itself (each on whichever connection is free), or on one connection of it. */
export function poolStatements(queryable: pg.Pool | pg.PoolClient): SqlStatements {
  return { query: async <Row>(statement: Prisma.Sql) => (await queryable.query(prepared(statement.text, statement.values))).rows as Row[] };
}

/** `tx`'s statements, through Prisma, which interprets each one: for writes that belong in a Prisma transaction. */
export function prismaStatements(tx: Prisma.TransactionClient): SqlStatements {
  return { query: <Row>(statement: Prisma.Sql) => tx.$queryRaw<Row[]>(statement) };
}

/**
 * Runs `work` in a transaction on one connection of the pool, without Prisma (a new post and
 * its webhook deliveries): a new post's insert and read-back took about twice as long in a
 * Prisma transaction (BENCHMARKS.md, planrrr at its defaults). A connection whose ROLLBACK
 * failed is discarded, not reused.
 */
export async function inPoolTransaction<T>(db: Db, work: (statements: SqlStatements) => Promise<T>): Promise<T> {
  const client = await db.$pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(poolStatements(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * An instant as a value of Prisma's DateTime columns (`timestamp(3)` without a time zone,
 * holding UTC), for raw SQL.
 */
export function utcTimestamp(time: Date): Prisma.Sql {
  return Prisma.sql`(${time.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
}

/**
 * Prisma's codes for a database it cannot reach or that dropped the connection, and P2028:
 * a transaction that closed under its queries (seen while PostgreSQL restarts, and when a
 * stalled server lets a transaction expire). The request was fine; retrying is the answer.
 */
const UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2028', 'P2037']);
/** PostgreSQL's SQLSTATEs for a server shutting down, starting up or out of connections. */
const UNAVAILABLE_SQLSTATES = /^(08|57P0[1-3]|53300)/;
/** pg's own errors when a connection dies or cannot be made in time. */
const CONNECTION_LOST =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|Client has encountered a connection error/i;

/**
 * Whether an error means the database is unavailable (restarting, unreachable), as
 * opposed to a bug or a bad query: callers answer 503 and ask to retry.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const { current, code, message, originalCode } of errorChain(error)) {
    if (current instanceof Prisma.PrismaClientInitializationError) return true;
    if (current instanceof Prisma.PrismaClientKnownRequestError && UNREACHABLE_CODES.has(current.code)) return true;
    if (typeof originalCode === 'string' && UNAVAILABLE_SQLSTATES.test(originalCode)) return true;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || /^E(CONNREFUSED|CONNRESET|TIMEDOUT)$/.test(code))) return true;
    if (typeof message === 'string' && CONNECTION_LOST.test(message)) return true;
  }
  return false;
}

/**
 * An error and what it wraps, as far down as five levels: Prisma keeps the driver's error in
 * `meta.driverAdapterError` (its `cause.originalCode` the SQLSTATE), pg and Node in `cause`.
 * Each with its own `code` and `message`, `meta.code`, and its cause's `originalCode`.
 */
function* errorChain(error: unknown) {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    const { code, message, cause, meta } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown; code?: unknown };
    };
    const originalCode = (cause as { originalCode?: unknown } | undefined)?.originalCode;
    yield { current, code, message, metaCode: meta?.code, originalCode };
    current = meta?.driverAdapterError ?? cause;
  }
}

/**
 * Prisma's codes for a write that lost a race: P2002 a unique value taken meanwhile, P2003
 * a row it refers to deleted meanwhile (a foreign key), P2025 the row to change gone.
 */
export type LostRaceCode = 'P2002' | 'P2003' | 'P2025';

export function hasPrismaCode(error: unknown, code: LostRaceCode): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

/** PostgreSQL's SQLSTATE for each LostRaceCode, as pg reports it for a statement run on the pool. */
const LOST_RACE_SQLSTATES: Record<LostRaceCode, string | undefined> = { P2002: '23505', P2003: '23503', P2025: undefined };

/** hasPrismaCode for a statement built with Prisma.sql, whether it ran through Prisma or on the pool (SqlStatements). */
export function lostRace(error: unknown, code: LostRaceCode): boolean {
  if (hasPrismaCode(error, code)) return true;
  const sqlState = LOST_RACE_SQLSTATES[code];
  if (!sqlState) return false;
  for (const { code: ownCode, metaCode, originalCode } of errorChain(error)) {
    if (ownCode === sqlState || originalCode === sqlState || metaCode === sqlState) return true;
  }
  return false;
}

/** A target's platform options as the JSON column takes them: SQL NULL when there are none. */
export function targetOptionsColumn(options: Record<string, unknown> | undefined): Prisma.InputJsonObject | typeof Prisma.DbNull {
  return options ? (options as Prisma.InputJsonObject) : Prisma.DbNull;
}
