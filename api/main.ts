// The API and web server process: `tsx api/main.ts` (npm start runs it for you).
// NOTE: first, before anything loads http or pg (lib/tracing.ts).
import { tracing } from './tracing';
import { setGlobalDispatcher } from 'undici';
import { operatorPlatformOrigins, PlatformConnectionPool } from '../lib/platforms/connection-pool';
import { ConfigError, parseConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { reportReady } from '../lib/readiness';
import { startServer } from './server';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = parseConfig();
  // Connecting an account calls its platform: the same limits and address checks as the worker's calls.
  setGlobalDispatcher(
    new PlatformConnectionPool({
      connectionsPerHost: config.PLATFORM_CONNECTIONS_PER_HOST,
      allowPrivateAddresses: config.ALLOW_INSECURE_PLATFORM_URLS,
      trustedOrigins: operatorPlatformOrigins(config),
    }),
  );
  const logger = createLogger({ name: 'planrrr-api', level: config.LOG_LEVEL });
  const server = await startServer(config, logger, { web: true, tracing });
  server.errorReporter.reportCrashes();
  logger.info({ url: config.PUBLIC_URL }, 'planrrr API and web app listening');
  reportReady();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down: finishing in-flight requests');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    void server
      .close()
      .then(() => Promise.allSettled([tracing.shutdown(), server.errorReporter.flush()]))
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
