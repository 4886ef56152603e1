// Builds and starts the HTTP server (API and web app) from a configuration. The process
// entry point is api/main.ts; tests start the same server in-process.
import type { AddressInfo } from 'node:net';
import { PrismaSessionStore } from '@quixo3/prisma-session-store';
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../lib/config';
import { createDb } from '../lib/db';
import type { Logger } from '../lib/logger';
import { createWebHandler } from '../web/handler';
import { createApp } from './app';
import { createPostStatusHub } from './events/post-status-hub';
import { answerClientErrorsAsProblems } from './http/client-errors';
import { createServices, type Services } from './services';

export interface RunningServer {
  url: string;
  services: Services;
  temporal: Client;
  /** stops accepting requests, lets in-flight ones finish, closes the pools */
  close(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger, options: { web: boolean }): Promise<RunningServer> {
  const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  // Lazy: the server starts (and /readyz says why it is not ready) while Temporal is down.
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const services = createServices({ config, db, temporal, logger });
  const web = options.web ? await createWebHandler({ services, config }) : undefined;
  // Expired sessions are swept every 10 minutes.
  const sessionStore = new PrismaSessionStore(db, { checkPeriod: 10 * 60 * 1000, dbRecordIdIsSessionId: true, logger: false });
  const postStatusHub = createPostStatusHub({ databaseUrl: config.DATABASE_URL, logger });
  const app = createApp({ config, db, temporal, logger, services, sessionStore, postStatusHub, web });

  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(config.PORT, config.HOST, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  answerClientErrorsAsProblems(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    temporal,
    close: () =>
      new Promise<void>((resolve) => {
        // event streams never finish on their own: end them so in-flight requests can drain
        void postStatusHub.close();
        server.close(() => {
          void Promise.allSettled([sessionStore.shutdown(), db.$disconnect(), connection.close()]).then(() => resolve());
        });
        server.closeIdleConnections();
      }),
  };
}
