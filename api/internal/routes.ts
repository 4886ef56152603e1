// Endpoints for workers that run outside the database's network: read a post, and mirror
// a status the post's workflow decided, ordered by its stateVersion like savePostState.
// Only `X-Internal-API-Key` opens them, compared in constant time; they are not under
// /api/v1, carry no session, and are not part of the public document's security schemes.
import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { problems, ProblemError } from '../http/problem';
import { parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, security } from '../openapi/operation';
import { POST_FIELDS, toPostView } from '../posts/view';
import { InternalStatusSchema } from './schemas';

/** Hashing first gives both sides the same length, so the comparison leaks nothing. */
function requireInternalKey(expected: string): RequestHandler {
  const expectedDigest = Buffer.from(sha256(expected), 'hex');
  return (req, _res, next) => {
    const given = req.get('x-internal-api-key') ?? '';
    if (!timingSafeEqual(Buffer.from(sha256(given), 'hex'), expectedDigest)) {
      throw new ProblemError(401, 'unauthenticated', 'Authentication required', 'Send the X-Internal-API-Key header.');
    }
    next();
  };
}

interface InternalDeps {
  db: Db;
  internalApiKey: string;
  temporalUiUrl: string;
  namespace: string;
}

export const INTERNAL_BASE = '/internal';

export const internalEndpoints = defineRoutes<InternalDeps>(INTERNAL_BASE, [
  {
    method: 'get',
    path: '/posts/:id',
    operationId: 'internalGetPost',
    tags: ['internal'],
    summary: 'A post of any team, for workers',
    security: security.internalKey,
    request: { params: IdParams },
    responses: { 200: json('Post', 'The post as stored') },
    problems: { 401: 'missing or wrong X-Internal-API-Key', 404: '' },
    async handler(req, res, deps) {
      const id = String(req.params.id);
      const post = await deps.db.post.findUnique({ where: { id }, select: POST_FIELDS });
      if (!post) throw problems.notFound('Post', id);
      res.json(toPostView(post, { temporalUiUrl: deps.temporalUiUrl, namespace: deps.namespace }));
    },
  },
  {
    method: 'patch',
    path: '/posts/:id/status',
    operationId: 'internalSetPostStatus',
    tags: ['internal'],
    summary: "Mirror a status the post's workflow decided; applied only when `stateVersion` is newer than the stored one",
    security: security.internalKey,
    request: { params: IdParams, body: jsonBody(InternalStatusSchema) },
    responses: { 200: json('InternalStatusResult', '`applied` says whether the row changed (an older version is ignored)') },
    problems: { 400: '', 401: 'missing or wrong X-Internal-API-Key', 404: '' },
    async handler(req, res, { db }) {
      const id = String(req.params.id);
      const { status, stateVersion } = parseRequest(InternalStatusSchema, req, 'body');
      const { count } = await db.post.updateMany({ where: { id, stateVersion: { lt: stateVersion } }, data: { status, stateVersion } });
      if (count === 0 && !(await db.post.findUnique({ where: { id }, select: { id: true } }))) throw problems.notFound('Post', id);
      res.json({ applied: count === 1 });
    },
  },
]);

/** Mount at INTERNAL_BASE. */
export function internalRoutes(deps: InternalDeps): Router {
  const router = Router();
  router.use(requireInternalKey(deps.internalApiKey));
  return addRoutes(router, internalEndpoints, deps);
}
