// The API and web server process: `tsx api/server.ts` (npm start runs it for you).
import { Client, Connection } from '@temporalio/client';
import { ConfigError, parseConfig } from '../lib/config';
import { createDb } from '../lib/db';
import { createLogger } from '../lib/logger';
import { createWebHandler } from '../web/handler';
import { createApp } from './app';
import { createServices } from './services';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = parseConfig();
  const logger = createLogger({ name: 'planrrr-api', level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL);
  // Lazy: the server starts (and /readyz says why it is not ready) while Temporal is down.
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const services = createServices({ config, db, temporal });
  const web = await createWebHandler({ services, config });
  const app = createApp({ config, db, temporal, logger, services, web });

  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info({ url: config.PUBLIC_URL }, 'planrrr API and web app listening');
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down: finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    server.close(async () => {
      await Promise.allSettled([db.$disconnect(), connection.close()]);
      clearTimeout(force);
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
