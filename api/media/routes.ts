// Media routes: the team's uploads under /api/v1/media, and the signed public URLs that
// platforms fetch media from.
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { Router, type Response } from 'express';
import { SIGNED_MEDIA_PATH } from '../../lib/media-urls';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { parseRequest } from '../http/validate';
import { IdParams, json, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { ALT_TEXT_MAX, SignedMediaQuerySchema } from './schemas';
import type { MediaContent } from './service';
import { ACCEPTED_MEDIA_TYPES, DOCUMENT_MAX_BYTES, DOCUMENT_MAX_PAGES } from './upload';

function sendContent(res: Response, content: MediaContent, cacheControl: string): void {
  res.status(200).set({
    'Content-Type': content.mimeType,
    'Content-Length': String(content.sizeBytes),
    'Cache-Control': cacheControl,
    // The type was detected from the bytes at upload; browsers must not guess another.
    'X-Content-Type-Options': 'nosniff',
    // a PDF may carry scripts: it is downloaded, never opened in planrrr's origin (the app shows a card)
    ...(content.mimeType === 'application/pdf' ? { 'Content-Disposition': 'attachment' } : {}),
  });
  content.stream.on('error', (error) => res.destroy(error));
  content.stream.pipe(res);
}

const binary = (description: string): ResponseConfig => ({
  description,
  content: Object.fromEntries(Object.keys(ACCEPTED_MEDIA_TYPES).map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
});

/** /api/v1/media: the team's uploads. */
export const mediaEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'post',
    path: '/media',
    operationId: 'uploadMedia',
    tags: ['media'],
    summary: 'Upload an image, video or PDF document to attach to posts',
    description:
      `multipart/form-data with the file in \`file\` and an optional \`altText\` (at most ${ALT_TEXT_MAX} characters). ` +
      `The type is detected from the bytes: ${Object.keys(ACCEPTED_MEDIA_TYPES).join(', ')}. ` +
      "Size limits per kind are the server's MEDIA_MAX_IMAGE_BYTES and MEDIA_MAX_VIDEO_BYTES; a PDF (kind DOCUMENT, for " +
      `LinkedIn document posts) is at most ${DOCUMENT_MAX_BYTES} bytes and ${DOCUMENT_MAX_PAGES} pages.`,
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
                file: { type: 'string', format: 'binary', description: 'the image, video or PDF' },
                altText: { type: 'string', maxLength: ALT_TEXT_MAX, description: 'a description for people who cannot see it' },
              },
            },
          },
        },
      },
    },
    responses: { 201: json('Media', 'Stored; `Location` names the media') },
    problems: { 400: '', 401: '', 403: '', 413: '', 415: '', 422: 'a PDF of more pages than LinkedIn takes (`document-too-long`)' },
    async handler(req, res, services) {
      const media = await services.media.upload(requirePermission(req, 'media:write'), req);
      res.status(201).location(`${API_BASE}/media/${media.id}`).json(media);
    },
  },
  {
    method: 'get',
    path: '/media/:id',
    operationId: 'getMedia',
    tags: ['media'],
    summary: "A media file's metadata",
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('Media', 'The media') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      res.json(await services.media.get(requirePermission(req, 'media:read'), String(req.params.id)));
    },
  },
  {
    method: 'get',
    path: '/media/:id/content',
    operationId: 'getMediaContent',
    tags: ['media'],
    summary: "A media file's bytes (thumbnails and previews)",
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: binary('The file, with its detected Content-Type') },
    problems: { 401: '', 403: '', 404: '', 410: '' },
    async handler(req, res, services) {
      const content = await services.media.content(requirePermission(req, 'media:read'), String(req.params.id));
      sendContent(res, content, 'private, max-age=3600');
    },
  },
  {
    method: 'delete',
    path: '/media/:id',
    operationId: 'deleteMedia',
    tags: ['media'],
    summary: 'Delete a media file no unpublished post uses',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Deleted (finished posts that used it keep their text and results)') },
    problems: { 401: '', 403: '', 404: '', 409: 'a post that has not published yet uses it (`media-in-use`, with `postIds`)' },
    async handler(req, res, services) {
      await services.media.delete(requirePermission(req, 'media:write'), String(req.params.id));
      res.status(204).end();
    },
  },
]);

export function mediaRoutes(services: Services): Router {
  const router = Router();
  router.use('/media', requireActor);
  return addRoutes(router, mediaEndpoints, services);
}

/** /media/:id?expires=&signature=: a signed, time-limited public URL (platforms fetch media from it). */
export const signedMediaEndpoints = defineRoutes<Services>('', [
  {
    method: 'get',
    path: `${SIGNED_MEDIA_PATH}/:id`,
    operationId: 'getSignedMedia',
    tags: ['media'],
    summary: 'A media file through a signed, time-limited public URL',
    description: 'planrrr hands these URLs to platforms that fetch media themselves (Instagram). Not for API clients: they cannot sign.',
    security: security.open,
    request: { params: IdParams, query: SignedMediaQuerySchema },
    responses: { 200: binary('The file') },
    problems: { 400: '', 403: 'the signature is wrong or has expired (`forbidden`)', 404: '', 410: '' },
    async handler(req, res, services) {
      const { expires, signature } = parseRequest(SignedMediaQuerySchema, req, 'query');
      const content = await services.media.signedContent(String(req.params.id), expires, signature);
      sendContent(res, content, 'public, max-age=300');
    },
  },
]);

export function signedMediaRoutes(services: Services): Router {
  return addRoutes(Router(), signedMediaEndpoints, services);
}
