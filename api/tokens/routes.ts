import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { CreateTokenSchema } from './schemas';

export const tokenEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'post',
    path: '/tokens',
    operationId: 'createToken',
    tags: ['tokens'],
    summary: 'Create an API token for the current team; the secret is shown once',
    security: security.sessionOrToken,
    request: { body: jsonBody(CreateTokenSchema) },
    responses: { 201: json('CreatedToken', 'The token, with its secret in `token`') },
    problems: { 400: '', 401: '', 403: '' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'tokens:manage');
      res.status(201).json(await services.tokens.create(actor, parseRequest(CreateTokenSchema, req, 'body')));
    },
  },
  {
    method: 'get',
    path: '/tokens',
    operationId: 'listTokens',
    tags: ['tokens'],
    summary: "The caller's API tokens in the current team (without secrets)",
    security: security.sessionOrToken,
    responses: { 200: json('TokenList', 'The tokens, newest first') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json({ data: await services.tokens.list(requirePermission(req, 'tokens:manage')) });
    },
  },
  {
    method: 'delete',
    path: '/tokens/:id',
    operationId: 'revokeToken',
    tags: ['tokens'],
    summary: 'Revoke an API token',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Revoked') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      await services.tokens.revoke(requirePermission(req, 'tokens:manage'), String(req.params.id));
      res.status(204).end();
    },
  },
]);

export function tokenRoutes(services: Services): Router {
  const router = Router();
  router.use('/tokens', requireActor);
  router.param('id', malformedIdIsNotFound('Token'));
  return addRoutes(router, tokenEndpoints, services);
}
