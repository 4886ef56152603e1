import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { CreateWebhookSchema } from './schemas';

const webhookProblems = { 401: '', 403: 'managing webhooks needs the owner or admin role' };

export const webhookEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'post',
    path: '/webhooks',
    operationId: 'createWebhook',
    tags: ['webhooks'],
    summary: 'Subscribe a URL to post events; the signing secret is shown once',
    description:
      'planrrr POSTs each event as JSON, signed: `Planrrr-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, ' +
      'with `Planrrr-Event` and `Planrrr-Delivery` (the delivery id, to deduplicate). A 2xx answer is delivered; 410 Gone disables the ' +
      'webhook; anything else is retried with exponential backoff for 24 hours.',
    security: security.sessionOrToken,
    request: { body: jsonBody(CreateWebhookSchema) },
    responses: { 201: json('CreatedWebhook', 'The webhook, with its signing secret in `secret`') },
    problems: { 400: 'also when the URL points at a private or loopback address', ...webhookProblems },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'webhooks:manage');
      res.status(201).json(await services.webhooks.create(actor, parseRequest(CreateWebhookSchema, req, 'body')));
    },
  },
  {
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhooks',
    tags: ['webhooks'],
    summary: "The team's webhooks",
    security: security.sessionOrToken,
    responses: { 200: json('WebhookList', 'The webhooks (without secrets)') },
    problems: webhookProblems,
    async handler(req, res, services) {
      res.json({ data: await services.webhooks.list(requirePermission(req, 'webhooks:manage')) });
    },
  },
  {
    method: 'delete',
    path: '/webhooks/:id',
    operationId: 'deleteWebhook',
    tags: ['webhooks'],
    summary: 'Delete a webhook and its deliveries',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Deleted') },
    problems: { ...webhookProblems, 404: '' },
    async handler(req, res, services) {
      await services.webhooks.remove(requirePermission(req, 'webhooks:manage'), String(req.params.id));
      res.status(204).end();
    },
  },
  {
    method: 'get',
    path: '/webhooks/:id/deliveries',
    operationId: 'listWebhookDeliveries',
    tags: ['webhooks'],
    summary: 'The 50 most recent deliveries of a webhook, with every attempt',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('WebhookDeliveryList', 'Newest first') },
    problems: { ...webhookProblems, 404: '' },
    async handler(req, res, services) {
      res.json({ data: await services.webhooks.deliveries(requirePermission(req, 'webhooks:manage'), String(req.params.id)) });
    },
  },
  {
    method: 'post',
    path: '/webhooks/:id/test',
    operationId: 'testWebhook',
    tags: ['webhooks'],
    summary: 'Send a `ping` event to the webhook now',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 202: json('WebhookPing', 'Queued; follow it in the deliveries') },
    problems: { ...webhookProblems, 404: '', 409: 'the webhook is disabled (`webhook-disabled`)' },
    async handler(req, res, services) {
      res.status(202).json(await services.webhooks.ping(requirePermission(req, 'webhooks:manage'), String(req.params.id)));
    },
  },
]);

export function webhookRoutes(services: Services): Router {
  const router = Router();
  router.use('/webhooks', requireActor);
  return addRoutes(router, webhookEndpoints, services);
}
