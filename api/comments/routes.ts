import { Router } from 'express';
import { requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { CommentParams, CreateCommentSchema } from './schemas';

export const commentEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/posts/:id/comments',
    operationId: 'listComments',
    tags: ['comments'],
    summary: "The post's internal comments, oldest first (every member reads them)",
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('CommentList', 'The comments') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      res.json({ data: await services.comments.list(requirePermission(req, 'posts:read'), String(req.params.id)) });
    },
  },
  {
    method: 'post',
    path: '/posts/:id/comments',
    operationId: 'createComment',
    tags: ['comments'],
    summary: 'Comment on a post (editors and up); the team members it mentions (`@name`, `@email`) are told',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(CreateCommentSchema) },
    responses: { 201: json('Comment', 'Created') },
    problems: { 400: '', 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      const { body } = parseRequest(CreateCommentSchema, req, 'body');
      res.status(201).json(await services.comments.create(actor, String(req.params.id), body));
    },
  },
  {
    method: 'delete',
    path: '/posts/:id/comments/:commentId',
    operationId: 'deleteComment',
    tags: ['comments'],
    summary: "Delete one of the caller's own comments (a rejection's reason stays)",
    security: security.sessionOrToken,
    request: { params: CommentParams },
    responses: { 204: noContent('Deleted') },
    problems: { 401: '', 403: "not the comment's author", 404: '', 409: "a rejection's reason (`comment-is-decision`)" },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      await services.comments.remove(actor, String(req.params.id), String(req.params.commentId));
      res.status(204).end();
    },
  },
]);

export function commentRoutes(services: Services): Router {
  const router = Router();
  router.param('id', malformedIdIsNotFound('Post'));
  router.param('commentId', malformedIdIsNotFound('Comment'));
  return addRoutes(router, commentEndpoints, services);
}
