// Finds the real Temporal server and its schema tool: the env vars naming built binaries,
// else .tools/, else a build from source (runtime/go-tools.ts). Temporal publishes the
// server as Go source and Docker images, not as a binary to download.
import path from 'node:path';
import { findOrBuildGoTool, type GoBuildOptions } from './go-tools';
import { PROJECT_ROOT } from './paths';
import { runCommand } from './run-command';
import { isExecutable } from './temporal-binaries';

/** The server docker-compose.yml runs too (tests/deployment checks they agree). */
export const TEMPORAL_SERVER_VERSION = '1.32.2';

export interface TemporalServerBinaries {
  server: string;
  /** temporal-sql-tool: creates and upgrades the server's schemas (embedded in it) */
  sqlTool: string;
}

const ENV_VARS = { server: 'TEMPORAL_SERVER_PATH', sqlTool: 'TEMPORAL_SQL_TOOL_PATH' } as const;

async function fromEnv(log: (line: string) => void): Promise<TemporalServerBinaries | undefined> {
  const server = process.env[ENV_VARS.server];
  const sqlTool = process.env[ENV_VARS.sqlTool];
  if (!server && !sqlTool) return undefined;
  if (!server || !sqlTool)
    throw new Error(`Set both ${ENV_VARS.server} and ${ENV_VARS.sqlTool} (the server and its temporal-sql-tool), or neither`);
  for (const [name, file] of [
    [ENV_VARS.server, server],
    [ENV_VARS.sqlTool, sqlTool],
  ]) {
    if (!(await isExecutable(file!))) throw new Error(`${name}=${file} is not an executable file`);
  }
  // `temporal version 1.32.2`: another version runs, but is not what compose and the tests pin
  const version = await runCommand(server, ['--version']);
  if (!version.includes(` ${TEMPORAL_SERVER_VERSION}`))
    log(
      `${ENV_VARS.server}=${server} is ${version.trim().split('\n')[0]}; planrrr pins v${TEMPORAL_SERVER_VERSION} (docker-compose.yml runs that one)`,
    );
  return { server, sqlTool };
}

export async function resolveTemporalServerBinaries(
  log: (line: string) => void,
  buildOptions: GoBuildOptions = {},
): Promise<TemporalServerBinaries> {
  const named = await fromEnv(log);
  if (named) return named;
  const module = `go.temporal.io/server`;
  const built = await findOrBuildGoTool(
    {
      title: `the Temporal server v${TEMPORAL_SERVER_VERSION} and its schema tool`,
      dir: path.join(PROJECT_ROOT, '.tools', `temporal-server-v${TEMPORAL_SERVER_VERSION}`),
      packages: [
        { path: `${module}/cmd/server@v${TEMPORAL_SERVER_VERSION}`, binary: 'server' },
        // the package is `sql`; Temporal's images and docs call it temporal-sql-tool
        { path: `${module}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`, binary: 'temporal-sql-tool' },
      ],
      buildTime: 'about 12 minutes',
      envVars: Object.values(ENV_VARS),
    },
    log,
    buildOptions,
  );
  return { server: built.server!, sqlTool: built['temporal-sql-tool']! };
}
