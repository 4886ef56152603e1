import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { CreateEvergreenSchema, EditEvergreenSchema } from './schemas';

const TEMPORAL_SILENT = 'Temporal did not answer in time: send the request again';

const REFUSED =
  'an account not the team’s (`unknown-connection`) or whose queue has no slots (`queue-empty`), each naming `body.connectionIds.<i>`; ' +
  'a label not the team’s (`unknown-label`) or without posts (`empty-source`), naming `body.labelId`; a post not the team’s, cancelled, or itself a copy (`unknown-post`), naming `body.postIds.<i>`';

export const evergreenEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/evergreen',
    operationId: 'listEvergreenSets',
    tags: ['evergreen'],
    summary: "The team's evergreen sets, by name, each with its coming copies and recent shares per account",
    security: security.sessionOrToken,
    responses: { 200: json('EvergreenList', 'The sets') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json({ data: await services.evergreen.list(requirePermission(req, 'posts:read')) });
    },
  },
  {
    method: 'post',
    path: '/evergreen',
    operationId: 'createEvergreenSet',
    tags: ['evergreen'],
    summary: "Create an evergreen set: posts that refill its accounts' empty queue slots in rotation",
    description:
      'Runs as the workflow `evergreen-<id>`, which fills every empty slot within `horizonDays` with a copy of the post least recently shared to that account, ' +
      'never one shared there within `minGapDays` of the slot (before or after it), nor a text the platform would refuse as a duplicate. ' +
      'Each copy is a normal scheduled post (with `evergreenSetId` and `evergreenSourceId`), booked in the slot as Add to queue books a post. ' +
      'A slot no post can fill stays empty.',
    security: security.sessionOrToken,
    request: { body: jsonBody(CreateEvergreenSchema) },
    responses: { 201: json('Evergreen', 'Created; `Location` names the set') },
    problems: {
      400: 'a missing or invalid field, naming it: `minGapDays` under 1, `horizonDays` outside 1–60, both or neither of `labelId` and `postIds`, empty `postIds`',
      401: '',
      403: '',
      422: REFUSED,
      503: TEMPORAL_SILENT,
    },
    async handler(req, res, services) {
      const set = await services.evergreen.create(requirePermission(req, 'posts:write'), parseRequest(CreateEvergreenSchema, req, 'body'));
      res.status(201).location(`${API_BASE}/evergreen/${set.id}`).json(set);
    },
  },
  {
    method: 'get',
    path: '/evergreen/:id',
    operationId: 'getEvergreenSet',
    tags: ['evergreen'],
    summary: 'An evergreen set: its posts, and per account its coming copies and recent shares',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('Evergreen', 'The set') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      res.json(await services.evergreen.get(requirePermission(req, 'posts:read'), String(req.params.id)));
    },
  },
  {
    method: 'patch',
    path: '/evergreen/:id',
    operationId: 'editEvergreenSet',
    tags: ['evergreen'],
    summary: 'Change the set; the copies already booked stay. It refills at once with the new settings',
    description: 'Send `labelId` to share a label instead of a list, or `postIds` to share a list instead of a label.',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(EditEvergreenSchema) },
    responses: { 200: json('Evergreen', 'The set as changed') },
    problems: { 400: 'as for create, for the set as it would be', 401: '', 403: '', 404: '', 422: REFUSED, 503: TEMPORAL_SILENT },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      res.json(await services.evergreen.edit(actor, String(req.params.id), parseRequest(EditEvergreenSchema, req, 'body')));
    },
  },
  {
    method: 'delete',
    path: '/evergreen/:id',
    operationId: 'deleteEvergreenSet',
    tags: ['evergreen'],
    summary: 'Delete the set and end its workflow; the copies it created stay, as posts of their own',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Deleted') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      await services.evergreen.remove(requirePermission(req, 'posts:write'), String(req.params.id));
      res.status(204).end();
    },
  },
  {
    method: 'post',
    path: '/evergreen/:id/pause',
    operationId: 'pauseEvergreenSet',
    tags: ['evergreen'],
    summary: 'Pause: no slot is filled until resumed; the copies already booked keep their slots',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('Evergreen', 'The set, paused') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      res.json(await services.evergreen.pause(requirePermission(req, 'posts:write'), String(req.params.id)));
    },
  },
  {
    method: 'post',
    path: '/evergreen/:id/resume',
    operationId: 'resumeEvergreenSet',
    tags: ['evergreen'],
    summary: 'Resume: the set refills at once',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('Evergreen', 'The set, running') },
    problems: { 401: '', 403: '', 404: '', 503: TEMPORAL_SILENT },
    async handler(req, res, services) {
      res.json(await services.evergreen.resume(requirePermission(req, 'posts:write'), String(req.params.id)));
    },
  },
  {
    method: 'post',
    path: '/evergreen/:id/refill',
    operationId: 'refillEvergreenSet',
    tags: ['evergreen'],
    summary: 'Refill now, and answer what the refill did: the copies booked, the slots left empty and why',
    description: "The set's workflow runs the refill (one at a time per set). 202 when it did not answer in time: it refills all the same.",
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: {
      200: json('EvergreenRefill', 'The refill'),
      202: json('EvergreenRefillAccepted', 'Refilling: follow the set (GET /evergreen/{id})'),
    },
    problems: { 401: '', 403: '', 404: '', 503: TEMPORAL_SILENT },
    async handler(req, res, services) {
      const result = await services.evergreen.refill(requirePermission(req, 'posts:write'), String(req.params.id));
      if ('summary' in result) res.json(result.summary);
      else res.status(202).json({ workflowId: result.accepted.workflowId, detail: 'The set is refilling; read it again shortly.' });
    },
  },
]);

export function evergreenRoutes(services: Services): Router {
  const router = Router();
  router.use('/evergreen', requireActor);
  router.param('id', malformedIdIsNotFound('Evergreen set'));
  return addRoutes(router, evergreenEndpoints, services);
}
