import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { CreateSnippetSchema, EditSnippetSchema } from './schemas';

export const snippetEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/snippets',
    operationId: 'listSnippets',
    tags: ['snippets'],
    summary: "The team's snippets, by name",
    security: security.sessionOrToken,
    responses: { 200: json('SnippetList', 'The snippets') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json({ data: await services.snippets.list(requirePermission(req, 'posts:read')) });
    },
  },
  {
    method: 'post',
    path: '/snippets',
    operationId: 'createSnippet',
    tags: ['snippets'],
    summary: 'Save a block of text (a hashtag group, a disclaimer) to insert in posts',
    security: security.sessionOrToken,
    request: { body: jsonBody(CreateSnippetSchema) },
    responses: { 201: json('Snippet', 'Created; `Location` names the snippet') },
    problems: { 400: '', 401: '', 403: '', 409: 'the team has a snippet of that name (`snippet-name-taken`)' },
    async handler(req, res, services) {
      const snippet = await services.snippets.create(requirePermission(req, 'posts:write'), parseRequest(CreateSnippetSchema, req, 'body'));
      res.status(201).location(`${API_BASE}/snippets/${snippet.id}`).json(snippet);
    },
  },
  {
    method: 'get',
    path: '/snippets/:id',
    operationId: 'getSnippet',
    tags: ['snippets'],
    summary: 'A snippet',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('Snippet', 'The snippet') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      res.json(await services.snippets.get(requirePermission(req, 'posts:read'), String(req.params.id)));
    },
  },
  {
    method: 'patch',
    path: '/snippets/:id',
    operationId: 'editSnippet',
    tags: ['snippets'],
    summary: 'Rename a snippet or change its text (posts it was inserted in keep theirs)',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(EditSnippetSchema) },
    responses: { 200: json('Snippet', 'The snippet as changed') },
    problems: { 400: '', 401: '', 403: '', 404: '', 409: 'the team has another snippet of that name (`snippet-name-taken`)' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      res.json(await services.snippets.edit(actor, String(req.params.id), parseRequest(EditSnippetSchema, req, 'body')));
    },
  },
  {
    method: 'delete',
    path: '/snippets/:id',
    operationId: 'deleteSnippet',
    tags: ['snippets'],
    summary: 'Delete a snippet',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Deleted') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      await services.snippets.remove(requirePermission(req, 'posts:write'), String(req.params.id));
      res.status(204).end();
    },
  },
]);

export function snippetRoutes(services: Services): Router {
  const router = Router();
  router.use('/snippets', requireActor);
  router.param('id', malformedIdIsNotFound('Snippet'));
  return addRoutes(router, snippetEndpoints, services);
}
