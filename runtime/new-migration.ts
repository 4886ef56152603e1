// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/
// migration.sql with the SQL that brings the existing migrations to prisma/schema.prisma.
//
// NOTE: through the driver adapter, `prisma migrate dev` and every diff that must read a
// database's schema (`--from-migrations`, `db pull`) fail upstream. The newest migration
// folder therefore keeps a snapshot of the schema it was made from (schema.prisma), and the
// next migration is the diff between that snapshot and the current schema, computed by the
// schema engine against a scratch embedded PostgreSQL that it needs to run at all. Writing
// a migration moves the snapshot into its folder, so there is only ever one.
// See docs/decisions/001-prisma-without-engines.md.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';
import { freePort } from './ports';
import { startEmbeddedPostgres } from './postgres';
import { runPrisma } from './prisma-cli';

const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');
const SCHEMA = path.join(PROJECT_ROOT, 'prisma', 'schema.prisma');
const SNAPSHOT = 'schema.prisma';

/** The schema snapshot of the newest migration, or undefined before the first one. */
async function latestSnapshot(): Promise<string | undefined> {
  if (!existsSync(MIGRATIONS_DIR)) return undefined;
  const migrations = (await readdir(MIGRATIONS_DIR)).filter((entry) => /^\d{14}_/.test(entry)).sort();
  const latest = migrations.at(-1);
  if (!latest) return undefined;
  const snapshot = path.join(MIGRATIONS_DIR, latest, SNAPSHOT);
  if (!existsSync(snapshot))
    throw new Error(`${path.relative(PROJECT_ROOT, snapshot)} is missing: the newest migration folder keeps the schema it was made from.`);
  return snapshot;
}

function timestamp(now = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9][a-z0-9_]*$/.test(name)) {
    console.error('Usage: npm run db:new-migration -- <name>   (lowercase letters, digits and _, e.g. add_webhooks)');
    process.exit(2);
  }

  const previous = await latestSnapshot();
  const scratchDir = path.join(tmpdir(), `planrrr-migration-${process.pid}`);
  console.log('Starting a scratch PostgreSQL to compute the schema diff ...');
  const postgres = await startEmbeddedPostgres({
    dataDir: scratchDir,
    port: await freePort(),
    database: 'migration_base',
    log: console.log,
  });
  try {
    const from = previous ? ['--from-schema-datamodel', previous] : ['--from-empty'];
    const sql = await runPrisma(['migrate', 'diff', ...from, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], {
      DATABASE_URL: postgres.url,
    });
    const script = sql.slice(sql.search(/^-- /m));
    if (!/^-- (Create|Alter|Drop|Add|Rename)/m.test(script) || /This is an empty migration/.test(script)) {
      console.log('The schema matches the migrations: nothing to write.');
      return;
    }
    const dir = path.join(MIGRATIONS_DIR, `${timestamp()}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), script);
    await copyFile(SCHEMA, path.join(dir, SNAPSHOT));
    // only the newest snapshot is ever read
    if (previous) await rm(previous);
    console.log(`Wrote ${path.relative(PROJECT_ROOT, dir)}/migration.sql. Review it, then \`npm start\` applies it.`);
  } finally {
    await postgres.stop();
    await rm(scratchDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
