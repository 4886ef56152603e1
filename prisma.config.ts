// Configuration of the Prisma CLI only (generate, migrate). The application builds its
// own client in lib/db.ts.
//
// NOTE: Prisma's Rust engines cannot be downloaded on our machines, so the CLI runs its
// JavaScript schema engine through the pg driver adapter, with an upstream bug worked
// around here. See docs/decisions/001-prisma-without-engines.md.
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';
import pg from 'pg';

// Postgres catalog columns of type `name` (oid 19), `"char"` (18) and `name[]` (1003)
// are rejected by the adapter (prisma/orm#27403) while migrate reads them. They are
// plain text to us.
const CATALOG_TYPES_AS_TEXT: Record<number, number> = { 18: 25, 19: 25, 1003: 1009 };

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> };
type Queryable = { query: (...args: unknown[]) => unknown };

/** Wraps `target.query` so that promised results report catalog types as text. */
function reportCatalogTypesAsText(target: Queryable): void {
  const query = target.query.bind(target);
  target.query = (...args) => {
    const result = query(...args);
    if (!(result instanceof Promise)) return result;
    return result.then((value: QueryResultLike) => {
      for (const field of value.fields ?? []) {
        field.dataTypeID = CATALOG_TYPES_AS_TEXT[field.dataTypeID] ?? field.dataTypeID;
      }
      return value;
    });
  };
}

function createPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString });
  // pool.query serves plain queries; clients checked out of the pool serve transactions
  reportCatalogTypesAsText(pool as unknown as Queryable);
  pool.on('connect', (client) => reportCatalogTypesAsText(client as unknown as Queryable));
  return pool;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error('DATABASE_URL is not set: run Prisma through the npm scripts (npm run db:*), which provide it.');
    }
    return new PrismaPg(createPool(connectionString));
  },
});
