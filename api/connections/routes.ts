import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import type { Services } from '../services';
import { oauthRoutes } from './oauth-routes';
import { AvatarQuerySchema, ConnectSchema } from './schemas';

export function connectionRoutes(services: Services): Router {
  const router = Router();
  // first: the OAuth callback comes from a browser without a session or token
  router.use(oauthRoutes(services));
  router.use('/connections', requireActor);
  router.param('id', malformedIdIsNotFound('Connection'));

  router.get('/connections', async (req, res) => {
    res.json({ data: await services.connections.list(requirePermission(req, 'connections:read')) });
  });

  router.post('/connections', async (req, res) => {
    const actor = requirePermission(req, 'connections:write');
    const { connection, reconnected } = await services.connections.connect(actor, parseRequest(ConnectSchema, req, 'body'));
    // 200: the team already had this account, and its connection now has the new credentials
    res.status(reconnected ? 200 : 201).json(connection);
  });

  router.delete('/connections/:id', async (req, res) => {
    await services.connections.disconnect(requirePermission(req, 'connections:write'), String(req.params.id));
    res.status(204).end();
  });

  router.get('/connections/:id/avatar', async (req, res) => {
    parseRequest(AvatarQuerySchema, req, 'query');
    const avatar = await services.connections.avatar(requirePermission(req, 'connections:read'), String(req.params.id));
    res
      .status(200)
      .set({
        'Content-Type': avatar.mimeType,
        // private: a team's accounts are not public; the versioned URL changes when the picture does
        'Cache-Control': 'private, max-age=86400',
        ETag: `"${avatar.updatedAt.getTime()}"`,
        // the type was detected from the bytes at connect; browsers must not guess another
        'X-Content-Type-Options': 'nosniff',
      })
      // answers 304 when If-None-Match names the same version
      .send(avatar.bytes);
  });

  router.get('/connections/:id/demo-feed', async (req, res) => {
    res.json(await services.connections.demoFeed(requirePermission(req, 'connections:read'), String(req.params.id)));
  });

  return router;
}
