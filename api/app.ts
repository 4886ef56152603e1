// The Express application: health, the REST API under /api/v1, and the web app, in one
// process. Built from its dependencies so tests run the real app against real services.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import cors from 'cors';
import express from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import type { ErrorReporter } from '../lib/error-reporting';
import type { Logger } from '../lib/logger';
import { accountRoutes } from './account/routes';
import { aiRoutes } from './ai/routes';
import { auditRoutes } from './audit/routes';
import { analyticsRoutes } from './analytics/routes';
import { authRoutes } from './auth/routes';
import { createPassport, resolveActor } from './auth/passport';
import { connectionRoutes } from './connections/routes';
import { eventRoutes } from './events/routes';
import type { PostStatusHub } from './events/post-status-hub';
import { healthRoutes } from './health/routes';
import { mcpRoutes } from './mcp/routes';
import { mediaRoutes, signedMediaRoutes } from './media/routes';
import { createApiMetrics } from './metrics';
import { openApiRoutes } from './openapi/routes';
import { openApiDocument } from './openapi/document';
import { API_BASE } from './openapi/paths';
import { assignCspNonce, contentSecurityPolicy } from './http/content-security-policy';
import { refuseCrossSiteWrites, requireCsrfToken } from './http/csrf';
import { depthBoundedJson } from './http/json-body';
import { boundWebFormBodies } from './http/web-form-body';
import { ProblemError, problemErrorHandler, sendProblem } from './http/problem';
import { createWriteRateLimit } from './http/rate-limits';
import { labelRoutes } from './labels/routes';
import { approvalRoutes } from './approvals/routes';
import { commentRoutes } from './comments/routes';
import { seriesRoutes } from './series/routes';
import { evergreenRoutes } from './evergreen/routes';
import { queueRoutes } from './queue/routes';
import { postRoutes } from './posts/routes';
import type { Services } from './services';
import { teamRoutes } from './teams/routes';
import { tokenRoutes } from './tokens/routes';
import { webhookRoutes } from './webhooks/routes';
import { templateRoutes } from './templates/routes';
import { snippetRoutes } from './snippets/routes';
import { importRoutes } from './imports/routes';
import { previewRoutes } from './previews/routes';
import { notificationRoutes } from './notifications/routes';
import type { WebApp } from '../web/handler';

export interface AppDeps {
  config: Config;
  db: Db;
  temporal: Client;
  logger: Logger;
  services: Services;
  /** post status changes for /api/v1/events */
  postStatusHub: PostStatusHub;
  /** where sessions live (a PrismaSessionStore in production) */
  sessionStore: session.Store;
  /** the web app (web/handler.ts); absent in API-only tests */
  web?: WebApp;
  /** where unexpected errors (answers 500) are reported (lib/error-reporting.ts) */
  errorReporter: ErrorReporter;
}

const SESSION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

export function createApp(deps: AppDeps): express.Express {
  const { config, db, logger, services } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);

  app.use(assignCspNonce);
  app.use(
    helmet({
      contentSecurityPolicy,
      // NOTE: not helmet's default `no-referrer`: with it Chromium sends `Origin: null` on form
      // posts, and React Router refuses them as cross-site (forms without JavaScript broke).
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  const metrics = createApiMetrics({ db, config });
  app.use(metrics.measure);
  app.use(metrics.routes);
  app.use(
    pinoHttp({
      logger,
      // a caller's X-Request-Id is kept (so a request can be followed across services), else one is made
      genReqId: (req, res) => {
        const id = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 128)) || randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: {
        ignore: (req) => ['/healthz', '/readyz', '/metrics'].includes(req.url ?? '') || Boolean(deps.web?.isModuleRequest?.(req.url ?? '')),
      },
    }),
  );
  app.use(healthRoutes({ db, temporal: deps.temporal }));
  // Browsers on the configured origins may call the API with their cookies (CORS preflights included).
  app.use(
    API_BASE,
    cors({
      origin: config.CORS_ORIGINS,
      credentials: true,
      exposedHeaders: ['Location', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed'],
    }),
  );
  app.use(refuseCrossSiteWrites(config.CORS_ORIGINS));
  // /api/v1/openapi.json and /api/docs (outside /api/v1, so mounted on the app itself)
  app.use(openApiRoutes(openApiDocument));
  // signed public media URLs: platforms fetch these without a session
  app.use(signedMediaRoutes(services));

  const passport = createPassport(db, services.auth);
  app.use(
    session({
      name: 'planrrr.sid',
      secret: config.SESSION_SECRET,
      store: deps.sessionStore,
      resave: false,
      saveUninitialized: false,
      // Secure whenever users reach planrrr over https (behind a proxy, set TRUST_PROXY).
      cookie: { httpOnly: true, sameSite: 'lax', secure: new URL(config.PUBLIC_URL).protocol === 'https:', maxAge: SESSION_MAX_AGE_MS },
    }),
  );
  app.use(passport.session());
  app.use(resolveActor(passport, db));
  app.use(mcpRoutes());

  const api = express.Router();
  api.use(depthBoundedJson({ limit: '100kb' }));
  // sign-up and log-in are limited inside the auth service, for the web forms alike (auth/login-limits.ts)
  api.use(createWriteRateLimit({ db, config }));
  api.use(requireCsrfToken);
  api.use(authRoutes(services, passport));
  api.use(accountRoutes(services));
  api.use(teamRoutes(services));
  api.use(tokenRoutes(services));
  api.use(connectionRoutes(services));
  api.use(postRoutes(services));
  api.use(labelRoutes(services));
  api.use(approvalRoutes(services));
  api.use(commentRoutes(services));
  api.use(seriesRoutes(services));
  api.use(evergreenRoutes(services));
  api.use(queueRoutes(services));
  api.use(auditRoutes(services));
  api.use(mediaRoutes(services));
  api.use(webhookRoutes(services));
  api.use(eventRoutes(deps.postStatusHub, { streamsPerUser: config.EVENT_STREAMS_PER_USER }));
  api.use(analyticsRoutes(services));
  api.use(templateRoutes(services));
  api.use(snippetRoutes(services));
  api.use(aiRoutes(services));
  api.use(importRoutes(services));
  api.use(previewRoutes(services));
  api.use(notificationRoutes(services));
  api.use((req, res) =>
    sendProblem(res, new ProblemError(404, 'not-found', 'Not found', `${req.method} ${req.baseUrl}${req.path} is not an API route.`)),
  );
  api.use(problemErrorHandler(logger, deps.errorReporter));
  app.use(API_BASE, api);

  if (deps.web) app.use(boundWebFormBodies(), deps.web.handler);
  app.use(problemErrorHandler(logger, deps.errorReporter));
  return app;
}
