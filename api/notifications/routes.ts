import { Router } from 'express';
import { requireActor, requirePermission, requireSession } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { CreateChatWebhookSchema, MarkReadSchema, NotificationListQuerySchema, NotificationSettingsInputSchema } from './schemas';

const chatWebhookProblems = { 401: '', 403: 'managing chat webhooks needs the owner or admin role' };

export const notificationEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/notifications',
    operationId: 'listNotifications',
    tags: ['notifications'],
    summary: "The caller's notifications in the current team, newest first, with the unread count",
    security: security.sessionOrToken,
    request: { query: NotificationListQuerySchema },
    responses: { 200: json('NotificationList', 'A page of notifications') },
    problems: { 400: '', 401: '', 403: '' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:read');
      res.json(await services.notifications.list(actor, parseRequest(NotificationListQuerySchema, req, 'query')));
    },
  },
  {
    method: 'post',
    path: '/notifications/read',
    operationId: 'markNotificationsRead',
    tags: ['notifications'],
    summary: 'Mark notifications read: the ones named by `ids`, or `all`',
    security: security.sessionOrToken,
    request: { body: jsonBody(MarkReadSchema) },
    responses: { 200: json('UnreadCount', 'What is still unread') },
    problems: { 400: '', 401: '', 403: '' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:read');
      res.json(await services.notifications.markRead(actor, parseRequest(MarkReadSchema, req, 'body')));
    },
  },
  {
    method: 'get',
    path: '/me/notification-settings',
    operationId: 'getNotificationSettings',
    tags: ['notifications'],
    summary: 'What the logged-in user is told of, per kind: in the app, by email',
    security: security.session,
    responses: { 200: json('NotificationSettings', 'Every kind, with its channels') },
    problems: { 401: '', 403: 'needs a session' },
    async handler(req, res, services) {
      res.json(await services.notifications.settings(requireSession(req).userId));
    },
  },
  {
    method: 'put',
    path: '/me/notification-settings',
    operationId: 'setNotificationSettings',
    tags: ['notifications'],
    summary: 'Change what the logged-in user is told of; kinds left out keep their settings',
    security: security.session,
    request: { body: jsonBody(NotificationSettingsInputSchema) },
    responses: { 200: json('NotificationSettings', 'Every kind, as now set') },
    problems: { 400: '', 401: '', 403: 'needs a session' },
    async handler(req, res, services) {
      const { userId } = requireSession(req);
      res.json(await services.notifications.saveSettings(userId, parseRequest(NotificationSettingsInputSchema, req, 'body')));
    },
  },
  {
    method: 'post',
    path: '/teams/current/chat-webhooks',
    operationId: 'createChatWebhook',
    tags: ['notifications'],
    summary: "Post the team's notifications to a Slack or Discord channel, through its incoming webhook",
    security: security.sessionOrToken,
    request: { body: jsonBody(CreateChatWebhookSchema) },
    responses: { 201: json('ChatWebhook', 'Created; its URL is not shown again, only a hint of it') },
    problems: { 400: "also when the URL is not the platform's incoming webhook", ...chatWebhookProblems },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'webhooks:manage');
      res.status(201).json(await services.chatWebhooks.create(actor, parseRequest(CreateChatWebhookSchema, req, 'body')));
    },
  },
  {
    method: 'get',
    path: '/teams/current/chat-webhooks',
    operationId: 'listChatWebhooks',
    tags: ['notifications'],
    summary: "The team's Slack and Discord webhooks for notifications",
    security: security.sessionOrToken,
    responses: { 200: json('ChatWebhookList', 'The chat webhooks') },
    problems: chatWebhookProblems,
    async handler(req, res, services) {
      res.json({ data: await services.chatWebhooks.list(requirePermission(req, 'webhooks:manage')) });
    },
  },
  {
    method: 'delete',
    path: '/teams/current/chat-webhooks/:id',
    operationId: 'deleteChatWebhook',
    tags: ['notifications'],
    summary: 'Stop posting notifications to a chat webhook',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Deleted') },
    problems: { ...chatWebhookProblems, 404: '' },
    async handler(req, res, services) {
      await services.chatWebhooks.remove(requirePermission(req, 'webhooks:manage'), String(req.params.id));
      res.status(204).end();
    },
  },
]);

export function notificationRoutes(services: Services): Router {
  const router = Router();
  router.use(['/notifications', '/me/notification-settings', '/teams/current/chat-webhooks'], requireActor);
  router.param('id', malformedIdIsNotFound('Chat webhook'));
  return addRoutes(router, notificationEndpoints, services);
}
