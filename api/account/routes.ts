import { Router } from 'express';
import { requireSession } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { parseRequest } from '../http/validate';
import { json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { DeleteAccountSchema } from './schemas';

export const accountEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/me/export',
    operationId: 'exportMyData',
    tags: ['account'],
    summary: 'Everything planrrr holds about the logged-in user, as a JSON download (GDPR)',
    security: security.session,
    responses: { 200: json('AccountExport', 'The export (Content-Disposition: attachment)') },
    problems: { 401: '', 403: 'needs a session' },
    async handler(req, res, services) {
      const actor = requireSession(req);
      res.attachment('planrrr-export.json').json(await services.account.exportData(actor.userId));
    },
  },
  {
    method: 'delete',
    path: '/me',
    operationId: 'deleteMyAccount',
    tags: ['account'],
    summary: 'Delete the account (GDPR): teams the user was alone in go with it; posts in shared teams stay, without an author',
    security: security.session,
    request: { body: jsonBody(DeleteAccountSchema) },
    responses: { 204: noContent('Deleted; the session ends') },
    problems: {
      400: 'the password is wrong',
      401: '',
      403: 'needs a session',
      409: 'a shared team would be left without an owner (`last-owner`, with `teamIds`)',
    },
    async handler(req, res, services) {
      const actor = requireSession(req);
      const { password } = parseRequest(DeleteAccountSchema, req, 'body');
      await services.account.deleteAccount(actor.userId, password);
      await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
      res.clearCookie('planrrr.sid').status(204).end();
    },
  },
]);

export function accountRoutes(services: Services): Router {
  return addRoutes(Router(), accountEndpoints, services);
}
