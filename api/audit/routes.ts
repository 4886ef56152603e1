import { Router } from 'express';
import { z } from 'zod';
import { requireActor, requirePermission } from '../auth/actor';
import { parseRequest } from '../http/validate';
import type { Services } from '../services';

export const AuditQuerySchema = z.object({
  before: z.string().max(64).optional().describe('the id of the last entry of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function auditRoutes(services: Services): Router {
  const router = Router();
  router.get('/audit-log', requireActor, async (req, res) => {
    const actor = requirePermission(req, 'audit:read');
    res.json(await services.audit.list(actor, parseRequest(AuditQuerySchema, req, 'query')));
  });
  return router;
}
