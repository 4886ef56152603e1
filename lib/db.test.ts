import { Prisma } from '../prisma/generated/client';
import { isDatabaseUnavailable } from './db';

const known = (code: string, meta: Record<string, unknown> = {}) =>
  new Prisma.PrismaClientKnownRequestError('query failed', { code, clientVersion: '6.19.3', meta });

test.each([
  ['an unreachable server (P1001)', known('P1001')],
  ['a closed connection (P1017)', known('P1017')],
  ['a transaction closed under its queries (P2028)', known('P2028')],
  [
    'a server shutting down (57P01 from the driver)',
    known('P2010', { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01' } } }),
  ],
  ['a server starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
  ['a dropped socket', new Error('Connection terminated unexpectedly')],
  ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
])('%s means the database is unavailable', (_name, error) => {
  expect(isDatabaseUnavailable(error)).toBe(true);
});

test.each([
  ['a unique constraint (P2002)', known('P2002')],
  ['a record not found (P2025)', known('P2025')],
  ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ['not an error', 'boom'],
])('%s does not', (_name, error) => {
  expect(isDatabaseUnavailable(error)).toBe(false);
});
