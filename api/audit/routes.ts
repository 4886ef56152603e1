import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { parseRequest } from '../http/validate';
import { json, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { AuditQuerySchema } from './schemas';

export const auditEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/audit-log',
    operationId: 'getAuditLog',
    tags: ['teams'],
    summary: 'Who changed what in the current team, newest first (admins)',
    security: security.session,
    request: { query: AuditQuerySchema },
    responses: { 200: json('AuditLog', 'A page of entries') },
    problems: { 400: '', 401: '', 403: '' },
    before: [requireActor],
    async handler(req, res, services) {
      const actor = requirePermission(req, 'audit:read');
      res.json(await services.audit.list(actor, parseRequest(AuditQuerySchema, req, 'query')));
    },
  },
]);

export function auditRoutes(services: Services): Router {
  return addRoutes(Router(), auditEndpoints, services);
}
