import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '../prisma/generated/client';

export type Db = PrismaClient;

/** The application's Prisma client, engine-free through the pg driver adapter. */
export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

/** Prisma's codes for a database it cannot reach or that dropped the connection. */
const UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2037']);
/** PostgreSQL's SQLSTATEs for a server shutting down, starting up or out of connections. */
const UNAVAILABLE_SQLSTATES = /^(08|57P0[1-3]|53300)/;
/** pg's own errors when a connection dies or cannot be made in time. */
const CONNECTION_LOST = /Connection terminated|connection timeout|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|Client has encountered a connection error/i;

/**
 * Whether an error means the database is unavailable (restarting, unreachable), as
 * opposed to a bug or a bad query: callers answer 503 and ask to retry.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    if (current instanceof Prisma.PrismaClientInitializationError) return true;
    if (current instanceof Prisma.PrismaClientKnownRequestError && UNREACHABLE_CODES.has(current.code)) return true;
    const { code, message, cause, meta } = current as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    const originalCode = (cause as { originalCode?: unknown } | undefined)?.originalCode;
    if (typeof originalCode === 'string' && UNAVAILABLE_SQLSTATES.test(originalCode)) return true;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || /^E(CONNREFUSED|CONNRESET|TIMEDOUT)$/.test(code))) return true;
    if (typeof message === 'string' && CONNECTION_LOST.test(message)) return true;
    current = meta?.driverAdapterError ?? cause;
  }
  return false;
}
