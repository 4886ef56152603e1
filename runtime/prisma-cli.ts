// Runs the Prisma CLI (engine-free, see prisma.config.ts) as a child process.
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from './paths';

const PRISMA_CLI = require.resolve('prisma/build/index.js');

export function runPrisma(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_CLI, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`prisma ${args.join(' ')} failed (exit ${code}):\n${output}`));
    });
  });
}

/** Applies every migration in prisma/migrations that the database has not seen. */
export async function migrateDeploy(databaseUrl: string): Promise<string> {
  return runPrisma(['migrate', 'deploy'], { DATABASE_URL: databaseUrl });
}
