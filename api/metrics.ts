// The server's Prometheus metrics at /metrics: HTTP latency and status by route, and the
// number of posts in each status (read from the database at scrape time). Publishing
// figures come from the worker's own endpoint (activities/publish-metrics.ts).
import { Router, type RequestHandler } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { POST_STATUSES } from '../domain/post';
import type { Db } from '../lib/db';
import { addRoutes, defineRoutes } from './http/define-routes';
import { security } from './openapi/operation';

export const metricsEndpoints = defineRoutes<Registry>('', [
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags: ['health'],
    summary: 'Prometheus metrics (HTTP latency by route, posts by status)',
    security: security.open,
    responses: {
      200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } },
    },
    async handler(_req, res, registry) {
      res.type(registry.contentType).send(await registry.metrics());
    },
  },
]);

export function createApiMetrics(deps: { db: Db }) {
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

  return { measure, routes: addRoutes(Router(), metricsEndpoints, registry) };
}
