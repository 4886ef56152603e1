// /api/v1/imports: bulk imports of posts from a CSV or JSON file (docs/import.md).
import { Router, type Response } from 'express';
import { IMPORT_ROW_LIMIT } from '../../domain/import-rows';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes, type Endpoint } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, JSON_TYPE, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { CreateImportJsonSchema, ImportRowsQuerySchema } from './schemas';

const PHASE_CONFLICT = 'the import is past that step, or not yet at it (`import-phase`, with its `phase`)';

/** POST /imports/{id}/<message>: the message to the import's workflow, answered with the import as it is (the workflow acts on it shortly). */
function messageEndpoint(message: 'confirm' | 'pause' | 'resume' | 'cancel' | 'undo', summary: string): Endpoint<Services> {
  return {
    method: 'post',
    path: `/imports/:id/${message}`,
    operationId: `${message}Import`,
    tags: ['imports'],
    summary,
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 202: json('Import', 'Sent to the import; GET it to follow its `phase` and `rows`') },
    problems: { 401: '', 403: '', 404: '', 409: PHASE_CONFLICT },
    async handler(req, res, services) {
      res.status(202).json(await services.imports[message](requirePermission(req, 'posts:write'), String(req.params.id)));
    },
  };
}

function sendCreated(res: Response, created: { import: { id: string }; replayed: boolean }): void {
  if (created.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res
    .status(created.replayed ? 200 : 201)
    .location(`${API_BASE}/imports/${created.import.id}`)
    .json(created.import);
}

export const importEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'post',
    path: '/imports',
    operationId: 'createImport',
    tags: ['imports'],
    summary: 'Import posts from a CSV or JSON file (a dry run first, by default)',
    description:
      'multipart/form-data with the file in `file` (CSV with a header, or a JSON array of rows; UTF-8) and the options ' +
      '`dryRun` (`true`/`false`), `spreadFrom` and `spreadTo`; or JSON `{ rows, dryRun?, spread? }`. The columns, and what ' +
      `each row may say, are in docs/import.md. At most ${IMPORT_ROW_LIMIT} rows. The rows are checked by the import's workflow: ` +
      'GET the import to follow it, GET its rows for the problems found per row and column, then confirm. ' +
      'The same file sent again by the team answers the import it made (200, `Idempotent-Replayed: true`), creating nothing.',
    security: security.sessionOrToken,
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: {
                file: { type: 'string', format: 'binary', description: 'the CSV or JSON file' },
                dryRun: { type: 'string', enum: ['true', 'false'], description: 'default true: check, then wait for confirm' },
                spreadFrom: { type: 'string', format: 'date-time', description: 'spread the undated rows from this time …' },
                spreadTo: { type: 'string', format: 'date-time', description: '… to this one, instead of queueing them' },
              },
            },
          },
          [JSON_TYPE]: { schema: CreateImportJsonSchema },
        },
      },
    },
    responses: {
      201: json('Import', 'Received; its workflow checks the rows. `Location` names the import'),
      200: json('Import', 'The same file as an earlier import of the team: that import (`Idempotent-Replayed: true`)'),
    },
    problems: {
      400: 'a file that is empty, not UTF-8, without a header, with unknown columns or malformed CSV/JSON (naming `body.file` and the row), or options that are not valid',
      401: '',
      403: '',
      413: `more than ${IMPORT_ROW_LIMIT} rows (\`import-too-large\`, with \`maxRows\`)`,
      415: 'neither multipart/form-data nor JSON, or a file that is not CSV or JSON (`unsupported-import-type`)',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      if (req.is(JSON_TYPE))
        sendCreated(res, await services.imports.createFromRows(actor, parseRequest(CreateImportJsonSchema, req, 'body')));
      else sendCreated(res, await services.imports.upload(actor, req));
    },
  },
  {
    method: 'get',
    path: '/imports',
    operationId: 'listImports',
    tags: ['imports'],
    summary: "The team's latest 50 imports, newest first",
    security: security.sessionOrToken,
    responses: { 200: json('ImportList', 'The imports') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json({ data: await services.imports.list(requirePermission(req, 'posts:read')) });
    },
  },
  {
    method: 'get',
    path: '/imports/:id',
    operationId: 'getImport',
    tags: ['imports'],
    summary: 'An import: its phase and how many rows are in each status',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('Import', 'The import') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      res.json(await services.imports.get(requirePermission(req, 'posts:read'), String(req.params.id)));
    },
  },
  {
    method: 'get',
    path: '/imports/:id/rows',
    operationId: 'listImportRows',
    tags: ['imports'],
    summary: "An import's rows, a page at a time: their status, the problems found per column, the posts they became",
    security: security.sessionOrToken,
    request: { params: IdParams, query: ImportRowsQuerySchema },
    responses: { 200: json('ImportRows', 'A page of rows') },
    problems: { 400: '', 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:read');
      res.json(await services.imports.rows(actor, String(req.params.id), parseRequest(ImportRowsQuerySchema, req, 'query')));
    },
  },
  messageEndpoint('confirm', 'Create the posts of a checked import (its VALID rows)'),
  messageEndpoint('pause', 'Pause the import after the batch in hand'),
  messageEndpoint('resume', 'Resume a paused import'),
  messageEndpoint('cancel', 'Stop the import: nothing more is created (the posts made so far stay; undo cancels them)'),
  messageEndpoint('undo', 'Cancel every post the import created that has not published'),
]);

export function importRoutes(services: Services): Router {
  const router = Router();
  router.use('/imports', requireActor);
  router.param('id', malformedIdIsNotFound('Import'));
  return addRoutes(router, importEndpoints, services);
}
