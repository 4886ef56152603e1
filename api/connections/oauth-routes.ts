// The OAuth connect flow's routes. The callback is reached by the user's browser coming
// back from the provider: the single-use state, not a session, says whose flow it is.
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { parseRequest } from '../http/validate';
import { json, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { AuthorizeQuerySchema, OAuthCallbackParamsSchema, OAuthCallbackQuerySchema, OAuthPlatformParamsSchema } from './schemas';

const redirect = (description: string): ResponseConfig => ({
  description,
  headers: { Location: { description: 'where the browser goes next', schema: { type: 'string', format: 'uri' } } },
});

export const oauthEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/connections/platforms',
    operationId: 'listPlatforms',
    tags: ['connections'],
    summary: 'Every platform, how it connects (OAuth, token or demo) and whether this server is configured for it',
    security: security.sessionOrToken,
    responses: { 200: json('PlatformList', 'The platforms') },
    problems: { 401: '', 403: '' },
    before: [requireActor],
    handler(req, res, services) {
      requirePermission(req, 'connections:read');
      res.json({ data: services.oauth.platforms() });
    },
  },
  {
    method: 'get',
    path: '/connections/:platform/authorize',
    operationId: 'authorizeConnection',
    tags: ['connections'],
    summary: "Start connecting an OAuth account: the provider's consent screen",
    description:
      'Browsers are redirected (302) to the provider. API clients that send `Accept: application/json` get `{authorizeUrl}` and open it in the ' +
      "user's browser. Instagram business accounts connect through Facebook's consent screen. The flow is valid for ten minutes, once.",
    security: security.sessionOrToken,
    request: { params: OAuthPlatformParamsSchema, query: AuthorizeQuerySchema },
    responses: {
      200: json('AuthorizeUrl', 'With `Accept: application/json`: the URL of the consent screen'),
      302: redirect("Redirect to the provider's consent screen"),
    },
    problems: { 400: '', 401: '', 403: '', 422: 'the server has no OAuth app for this platform (`platform-not-configured`)' },
    before: [requireActor],
    async handler(req, res, services) {
      const actor = requirePermission(req, 'connections:write');
      const { platform } = parseRequest(OAuthPlatformParamsSchema, req, 'params');
      const { returnTo } = parseRequest(AuthorizeQuerySchema, req, 'query');
      const { authorizeUrl } = await services.oauth.authorize(actor, platform, returnTo);
      // browsers follow the redirect; API clients that ask for JSON open the URL themselves
      if (req.accepts(['text/html', 'application/json']) === 'application/json') res.json({ authorizeUrl });
      else res.redirect(302, authorizeUrl);
    },
  },
  {
    method: 'get',
    path: '/connections/:platform/callback',
    operationId: 'oauthCallback',
    tags: ['connections'],
    summary: 'Where the provider sends the browser back: stores the connected account(s)',
    description:
      'The single-use `state` identifies the flow (no session needed). Connecting an account that is already connected updates it and clears ' +
      '`NEEDS_RECONNECT`. Facebook connects every Page granted and the Instagram business account linked to each.',
    security: security.open,
    request: { params: OAuthCallbackParamsSchema, query: OAuthCallbackQuerySchema },
    responses: {
      302: redirect(
        'To the web app (the `returnTo` of /authorize, default /connections) with `oauth=connected` or `oauth=error` and a `message`',
      ),
    },
    problems: { 400: 'the state is unknown, expired, used or for another platform (`invalid-oauth-state`), or a parameter is invalid' },
    async handler(req, res, services) {
      const { platform } = parseRequest(OAuthCallbackParamsSchema, req, 'params');
      const { redirectTo } = await services.oauth.callback(platform, parseRequest(OAuthCallbackQuerySchema, req, 'query'));
      res.redirect(302, redirectTo);
    },
  },
]);

export function oauthRoutes(services: Services): Router {
  return addRoutes(Router(), oauthEndpoints, services);
}
