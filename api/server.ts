// Builds and starts the HTTP server (API and web app) from a configuration. The process
// entry point is api/main.ts; tests start the same server in-process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../lib/config';
import { createDb } from '../lib/db';
import { startErrorReporting, type ErrorReporter } from '../lib/error-reporting';
import type { Logger } from '../lib/logger';
import type { Tracing } from '../lib/tracing';
import { createWebApp } from '../web/handler';
import { createApp } from './app';
import { SessionStore } from './auth/session-store';
import { createPostStatusHub } from './events/post-status-hub';
import { answerClientErrorsAsProblems } from './http/client-errors';
import { createServices, type Services } from './services';

const DELETE_EXPIRED_COUNTERS_EVERY_MS = 5 * 60_000;
/** How long an idle kept-alive connection stays open: above the usual load balancers' 60 s. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface RunningServer {
  url: string;
  services: Services;
  temporal: Client;
  /** where its unexpected errors go (Sentry when SENTRY_DSN is set) */
  errorReporter: ErrorReporter;
  /** stops accepting requests, lets in-flight ones finish, closes the pools */
  close(): Promise<void>;
}

export interface ServerOptions {
  web: boolean;
  /** the process's tracing (lib/tracing.ts), whose interceptors carry a request's trace into the workflows it starts */
  tracing?: Pick<Tracing, 'clientInterceptors'>;
}

export async function startServer(config: Config, logger: Logger, options: ServerOptions): Promise<RunningServer> {
  const errorReporter = await startErrorReporting(config, 'planrrr-api');
  const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  // Lazy: the server starts (and /readyz says why it is not ready) while Temporal is down.
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    interceptors: { workflow: options.tracing?.clientInterceptors ?? [] },
  });
  const services = createServices({ config, db, temporal, logger });
  // created before the app: the web app's dev server takes its hot-reload connections on it
  const httpServer = createServer();
  // Idle kept-alive connections outlive a load balancer's own idle timeout (60 s on AWS's and
  // Google's), so the proxy, not the server, closes them: a server that closes one just as a
  // request arrives on it resets that request (ECONNRESET at the client, as a browser test saw
  // after Node's default of 5 s). Headers may take a moment longer than that, as Node advises.
  httpServer.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  httpServer.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  const web = options.web ? await createWebApp({ services, config, httpServer }) : undefined;
  const sessionStore = new SessionStore(db);
  const postStatusHub = createPostStatusHub({ databaseUrl: config.DATABASE_URL, logger });
  const app = createApp({ config, db, temporal, logger, services, sessionStore, postStatusHub, web, errorReporter });

  const server = httpServer.on('request', app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  answerClientErrorsAsProblems(server);
  const expiredCounters = setInterval(() => {
    services.loginLimits.deleteExpired().catch((error: unknown) => logger.warn({ err: error }, 'Could not delete expired log-in counters'));
  }, DELETE_EXPIRED_COUNTERS_EVERY_MS).unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    temporal,
    errorReporter,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(expiredCounters);
        // event streams never finish on their own: end them so in-flight requests can drain
        void postStatusHub.close();
        void web?.close();
        server.close(() => {
          void Promise.allSettled([sessionStore.shutdown(), db.$disconnect(), connection.close()]).then(() => resolve());
        });
        server.closeIdleConnections();
      }),
  };
}
