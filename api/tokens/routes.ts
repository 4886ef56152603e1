import { Router } from 'express';
import { z } from 'zod';
import { requireActor, requirePermission } from '../auth/actor';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import type { Services } from '../services';

export const CreateTokenSchema = z.object({
  name: z.string().trim().min(1, { error: 'Name the token, e.g. after the script that uses it' }).max(100),
  expiresAt: z.iso
    .datetime({ offset: true, error: 'expiresAt must be an ISO 8601 time with an offset' })
    .transform((value) => new Date(value))
    .refine((date) => date > new Date(), { error: 'expiresAt must be in the future' })
    .optional(),
});

export function tokenRoutes(services: Services): Router {
  const router = Router();
  router.use('/tokens', requireActor);
  router.param('id', malformedIdIsNotFound('Token'));

  router.post('/tokens', async (req, res) => {
    const actor = requirePermission(req, 'tokens:manage');
    res.status(201).json(await services.tokens.create(actor, parseRequest(CreateTokenSchema, req, 'body')));
  });

  router.get('/tokens', async (req, res) => {
    res.json({ data: await services.tokens.list(requirePermission(req, 'tokens:manage')) });
  });

  router.delete('/tokens/:id', async (req, res) => {
    await services.tokens.revoke(requirePermission(req, 'tokens:manage'), String(req.params.id));
    res.status(204).end();
  });

  return router;
}
