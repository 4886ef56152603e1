import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { parseRequest } from '../http/validate';
import type { Services } from '../services';
import { CreateWebhookSchema } from './schemas';

export function webhookRoutes(services: Services): Router {
  const router = Router();
  router.use('/webhooks', requireActor);

  router.post('/webhooks', async (req, res) => {
    const actor = requirePermission(req, 'webhooks:manage');
    res.status(201).json(await services.webhooks.create(actor, parseRequest(CreateWebhookSchema, req, 'body')));
  });

  router.get('/webhooks', async (req, res) => {
    res.json({ data: await services.webhooks.list(requirePermission(req, 'webhooks:manage')) });
  });

  router.delete('/webhooks/:id', async (req, res) => {
    await services.webhooks.remove(requirePermission(req, 'webhooks:manage'), String(req.params.id));
    res.status(204).end();
  });

  router.get('/webhooks/:id/deliveries', async (req, res) => {
    res.json({ data: await services.webhooks.deliveries(requirePermission(req, 'webhooks:manage'), String(req.params.id)) });
  });

  router.post('/webhooks/:id/test', async (req, res) => {
    res.status(202).json(await services.webhooks.ping(requirePermission(req, 'webhooks:manage'), String(req.params.id)));
  });

  return router;
}
