// `npm run db:migrate`: applies pending migrations to the database at DATABASE_URL
// (production and compose; `npm start` does this by itself for the embedded database).
import { ConfigError, parseStartConfig } from '../lib/config';
import { migrateDeploy } from './prisma-cli';

async function main(): Promise<void> {
  const { DATABASE_URL } = parseStartConfig();
  if (!DATABASE_URL) throw new ConfigError('DATABASE_URL is not set: it must name the PostgreSQL database to migrate.');
  console.log(await migrateDeploy(DATABASE_URL));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
