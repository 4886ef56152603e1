// planrrr's API server as its own process for the benchmarks: the same startServer as
// api/main.ts, without the web app (whose build the benchmarks do not need).
import { parseConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { reportReady } from '../../lib/readiness';
import { startServer } from '../../api/server';

async function main(): Promise<void> {
  const config = parseConfig();
  const server = await startServer(config, createLogger({ name: 'planrrr-api', level: config.LOG_LEVEL }), { web: false });
  reportReady();
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
