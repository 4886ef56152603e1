import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { CreateSeriesSchema, EditSeriesSchema } from './schemas';

const SCHEDULER_SILENT = 'Temporal did not answer in time: send the request again (each change writes the whole Schedule)';

const RULES_BROKEN =
  'an account unknown or needing reconnection (`unknown-connection`, `connection-needs-reconnect`), unknown media (`unknown-media`), or a platform rule the longest occurrence text would break (`platform-rules`)';

export const seriesEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/series',
    operationId: 'listSeries',
    tags: ['series'],
    summary: "The team's series (recurring posts), by name, each with its coming occurrences",
    security: security.sessionOrToken,
    responses: { 200: json('SeriesList', 'The series') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json({ data: await services.series.list(requirePermission(req, 'posts:read')) });
    },
  },
  {
    method: 'post',
    path: '/series',
    operationId: 'createSeries',
    tags: ['series'],
    summary: 'Create a series: a post published again and again by a rule, at a time of day in a time zone',
    description:
      'Runs as the Temporal Schedule `series-<id>`. Each occurrence creates a normal post (with `seriesId`) at its time, which publishes at once; ' +
      '`{{n}}` and `{{date}}` in its text become its number and local date.',
    security: security.sessionOrToken,
    request: { body: jsonBody(CreateSeriesSchema) },
    responses: { 201: json('Series', 'Created; `Location` names the series') },
    problems: {
      400: 'a field is malformed, or the timing never fires: a weekly rule without days, every 0, an end before the start or past, after 0 posts, an unknown time zone, a time that is not HH:MM or that the time zone skips on a day of the series',
      401: '',
      403: '',
      422: RULES_BROKEN,
      503: SCHEDULER_SILENT,
    },
    async handler(req, res, services) {
      const series = await services.series.create(requirePermission(req, 'posts:write'), parseRequest(CreateSeriesSchema, req, 'body'));
      res.status(201).location(`${API_BASE}/series/${series.id}`).json(series);
    },
  },
  {
    method: 'get',
    path: '/series/:id',
    operationId: 'getSeries',
    tags: ['series'],
    summary: 'A series: its rule, coming occurrences, posts left, and the posts it created',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('Series', 'The series') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      res.json(await services.series.get(requirePermission(req, 'posts:read'), String(req.params.id)));
    },
  },
  {
    method: 'patch',
    path: '/series/:id',
    operationId: 'editSeries',
    tags: ['series'],
    summary: 'Change the coming occurrences; the posts already created stay as they are',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(EditSeriesSchema) },
    responses: { 200: json('Series', 'The series as changed') },
    problems: { 400: 'as for create, for the series as it would be', 401: '', 403: '', 404: '', 422: RULES_BROKEN, 503: SCHEDULER_SILENT },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      res.json(await services.series.edit(actor, String(req.params.id), parseRequest(EditSeriesSchema, req, 'body')));
    },
  },
  {
    method: 'delete',
    path: '/series/:id',
    operationId: 'deleteSeries',
    tags: ['series'],
    summary: 'Delete a series and its Schedule; the posts it created stay',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Deleted') },
    problems: { 401: '', 403: '', 404: '', 503: SCHEDULER_SILENT },
    async handler(req, res, services) {
      await services.series.remove(requirePermission(req, 'posts:write'), String(req.params.id));
      res.status(204).end();
    },
  },
  {
    method: 'post',
    path: '/series/:id/pause',
    operationId: 'pauseSeries',
    tags: ['series'],
    summary: 'Pause: no occurrence fires until resumed (its Schedule is paused, with a note)',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('Series', 'The series, paused') },
    problems: { 401: '', 403: '', 404: '', 503: SCHEDULER_SILENT },
    async handler(req, res, services) {
      res.json(await services.series.pause(requirePermission(req, 'posts:write'), String(req.params.id)));
    },
  },
  {
    method: 'post',
    path: '/series/:id/resume',
    operationId: 'resumeSeries',
    tags: ['series'],
    summary: 'Resume: occurrences fire again from the next one (the ones while paused are not made up)',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('Series', 'The series, running') },
    problems: { 401: '', 403: '', 404: '', 503: SCHEDULER_SILENT },
    async handler(req, res, services) {
      res.json(await services.series.resume(requirePermission(req, 'posts:write'), String(req.params.id)));
    },
  },
  {
    method: 'post',
    path: '/series/:id/skip-next',
    operationId: 'skipNextSeriesOccurrence',
    tags: ['series'],
    summary: 'Leave out the next occurrence (listed in `skipped`); it does not count against an `after` end',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('Series', 'The series, its next occurrence skipped') },
    problems: { 401: '', 403: '', 404: '', 409: 'the series has no coming occurrence (`series-has-no-next`)', 503: SCHEDULER_SILENT },
    async handler(req, res, services) {
      res.json(await services.series.skipNext(requirePermission(req, 'posts:write'), String(req.params.id)));
    },
  },
]);

export function seriesRoutes(services: Services): Router {
  const router = Router();
  router.use('/series', requireActor);
  router.param('id', malformedIdIsNotFound('Series'));
  return addRoutes(router, seriesEndpoints, services);
}
