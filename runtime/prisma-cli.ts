// Runs the Prisma CLI (engine-free, see prisma.config.ts) as a child process.
import { runCommand } from './run-command';

const PRISMA_CLI = require.resolve('prisma/build/index.js');

export function runPrisma(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return runCommand(process.execPath, [PRISMA_CLI, ...args], { env: { ...env, PRISMA_HIDE_UPDATE_MESSAGE: '1' } });
}

/** Applies every migration in prisma/migrations that the database has not seen. */
export async function migrateDeploy(databaseUrl: string): Promise<string> {
  return runPrisma(['migrate', 'deploy'], { DATABASE_URL: databaseUrl });
}
