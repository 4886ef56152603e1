// Configuration of the Prisma CLI only (generate, migrate). The application builds its
// own client in lib/db.ts.
//
// NOTE: Prisma's Rust engines cannot be downloaded on our machines, so the CLI runs its
// JavaScript schema engine through the pg driver adapter. See
// docs/decisions/001-prisma-without-engines.md.
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';
import pg from 'pg';

// Postgres catalog columns of type `name` (oid 19), `"char"` (18) and `name[]` (1003)
// are rejected by the adapter (prisma/orm#27403) while `migrate deploy` reads them.
// They are plain text to us.
const CATALOG_TYPES_AS_TEXT: Record<number, number> = { 18: 25, 19: 25, 1003: 1009 };

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> };

function reportCatalogTypesAsText(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
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

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error('DATABASE_URL is not set: run Prisma through `npm run db:*`, which provisions it.');
    }
    const pool = new pg.Pool({ connectionString });
    pool.on('connect', reportCatalogTypesAsText);
    return new PrismaPg(pool);
  },
});
