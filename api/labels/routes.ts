import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { CreateLabelSchema, EditLabelSchema } from './schemas';

export const labelEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/labels',
    operationId: 'listLabels',
    tags: ['labels'],
    summary: "The team's labels, by name",
    security: security.sessionOrToken,
    responses: { 200: json('LabelList', 'The labels') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json({ data: await services.labels.list(requirePermission(req, 'posts:read')) });
    },
  },
  {
    method: 'post',
    path: '/labels',
    operationId: 'createLabel',
    tags: ['labels'],
    summary: 'Create a label for planning posts',
    security: security.sessionOrToken,
    request: { body: jsonBody(CreateLabelSchema) },
    responses: { 201: json('Label', 'Created; `Location` names the label') },
    problems: { 400: '', 401: '', 403: '', 409: 'the team has a label of that name, ignoring case (`label-name-taken`)' },
    async handler(req, res, services) {
      const label = await services.labels.create(requirePermission(req, 'posts:write'), parseRequest(CreateLabelSchema, req, 'body'));
      res.status(201).location(`${API_BASE}/labels/${label.id}`).json(label);
    },
  },
  {
    method: 'patch',
    path: '/labels/:id',
    operationId: 'editLabel',
    tags: ['labels'],
    summary: 'Rename or recolour a label',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(EditLabelSchema) },
    responses: { 200: json('Label', 'The label as changed') },
    problems: { 400: '', 401: '', 403: '', 404: '', 409: 'the team has another label of that name, ignoring case (`label-name-taken`)' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      res.json(await services.labels.edit(actor, String(req.params.id), parseRequest(EditLabelSchema, req, 'body')));
    },
  },
  {
    method: 'delete',
    path: '/labels/:id',
    operationId: 'deleteLabel',
    tags: ['labels'],
    summary: 'Delete a label; it is taken off every post',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Deleted') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      await services.labels.remove(requirePermission(req, 'posts:write'), String(req.params.id));
      res.status(204).end();
    },
  },
]);

export function labelRoutes(services: Services): Router {
  const router = Router();
  router.use('/labels', requireActor);
  router.param('id', malformedIdIsNotFound('Label'));
  return addRoutes(router, labelEndpoints, services);
}
