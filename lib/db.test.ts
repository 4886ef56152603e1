import { Prisma } from '../prisma/generated/client';
import { isDatabaseUnavailable, lostRace, newRowId, prepared } from './db';

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

describe('lostRace', () => {
  // pg's DatabaseError for a statement run on the pool carries the SQLSTATE as `code`
  const onThePool = (sqlState: string) => Object.assign(new Error('duplicate key value violates unique constraint'), { code: sqlState });
  const throughPrismaRaw = (sqlState: string) =>
    known('P2010', { driverAdapterError: { cause: { kind: 'postgres', originalCode: sqlState } } });

  test.each([
    ['Prisma', known('P2002')],
    ['a statement on the pool', onThePool('23505')],
    ['raw SQL through Prisma', throughPrismaRaw('23505')],
  ])('a unique value taken meanwhile is P2002 from %s', (_where, error) => {
    expect(lostRace(error, 'P2002')).toBe(true);
    expect(lostRace(error, 'P2003')).toBe(false);
  });

  test('a foreign key is P2003 on the pool too; other errors are no lost race', () => {
    expect(lostRace(onThePool('23503'), 'P2003')).toBe(true);
    expect(lostRace(onThePool('57P01'), 'P2002')).toBe(false);
    expect(lostRace(new Error('boom'), 'P2002')).toBe(false);
    expect(lostRace(onThePool('23505'), 'P2025')).toBe(false);
  });
});

test('new row ids sort in the order they were made, also within one millisecond', () => {
  const ids = Array.from({ length: 1000 }, () => newRowId());
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(ids).size).toBe(1000);
});

describe('prepared', () => {
  it('names a statement after its text, so one text is one statement on every connection', () => {
    const first = prepared('SELECT $1::int', [1]);
    const again = prepared('SELECT $1::int', [2]);
    const other = prepared('SELECT $1::text', ['x']);
    expect(again.name).toBe(first.name);
    expect(other.name).not.toBe(first.name);
    expect(again.values).toEqual([2]);
  });

  it('keeps the name within PostgreSQL identifier length', () => {
    expect(prepared(`SELECT ${'x, '.repeat(5000)}1`).name!.length).toBeLessThanOrEqual(63);
  });
});
