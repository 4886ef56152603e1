import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { parseRequest } from '../http/validate';
import { json, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { AnalyticsQuerySchema } from './schemas';

export const analyticsEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/analytics',
    operationId: 'getAnalytics',
    tags: ['analytics'],
    summary: 'Posts by status, success rate by platform, posts per day and publishing lateness over a range',
    security: security.sessionOrToken,
    request: { query: AnalyticsQuerySchema },
    responses: { 200: json('Analytics', 'The summary of posts whose publish time falls in [from, to), and of all posts still scheduled') },
    problems: {
      400: 'a bad time, time zone, or a range that is empty or longer than 366 days',
      401: '',
      403: '',
      404: 'no such connection or label in this team',
    },
    before: [requireActor],
    async handler(req, res, services) {
      const actor = requirePermission(req, 'analytics:read');
      res.json(await services.analytics.summary(actor, parseRequest(AnalyticsQuerySchema, req, 'query')));
    },
  },
]);

export function analyticsRoutes(services: Services): Router {
  return addRoutes(Router(), analyticsEndpoints, services);
}
