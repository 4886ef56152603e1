import { Router } from 'express';
import { z } from 'zod';
import { requireSession } from '../auth/actor';
import { parseRequest } from '../http/validate';
import type { Services } from '../services';

export const DeleteAccountSchema = z.object({
  password: z.string({ error: 'Confirm with your password' }).min(1, { error: 'Confirm with your password' }),
});

export function accountRoutes(services: Services): Router {
  const router = Router();

  router.get('/me/export', async (req, res) => {
    const actor = requireSession(req);
    res.attachment('planrrr-export.json').json(await services.account.exportData(actor.userId));
  });

  router.delete('/me', async (req, res) => {
    const actor = requireSession(req);
    const { password } = parseRequest(DeleteAccountSchema, req, 'body');
    await services.account.deleteAccount(actor.userId, password);
    await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
    res.clearCookie('planrrr.sid').status(204).end();
  });

  return router;
}
