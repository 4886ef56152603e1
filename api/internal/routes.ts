// Endpoints for workers that run outside the database's network: read a post, and mirror
// a status the post's workflow decided, ordered by its stateVersion like savePostState.
// Only `X-Internal-API-Key` opens them, compared in constant time; they are not under
// /api/v1, carry no session, and are not part of the public document's security schemes.
import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { POST_STATUSES } from '../../domain/post';
import { sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { problems, ProblemError } from '../http/problem';
import { parseRequest } from '../http/validate';
import { POST_FIELDS, toPostView } from '../posts/view';

export const InternalStatusSchema = z.object({
  status: z.enum(POST_STATUSES, { error: `status must be one of ${POST_STATUSES.join(', ')}` }),
  stateVersion: z.number({ error: 'stateVersion must be a number' }).int().positive().describe('applied only when newer than the stored one'),
});

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

export function internalRoutes(deps: { db: Db; internalApiKey: string; temporalUiUrl: string; namespace: string }): Router {
  const { db } = deps;
  const router = Router();
  router.use(requireInternalKey(deps.internalApiKey));

  router.get('/posts/:id', async (req, res) => {
    const id = String(req.params.id);
    const post = await db.post.findUnique({ where: { id }, select: POST_FIELDS });
    if (!post) throw problems.notFound('Post', id);
    res.json(toPostView(post, { temporalUiUrl: deps.temporalUiUrl, namespace: deps.namespace }));
  });

  router.patch('/posts/:id/status', async (req, res) => {
    const id = String(req.params.id);
    const { status, stateVersion } = parseRequest(InternalStatusSchema, req, 'body');
    const { count } = await db.post.updateMany({ where: { id, stateVersion: { lt: stateVersion } }, data: { status, stateVersion } });
    if (count === 0 && !(await db.post.findUnique({ where: { id }, select: { id: true } }))) throw problems.notFound('Post', id);
    res.json({ applied: count === 1 });
  });

  return router;
}
