import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { PutQueueSchema, ReorderQueueSchema, UpcomingQuerySchema } from './schemas';

const changesDescription =
  'Each moved post is rescheduled through its workflow (`moved`: from, to). A post queued to several accounts at once keeps its time, ' +
  'and one whose workflow refuses the move (its publishing started) keeps its time and leaves the queue: both are listed in `notMoved` with the reason.';

export const queueEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/connections/:id/queue',
    operationId: 'getQueue',
    tags: ['queue'],
    summary: "The account's posting queue: its weekly time slots, time zone and whether it is paused",
    description: "An account whose queue was never set has no slots, in the caller's own time zone (UTC when they have none).",
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('QueueSettings', 'The queue') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      res.json(await services.queue.get(requirePermission(req, 'posts:read'), String(req.params.id)));
    },
  },
  {
    method: 'put',
    path: '/connections/:id/queue',
    operationId: 'putQueue',
    tags: ['queue'],
    summary: "Set the account's time slots (and time zone, paused); its queued posts move onto the new slots in their order",
    description:
      `${changesDescription} ` +
      'A slot time that daylight saving skips on a date (02:30 on the spring-forward Sunday in Europe/Berlin) falls on the first minute after the gap that day (03:00); ' +
      'one that happens twice (autumn) on the first of the two.',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(PutQueueSchema) },
    responses: { 200: json('QueueUpdated', 'The queue as set, and the queued posts it moved') },
    problems: {
      400: 'a slot twice (naming `body.slots.<i>`), a time not `HH:MM` in 00:00–23:59 (`body.slots.<i>.time`), an unknown day (`body.slots.<i>.day`), an unknown time zone (`body.timeZone`)',
      401: '',
      403: '',
      404: '',
      503: 'other changes held the queue for too long: try again',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      res.json(await services.queue.put(actor, String(req.params.id), parseRequest(PutQueueSchema, req, 'body')));
    },
  },
  {
    method: 'get',
    path: '/connections/:id/queue/upcoming',
    operationId: 'getQueueUpcoming',
    tags: ['queue'],
    summary: 'The coming slots of the account, each with the post booked in it or free',
    security: security.sessionOrToken,
    request: { params: IdParams, query: UpcomingQuerySchema },
    responses: { 200: json('QueueUpcoming', 'The queue and its coming slots, soonest first') },
    problems: { 400: '', 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:read');
      const { limit } = parseRequest(UpcomingQuerySchema, req, 'query');
      res.json(await services.queue.upcoming(actor, String(req.params.id), limit));
    },
  },
  {
    method: 'post',
    path: '/connections/:id/queue/reorder',
    operationId: 'reorderQueue',
    tags: ['queue'],
    summary: "Put the account's queued posts in a new order: they take the same slots between them",
    description: `Send every post queued in this account alone, in the new order. ${changesDescription}`,
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(ReorderQueueSchema) },
    responses: { 200: json('QueueChanges', 'The posts moved, and those not moved') },
    problems: {
      400: 'a post not in the queue (naming `body.postIds.<i>`), or a queued post left out (`body.postIds`)',
      401: '',
      403: '',
      404: '',
      503: 'other changes held the queue for too long: try again',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      const { postIds } = parseRequest(ReorderQueueSchema, req, 'body');
      res.json(await services.queue.reorder(actor, String(req.params.id), postIds));
    },
  },
  {
    method: 'post',
    path: '/connections/:id/queue/shuffle',
    operationId: 'shuffleQueue',
    tags: ['queue'],
    summary: "Put the account's queued posts in a random order",
    description: changesDescription,
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('QueueChanges', 'The posts moved, and those not moved') },
    problems: { 401: '', 403: '', 404: '', 503: 'other changes held the queue for too long: try again' },
    async handler(req, res, services) {
      res.json(await services.queue.shuffle(requirePermission(req, 'posts:write'), String(req.params.id)));
    },
  },
]);

export function queueRoutes(services: Services): Router {
  const router = Router();
  router.use('/connections', requireActor);
  router.param('id', malformedIdIsNotFound('Connection'));
  return addRoutes(router, queueEndpoints, services);
}
