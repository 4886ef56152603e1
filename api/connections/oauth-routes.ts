// The OAuth connect flow's routes. The callback is reached by the user's browser coming
// back from the provider: the single-use state, not a session, says whose flow it is.
import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { parseRequest } from '../http/validate';
import type { Services } from '../services';
import { AuthorizeQuerySchema, OAuthCallbackParamsSchema, OAuthCallbackQuerySchema, OAuthPlatformParamsSchema } from './schemas';

export function oauthRoutes(services: Services): Router {
  const router = Router();

  router.get('/connections/platforms', requireActor, (req, res) => {
    requirePermission(req, 'connections:read');
    res.json({ data: services.oauth.platforms() });
  });

  router.get('/connections/:platform/authorize', requireActor, async (req, res) => {
    const actor = requirePermission(req, 'connections:write');
    const { platform } = parseRequest(OAuthPlatformParamsSchema, req, 'params');
    const { returnTo } = parseRequest(AuthorizeQuerySchema, req, 'query');
    const { authorizeUrl } = await services.oauth.authorize(actor, platform, returnTo);
    // browsers follow the redirect; API clients that ask for JSON open the URL themselves
    if (req.accepts(['text/html', 'application/json']) === 'application/json') res.json({ authorizeUrl });
    else res.redirect(302, authorizeUrl);
  });

  router.get('/connections/:platform/callback', async (req, res) => {
    const { platform } = parseRequest(OAuthCallbackParamsSchema, req, 'params');
    const { redirectTo } = await services.oauth.callback(platform, parseRequest(OAuthCallbackQuerySchema, req, 'query'));
    res.redirect(302, redirectTo);
  });

  return router;
}
