// The OpenAPI 3.1 document of the REST API, assembled from the route groups: each route
// describes its own operation beside its handler (api/http/define-routes.ts). Here live
// only what every operation shares: the security schemes, the problem+json responses, the
// response components (./responses.ts), and the webhook deliveries planrrr sends. Built
// once, on first use.
import './zod-openapi';
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { METRICS_UPDATED_EVENT, PING_EVENT, WEBHOOK_EVENTS } from '../../domain/webhook-events';
import { accountEndpoints } from '../account/routes';
import { aiEndpoints } from '../ai/routes';
import { analyticsEndpoints } from '../analytics/routes';
import { auditEndpoints } from '../audit/routes';
import { authEndpoints } from '../auth/routes';
import { connectionEndpoints } from '../connections/routes';
import { oauthEndpoints } from '../connections/oauth-routes';
import { eventEndpoints } from '../events/routes';
import { healthEndpoints } from '../health/routes';
import { openApiPath, type RouteGroup } from '../http/define-routes';
import { mediaEndpoints, signedMediaEndpoints } from '../media/routes';
import { mcpEndpoints } from '../mcp/routes';
import { metricsEndpoints } from '../metrics';
import { labelEndpoints } from '../labels/routes';
import { seriesEndpoints } from '../series/routes';
import { evergreenEndpoints } from '../evergreen/routes';
import { postEndpoints } from '../posts/routes';
import { queueEndpoints } from '../queue/routes';
import { teamEndpoints } from '../teams/routes';
import { tokenEndpoints } from '../tokens/routes';
import { SignedDeliveryHeadersSchema } from '../webhooks/schemas';
import { webhookEndpoints } from '../webhooks/routes';
import { templateEndpoints } from '../templates/routes';
import { snippetEndpoints } from '../snippets/routes';
import { importEndpoints } from '../imports/routes';
import { notificationEndpoints } from '../notifications/routes';
import { component, jsonBody, noContent, type ProblemStatus } from './operation';
import { API_BASE } from './paths';
import { responseSchemas } from './responses';
import { docsEndpoints } from './routes';

const PROBLEM_TYPE = 'application/problem+json';

const PROBLEM_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'The request is not valid (`validation-failed`, with `errors` naming each field; or `invalid-json`)',
  401: 'No session or API token, or the token is invalid, revoked or expired (`unauthenticated`)',
  403: "The caller's role or the token's scopes do not allow this (`forbidden`), or a write with the session cookie lacks its X-CSRF-Token (`csrf-token-invalid`) or comes from another site (`cross-site-request`)",
  404: "No such resource in the caller's team (`not-found`)",
  409: 'Conflicts with the current state',
  410: 'The resource exists but its stored bytes are gone (`media-gone`)',
  412: 'The resource changed since the version `If-Match` names (`precondition-failed`, with `stateVersion`, the current one); nothing was changed',
  413: 'The upload is larger than the limit for its type (`media-too-large`, with `maxBytes` and `errors` naming the field), or an import file has too many rows (`import-too-large`, with `maxRows`)',
  415: 'The upload is not an accepted type, judged by its bytes (`unsupported-media-type`, with `acceptedTypes` and `errors` naming the field; `unsupported-import-type` for an import file that is not CSV or JSON)',
  422: 'Well-formed but cannot be carried out',
  429: 'Too many requests; see `Retry-After` (`rate-limited`)',
  503: 'Temporarily unavailable; see `Retry-After` (`service-unavailable`)',
};

/**
 * Every route the document describes, in the order it lists them.
 */
const ROUTE_GROUPS: ReadonlyArray<RouteGroup<never>> = [
  healthEndpoints,
  metricsEndpoints,
  docsEndpoints,
  authEndpoints,
  accountEndpoints,
  teamEndpoints,
  auditEndpoints,
  tokenEndpoints,
  connectionEndpoints,
  oauthEndpoints,
  postEndpoints,
  labelEndpoints,
  seriesEndpoints,
  evergreenEndpoints,
  queueEndpoints,
  mediaEndpoints,
  signedMediaEndpoints,
  eventEndpoints,
  webhookEndpoints,
  notificationEndpoints,
  analyticsEndpoints,
  mcpEndpoints,
  templateEndpoints,
  snippetEndpoints,
  aiEndpoints,
  importEndpoints,
];

