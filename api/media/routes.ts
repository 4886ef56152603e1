// Media routes: the team's uploads under /api/v1/media, and the signed public URLs that
// platforms fetch media from.
import { Router, type Response } from 'express';
import { SIGNED_MEDIA_PATH } from '../../lib/media-urls';
import { requireActor, requirePermission } from '../auth/actor';
import { parseRequest } from '../http/validate';
import type { Services } from '../services';
import { SignedMediaQuerySchema } from './schemas';
import type { MediaContent } from './service';

function sendContent(res: Response, content: MediaContent, cacheControl: string): void {
  res.status(200).set({
    'Content-Type': content.mimeType,
    'Content-Length': String(content.sizeBytes),
    'Cache-Control': cacheControl,
    // The type was detected from the bytes at upload; browsers must not guess another.
    'X-Content-Type-Options': 'nosniff',
  });
  content.stream.on('error', (error) => res.destroy(error));
  content.stream.pipe(res);
}

/** /api/v1/media: the team's uploads. */
export function mediaRoutes(services: Services): Router {
  const router = Router();
  router.use('/media', requireActor);

  router.post('/media', async (req, res) => {
    const media = await services.media.upload(requirePermission(req, 'media:write'), req);
    res.status(201).location(`/api/v1/media/${media.id}`).json(media);
  });

  router.get('/media/:id', async (req, res) => {
    res.json(await services.media.get(requirePermission(req, 'media:read'), String(req.params.id)));
  });

  router.get('/media/:id/content', async (req, res) => {
    const content = await services.media.content(requirePermission(req, 'media:read'), String(req.params.id));
    sendContent(res, content, 'private, max-age=3600');
  });

  router.delete('/media/:id', async (req, res) => {
    await services.media.delete(requirePermission(req, 'media:write'), String(req.params.id));
    res.status(204).end();
  });

  return router;
}

/** /media/:id?expires=&signature=: a signed, time-limited public URL (platforms fetch media from it). */
export function signedMediaRoutes(services: Services): Router {
  const router = Router();
  router.get(`${SIGNED_MEDIA_PATH}/:id`, async (req, res) => {
    const { expires, signature } = parseRequest(SignedMediaQuerySchema, req, 'query');
    const content = await services.media.signedContent(String(req.params.id), expires, signature);
    sendContent(res, content, 'public, max-age=300');
  });
  return router;
}
