import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import type { Services } from '../services';
import { CreatePostSchema, EditPostSchema, IdempotencyHeadersSchema, ListPostsQuerySchema, ReschedulePostSchema, ScheduleDraftSchema } from './schemas';

export function postRoutes(services: Services): Router {
  const router = Router();
  router.use('/posts', requireActor);
  router.param('id', malformedIdIsNotFound('Post'));

  router.post('/posts', async (req, res) => {
    const actor = requirePermission(req, 'posts:write');
    const { 'idempotency-key': idempotencyKey } = parseRequest(IdempotencyHeadersSchema, req, 'headers');
    const input = parseRequest(CreatePostSchema, req, 'body');
    const { post, replayed } = await services.posts.create(actor, input, idempotencyKey);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(replayed ? 200 : 201).location(`/api/v1/posts/${post.id}`).json(post);
  });

  router.get('/posts', async (req, res) => {
    const actor = requirePermission(req, 'posts:read');
    res.json(await services.posts.list(actor, parseRequest(ListPostsQuerySchema, req, 'query')));
  });

  router.get('/posts/:id', async (req, res) => {
    res.json(await services.posts.get(requirePermission(req, 'posts:read'), String(req.params.id)));
  });

  router.patch('/posts/:id', async (req, res) => {
    const actor = requirePermission(req, 'posts:write');
    res.json(await services.posts.edit(actor, String(req.params.id), parseRequest(EditPostSchema, req, 'body')));
  });

  router.post('/posts/:id/reschedule', async (req, res) => {
    const actor = requirePermission(req, 'posts:write');
    const { publishAt, timeZone } = parseRequest(ReschedulePostSchema, req, 'body');
    res.json(await services.posts.reschedule(actor, String(req.params.id), publishAt, timeZone));
  });

  router.post('/posts/:id/cancel', async (req, res) => {
    res.json(await services.posts.cancel(requirePermission(req, 'posts:write'), String(req.params.id)));
  });

  router.post('/posts/:id/schedule', async (req, res) => {
    const actor = requirePermission(req, 'posts:write');
    const { publishAt, timeZone } = parseRequest(ScheduleDraftSchema, req, 'body');
    res.json(await services.posts.schedule(actor, String(req.params.id), publishAt, timeZone));
  });

  router.post('/posts/:id/retry', async (req, res) => {
    res.status(202).json(await services.posts.retry(requirePermission(req, 'posts:write'), String(req.params.id)));
  });

  router.delete('/posts/:id', async (req, res) => {
    await services.posts.remove(requirePermission(req, 'posts:write'), String(req.params.id));
    res.status(204).end();
  });

  return router;
}