let built: ReturnType<OpenApiGeneratorV31['generateDocument']> | undefined;

/** The document (memoised: the same object on every call; do not mutate it). */
export function openApiDocument() {
  built ??= buildDocument();
  return built;
}

function problemResponses(problems: Partial<Record<ProblemStatus, string>>): Record<string, ResponseConfig> {
  return Object.fromEntries(
    Object.entries(problems).map(([status, extra]) => {
      const shared = PROBLEM_DESCRIPTIONS[Number(status) as ProblemStatus];
      return [
        status,
        { description: extra ? `${shared}: ${extra}` : shared, content: { [PROBLEM_TYPE]: { schema: component('Problem') } } },
      ];
    }),
  );
}

function buildDocument() {
  const registry = new OpenAPIRegistry();
  for (const [name, schema] of Object.entries(responseSchemas)) registry.register(name, schema as z.ZodType);

  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'planrrr.sid',
    description: 'The session cookie set by signup and login (the web app).',
  });
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token from POST /api/v1/tokens, sent as `Authorization: Bearer <token>`.',
  });
  registry.registerComponent('securitySchemes', 'metricsToken', {
    type: 'http',
    scheme: 'bearer',
    description: "The server's `METRICS_TOKEN`, for Prometheus (none needed outside production while it is unset).",
  });

  // Every route under /api/v1 may answer 503 while the database is unreachable
  // (api/http/problem.ts), and every write 429: authenticated writes per token or user
  // (api/http/rate-limits.ts), sign-up and log-in per IP address (api/auth/login-limits.ts).
  for (const group of ROUTE_GROUPS) {
    for (const endpoint of group.endpoints) {
      const { problems = {}, before: _before, handler: _handler, ...operation } = endpoint;
      const path = openApiPath(group, endpoint);
      const underApi = path.startsWith(API_BASE);
      const rateLimited = underApi && endpoint.method !== 'get';
      registry.registerPath({
        ...operation,
        path,
        responses: {
          ...(underApi ? problemResponses({ 503: 'the database is not answering' }) : {}),
          ...operation.responses,
          ...(rateLimited ? problemResponses({ 429: '' }) : {}),
          ...problemResponses(problems),
        },
      });
    }
  }

  // ---- what planrrr sends to webhooks (OpenAPI 3.1 `webhooks`) ----
  const receiverResponses = {
    200: noContent('Any 2xx answer acknowledges the delivery'),
    410: noContent('Gone: planrrr disables the webhook and sends nothing more'),
    default: noContent('Anything else, or no answer within 10 s, is retried with exponential backoff for 24 hours'),
  };
  const sentEvents = [
    ...WEBHOOK_EVENTS.map((event) => ({
      event,
      summary: `A post's status became ${event.slice('post.'.length).toUpperCase()}`,
      body: 'PostEvent' as const,
    })),
    {
      event: METRICS_UPDATED_EVENT,
      summary: "A published post's metrics sample on one account was stored (once per post, account and sample)",
      body: 'PostMetricsEvent' as const,
    },
    { event: PING_EVENT, summary: 'Sent by POST /api/v1/webhooks/{id}/test', body: 'PingEvent' as const },
  ];
  for (const { event, summary, body } of sentEvents) {
    registry.registerWebhook({
      method: 'post',
      path: event,
      operationId: `webhook.${event}`,
      tags: ['webhooks'],
      summary,
      request: { headers: SignedDeliveryHeadersSchema, body: jsonBody(component(body)) },
      responses: receiverResponses,
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'planrrr REST API',
      version: '1',
      description:
        'Schedule social-media posts. JSON in and out; errors are `application/problem+json` (RFC 9457) with a stable `type`. ' +
        "Times are ISO 8601 with an offset. Every resource belongs to a team; another team's resource answers 404.",
    },
    tags: [
      { name: 'auth' },
      { name: 'account' },
      { name: 'teams' },
      { name: 'tokens' },
      { name: 'connections' },
      { name: 'posts' },
      { name: 'labels' },
      { name: 'series' },
      { name: 'evergreen' },
      { name: 'media' },
      { name: 'events' },
      { name: 'webhooks' },
      { name: 'notifications' },
      { name: 'analytics' },
      { name: 'health' },
      { name: 'docs' },
      { name: 'templates' },
      { name: 'snippets' },
      { name: 'imports' },
    ],
  });
}
