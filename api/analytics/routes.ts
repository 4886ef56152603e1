import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { parseRequest } from '../http/validate';
import type { Services } from '../services';
import { AnalyticsQuerySchema } from './schemas';

export function analyticsRoutes(services: Services): Router {
  const router = Router();
  router.get('/analytics', requireActor, async (req, res) => {
    const actor = requirePermission(req, 'analytics:read');
    res.json(await services.analytics.summary(actor, parseRequest(AnalyticsQuerySchema, req, 'query')));
  });
  return router;
}
