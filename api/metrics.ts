// The server's Prometheus metrics at /metrics: HTTP latency and status by route, and the
// number of posts in each status (read from the database at scrape time). Publishing
// figures come from the worker's own endpoint (activities/publish-metrics.ts). The app's
// port is public, so scrapes send METRICS_TOKEN as a bearer token, as Prometheus'
// `authorization` setting does.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { POST_STATUSES } from '../domain/post';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import { addRoutes, defineRoutes } from './http/define-routes';
import { ProblemError, problems } from './http/problem';
import { security } from './openapi/operation';

interface MetricsDeps {
  registry: Registry;
  /** METRICS_TOKEN; unset: open outside production, not served in production */
  token: string | undefined;
  production: boolean;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Equal-length digests compared in constant time: the answer's timing says nothing about the token. */
function hasToken(req: Request, token: string): boolean {
  const [scheme, given] = (req.headers.authorization ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && given !== undefined && timingSafeEqual(digest(given), digest(token));
}

function requireMetricsAccess(req: Request, { token, production }: MetricsDeps): void {
  if (token === undefined) {
    if (production) throw new ProblemError(404, 'not-found', 'Not found', 'Metrics are served only with METRICS_TOKEN set.');
    return;
  }
  if (!hasToken(req, token)) throw problems.unauthenticated('Send METRICS_TOKEN as `Authorization: Bearer <token>`.');
}

export const metricsEndpoints = defineRoutes<MetricsDeps>('', [
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags: ['health'],
    summary: 'Prometheus metrics (HTTP latency by route, posts by status)',
    description: 'Needs `METRICS_TOKEN` as a bearer token; while it is unset, open outside production and not served (404) in production.',
    security: security.metricsToken,
    problems: { 401: '', 404: 'Production without `METRICS_TOKEN`' },
    responses: {
      200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } },
    },
    async handler(req, res, deps) {
      requireMetricsAccess(req, deps);
      res.type(deps.registry.contentType).send(await deps.registry.metrics());
    },
  },
]);

export function createApiMetrics(deps: { db: Db; config: Pick<Config, 'METRICS_TOKEN' | 'NODE_ENV'> }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'planrrr_server_' });

  const httpDuration = new Histogram({
    name: 'planrrr_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  new Gauge({
    name: 'planrrr_posts',
    help: 'Posts by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await deps.db.post.groupBy({ by: ['status'], _count: { _all: true } });
      for (const status of POST_STATUSES) {
        this.set({ status }, counts.find((count) => count.status === status)?._count._all ?? 0);
      }
    },
  });

  /** Times every request, labelled by the route pattern (never the raw path: ids would explode the label set). */
  const measure: RequestHandler = (req, res, next) => {
    const stop = httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path
        ? `${req.baseUrl}${String(req.route.path)}`
        : (req.baseUrl ?? '').startsWith('/api')
          ? 'api:unmatched'
          : 'web';
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };

  return {
    measure,
    routes: addRoutes(Router(), metricsEndpoints, {
      registry,
      token: deps.config.METRICS_TOKEN,
      production: deps.config.NODE_ENV === 'production',
    }),
  };
}
