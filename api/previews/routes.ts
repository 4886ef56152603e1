import { Router, type Response } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { ClientApprovalSchema, ClientCommentSchema, ClientPostParams, CreatePreviewSchema, PreviewTokenParams } from './schemas';

/** A client's page is for them alone: search engines leave it out, caches keep no copy. */
export function markPrivatePage(res: Response): void {
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res.setHeader('Cache-Control', 'no-store');
}

export const previewEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/previews',
    operationId: 'listPreviews',
    tags: ['previews'],
    summary: "The team's client preview links, newest first (expired and revoked ones too)",
    security: security.sessionOrToken,
    responses: { 200: json('PreviewLinkList', 'The links, without their URLs (shown once, at creation)') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json({ data: await services.previews.list(requirePermission(req, 'posts:read')) });
    },
  },
  {
    method: 'post',
    path: '/previews',
    operationId: 'createPreview',
    tags: ['previews'],
    summary: 'Make a link that shows a client posts (a list, or a range of the calendar) without an account',
    description:
      "Send `postIds` or `range`. The answer's `url` holds the secret: it is shown once. The page shows the posts as they are when it is opened; " +
      'with `allowApprove` and `allowComment` the client may approve or comment.',
    security: security.sessionOrToken,
    request: { body: jsonBody(CreatePreviewSchema) },
    responses: { 201: json('CreatedPreviewLink', 'Created; send the client `url`') },
    problems: { 400: "a field is not valid, or names a post or account that is not the team's", 401: '', 403: '' },
    async handler(req, res, services) {
      const link = await services.previews.create(requirePermission(req, 'posts:write'), parseRequest(CreatePreviewSchema, req, 'body'));
      res.status(201).location(`${API_BASE}/previews/${link.id}`).json(link);
    },
  },
  {
    method: 'delete',
    path: '/previews/:id',
    operationId: 'revokePreview',
    tags: ['previews'],
    summary: 'Revoke a preview link: it answers 410 from now on',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Revoked (or it already was)') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      await services.previews.revoke(requirePermission(req, 'posts:write'), String(req.params.id));
      res.status(204).end();
    },
  },
  {
    method: 'get',
    path: '/client-previews/:token',
    operationId: 'openPreview',
    tags: ['previews'],
    summary: 'What a preview link shows its client: the posts as each account will publish them',
    description: 'No session or API token: the token from the link is the credential. The web page `/preview/<token>` shows the same.',
    security: security.open,
    request: { params: PreviewTokenParams },
    responses: { 200: json('ClientPreview', 'The posts, of the link’s team only') },
    problems: {
      404: 'no link has this token',
      410: 'the link expired (`preview-link-expired`) or was revoked (`preview-link-revoked`)',
    },
    async handler(req, res, services) {
      const { token } = parseRequest(PreviewTokenParams, req, 'params');
      markPrivatePage(res);
      res.json(await services.previews.open(token));
    },
  },
  {
    method: 'post',
    path: '/client-previews/:token/posts/:postId/approve',
    operationId: 'approveAsClient',
    tags: ['previews'],
    summary: 'A client approves a post the link shows (when the link allows it), under the name they type',
    description:
      'It releases a post PENDING_APPROVAL when the link’s maker may decide on it under the team’s approval policy (`countedAsTeamApproval`); ' +
      'otherwise it is recorded for the team. Either way it is in the post’s comments and the audit log with the client’s name.',
    security: security.open,
    request: { params: ClientPostParams, body: jsonBody(ClientApprovalSchema) },
    responses: { 200: json('ClientApproval', 'Recorded; the post as the client now sees it') },
    problems: {
      400: '',
      403: 'the link does not let clients approve',
      404: 'no link has this token, or the link does not show this post',
      409: 'the post is out or cancelled (`post-not-approvable`)',
      410: 'the link expired or was revoked',
      429: 'more than 60 approvals and comments through this link in an hour',
    },
    async handler(req, res, services) {
      const { token, postId } = parseRequest(ClientPostParams, req, 'params');
      markPrivatePage(res);
      res.json(await services.previews.clientApprove(token, postId, parseRequest(ClientApprovalSchema, req, 'body')));
    },
  },
  {
    method: 'post',
    path: '/client-previews/:token/posts/:postId/comments',
    operationId: 'commentAsClient',
    tags: ['previews'],
    summary: 'A client comments on a post the link shows (when the link allows it), under the name they type',
    description:
      'The team reads it in the post’s comments, and the link’s maker is told. The client’s page shows what was sent through this link only.',
    security: security.open,
    request: { params: ClientPostParams, body: jsonBody(ClientCommentSchema) },
    responses: { 201: json('ClientPost', 'Sent; the post with its comments from this link') },
    problems: {
      400: '',
      403: 'the link does not let clients comment',
      404: 'no link has this token, or the link does not show this post',
      410: 'the link expired or was revoked',
      429: 'more than 60 approvals and comments through this link in an hour',
    },
    async handler(req, res, services) {
      const { token, postId } = parseRequest(ClientPostParams, req, 'params');
      markPrivatePage(res);
      res.status(201).json(await services.previews.clientComment(token, postId, parseRequest(ClientCommentSchema, req, 'body')));
    },
  },
]);

export function previewRoutes(services: Services): Router {
  const router = Router();
  router.use('/previews', requireActor);
  router.param('id', malformedIdIsNotFound('Preview link'));
  return addRoutes(router, previewEndpoints, services);
}
