import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { CreateTemplateSchema, EditTemplateSchema } from './schemas';

const RULES_PROBLEM =
  "an account or media is not the team's (`unknown-connection`, `unknown-media`), an account needs reconnecting " +
  '(`connection-needs-reconnect`), or a target platform refuses the template ' +
  "(`platform-rules`, with `violations`: platform, rule, message, and connectionId for an account's): " +
  'variables are checked filled with their defaults, or 20 characters where they have none';

export const templateEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/templates',
    operationId: 'listTemplates',
    tags: ['templates'],
    summary: "The team's templates, by name",
    security: security.sessionOrToken,
    responses: { 200: json('TemplateList', 'The templates') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json({ data: await services.templates.list(requirePermission(req, 'posts:read')) });
    },
  },
  {
    method: 'post',
    path: '/templates',
    operationId: 'createTemplate',
    tags: ['templates'],
    summary: 'Save a post as a template, with variables',
    description:
      'Texts may hold variables, `{{name}}` or `{{name|default}}`, filled when a post is made from the template (POST /posts with `templateId`).',
    security: security.sessionOrToken,
    request: { body: jsonBody(CreateTemplateSchema) },
    responses: { 201: json('Template', 'Created; `Location` names the template') },
    problems: {
      400: "invalid input, or a label id that is not one of the team's (naming `body.labelIds.<i>`)",
      401: '',
      403: '',
      409: 'the team has a template of that name (`template-name-taken`)',
      422: RULES_PROBLEM,
    },
    async handler(req, res, services) {
      const template = await services.templates.create(
        requirePermission(req, 'posts:write'),
        parseRequest(CreateTemplateSchema, req, 'body'),
      );
      res.status(201).location(`${API_BASE}/templates/${template.id}`).json(template);
    },
  },
  {
    method: 'get',
    path: '/templates/:id',
    operationId: 'getTemplate',
    tags: ['templates'],
    summary: 'A template, with the variables its texts hold',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('Template', 'The template') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      res.json(await services.templates.get(requirePermission(req, 'posts:read'), String(req.params.id)));
    },
  },
  {
    method: 'patch',
    path: '/templates/:id',
    operationId: 'editTemplate',
    tags: ['templates'],
    summary: 'Change a template; it is checked again as a whole',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(EditTemplateSchema) },
    responses: { 200: json('Template', 'The template as changed') },
    problems: {
      400: '',
      401: '',
      403: '',
      404: '',
      409: 'the team has another template of that name (`template-name-taken`)',
      422: RULES_PROBLEM,
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      res.json(await services.templates.edit(actor, String(req.params.id), parseRequest(EditTemplateSchema, req, 'body')));
    },
  },
  {
    method: 'delete',
    path: '/templates/:id',
    operationId: 'deleteTemplate',
    tags: ['templates'],
    summary: 'Delete a template; posts made from it stay as they are',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Deleted') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      await services.templates.remove(requirePermission(req, 'posts:write'), String(req.params.id));
      res.status(204).end();
    },
  },
]);

export function templateRoutes(services: Services): Router {
  const router = Router();
  router.use('/templates', requireActor);
  router.param('id', malformedIdIsNotFound('Template'));
  return addRoutes(router, templateEndpoints, services);
}
