// The OpenAPI 3.1 document of the REST API, generated from the zod schemas the routes
// parse requests with (api/*/schemas.ts, api/tokens/routes.ts) and the response schemas
// in ./responses.ts. Built once, on first use.
import './zod-openapi';
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LoginSchema, SignupSchema } from '../auth/schemas';
import { ConnectSchema } from '../connections/schemas';
import { CreatePostSchema, EditPostSchema, IdempotencyHeadersSchema, ListPostsQuerySchema, ReschedulePostSchema } from '../posts/schemas';
import { CreateTokenSchema } from '../tokens/routes';
import { responseSchemas, type ResponseSchemaName } from './responses';

export const API_BASE = '/api/v1';
export const OPENAPI_PATH = `${API_BASE}/openapi.json`;
export const DOCS_PATH = '/api/docs';

const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid (`validation-failed`, with `errors` naming each field; or `invalid-json`)',
  401: 'No session or API token, or the token is invalid, revoked or expired (`unauthenticated`)',
  403: "The caller's role does not allow this (`forbidden`)",
  404: "No such resource in the caller's team (`not-found`)",
  409: 'Conflicts with the current state',
  422: 'Well-formed but cannot be carried out',
  429: 'Too many requests; see `Retry-After` (`rate-limited`)',
  503: 'Temporarily unavailable; see `Retry-After` (`service-unavailable`)',
};

type Problems = Partial<Record<keyof typeof PROBLEM_DESCRIPTIONS, string>>;

let built: ReturnType<OpenApiGeneratorV31['generateDocument']> | undefined;

/** The document (memoised: the same object on every call; do not mutate it). */
export function openApiDocument() {
  built ??= buildDocument();
  return built;
}

function buildDocument() {
  const registry = new OpenAPIRegistry();

  const refs = Object.fromEntries(
    Object.entries(responseSchemas).map(([name, schema]) => [name, registry.register(name, schema as z.ZodType)]),
  ) as Record<ResponseSchemaName, z.ZodType>;

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
  const authenticated: RouteConfig['security'] = [{ session: [] }, { bearer: [] }];
  const open: RouteConfig['security'] = [];

  const IdParams = z.object({ id: z.string().min(1).openapi({ description: 'the resource id' }) });

  const json = (name: ResponseSchemaName, description: string): ResponseConfig => ({
    description,
    content: { [JSON_TYPE]: { schema: refs[name] } },
  });
  const noContent = (description: string): ResponseConfig => ({ description });
  const problemResponses = (problems: Problems) =>
    Object.fromEntries(
      Object.entries(problems).map(([status, extra]) => [
        status,
        {
          description: extra ? `${PROBLEM_DESCRIPTIONS[Number(status)]}: ${extra}` : PROBLEM_DESCRIPTIONS[Number(status)]!,
          content: { [PROBLEM_TYPE]: { schema: refs.Problem } },
        } satisfies ResponseConfig,
      ]),
    );
  const body = (schema: z.ZodType, description?: string) => ({
    required: true,
    ...(description ? { description } : {}),
    content: { [JSON_TYPE]: { schema } },
  });

  /**
   * Every route under /api/v1 may answer 503 while the database is unreachable
   * (api/http/problem.ts), and every write 429 (api/http/rate-limits.ts): authenticated
   * writes per token or user, sign-up and log-in per IP address.
   */
  const path = (route: Omit<RouteConfig, 'path'> & { path: string }) => {
    const underApi = route.path.startsWith(API_BASE);
    const rateLimited = underApi && route.method !== 'get';
    registry.registerPath({
      ...route,
      responses: {
        ...(underApi ? problemResponses({ 503: 'the database is not answering' }) : {}),
        ...route.responses,
        ...(rateLimited ? problemResponses({ 429: '' }) : {}),
      },
    });
  };

  // ---- health (outside /api/v1) ----
  path({
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    tags: ['health'],
    summary: 'Liveness: the process answers',
    security: open,
    responses: { 200: json('Health', 'The process is alive') },
  });
  path({
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    tags: ['health'],
    summary: 'Readiness: the database and Temporal are reachable',
    security: open,
    responses: {
      200: json('Readiness', 'Ready'),
      503: json('Readiness', 'Not ready; `checks` says which dependency failed'),
    },
  });
  path({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags: ['health'],
    summary: 'Prometheus metrics (HTTP latency by route, posts by status)',
    security: open,
    responses: {
      200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } },
    },
  });

  // ---- the spec itself ----
  path({
    method: 'get',
    path: OPENAPI_PATH,
    operationId: 'getOpenApiDocument',
    tags: ['docs'],
    summary: 'This OpenAPI 3.1 document',
    security: open,
    responses: { 200: { description: 'The document', content: { [JSON_TYPE]: { schema: { type: 'object' } } } } },
  });
  path({
    method: 'get',
    path: DOCS_PATH,
    operationId: 'getApiDocs',
    tags: ['docs'],
    summary: 'Browsable API documentation (HTML rendering of this document)',
    security: open,
    responses: { 200: { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
  });

  // ---- auth ----
  path({
    method: 'post',
    path: `${API_BASE}/auth/signup`,
    operationId: 'signup',
    tags: ['auth'],
    summary: 'Create a user and a personal team, and start a session',
    security: open,
    request: { body: body(SignupSchema) },
    responses: {
      201: json('User', 'Signed up; the response sets the `planrrr.sid` session cookie'),
      ...problemResponses({ 400: '', 409: 'an account with this email exists (`email-taken`)' }),
    },
  });
  path({
    method: 'post',
    path: `${API_BASE}/auth/login`,
    operationId: 'login',
    tags: ['auth'],
    summary: 'Log in with email and password, starting a session',
    security: open,
    request: { body: body(LoginSchema) },
    responses: {
      200: json('User', 'Logged in; the response sets the `planrrr.sid` session cookie'),
      ...problemResponses({ 400: '', 401: 'the email or password is wrong' }),
    },
  });
  path({
    method: 'post',
    path: `${API_BASE}/auth/logout`,
    operationId: 'logout',
    tags: ['auth'],
    summary: 'End the session',
    security: open,
    responses: { 204: noContent('Logged out (also when there was no session)') },
  });
  path({
    method: 'get',
    path: `${API_BASE}/me`,
    operationId: 'getMe',
    tags: ['auth'],
    summary: 'The user, their teams and roles, and the team this request acts in',
    security: authenticated,
    responses: { 200: json('Me', 'The current user'), ...problemResponses({ 401: '' }) },
  });

  // ---- tokens ----
  path({
    method: 'post',
    path: `${API_BASE}/tokens`,
    operationId: 'createToken',
    tags: ['tokens'],
    summary: 'Create an API token for the current team; the secret is shown once',
    security: authenticated,
    request: { body: body(CreateTokenSchema) },
    responses: { 201: json('CreatedToken', 'The token, with its secret in `token`'), ...problemResponses({ 400: '', 401: '', 403: '' }) },
  });
  path({
    method: 'get',
    path: `${API_BASE}/tokens`,
    operationId: 'listTokens',
    tags: ['tokens'],
    summary: "The caller's API tokens in the current team (without secrets)",
    security: authenticated,
    responses: { 200: json('TokenList', 'The tokens, newest first'), ...problemResponses({ 401: '', 403: '' }) },
  });
  path({
    method: 'delete',
    path: `${API_BASE}/tokens/{id}`,
    operationId: 'revokeToken',
    tags: ['tokens'],
    summary: 'Revoke an API token',
    security: authenticated,
    request: { params: IdParams },
    responses: { 204: noContent('Revoked'), ...problemResponses({ 401: '', 403: '', 404: '' }) },
  });

  // ---- connections ----
  path({
    method: 'get',
    path: `${API_BASE}/connections`,
    operationId: 'listConnections',
    tags: ['connections'],
    summary: 'Connected accounts of the current team',
    security: authenticated,
    responses: { 200: json('ConnectionList', 'The connections, oldest first'), ...problemResponses({ 401: '', 403: '' }) },
  });
  path({
    method: 'post',
    path: `${API_BASE}/connections`,
    operationId: 'createConnection',
    tags: ['connections'],
    summary: 'Connect a token-based account (demo feed or Mastodon)',
    security: authenticated,
    request: { body: body(ConnectSchema) },
    responses: {
      201: json('Connection', 'Connected'),
      ...problemResponses({
        400: '',
        401: '',
        403: '',
        422: 'the platform rejected the credentials (`platform-credentials-rejected`) or could not be reached (`platform-unreachable`)',
      }),
    },
  });
  path({
    method: 'delete',
    path: `${API_BASE}/connections/{id}`,
    operationId: 'deleteConnection',
    tags: ['connections'],
    summary: 'Disconnect an account',
    security: authenticated,
    request: { params: IdParams },
    responses: {
      204: noContent('Disconnected'),
      ...problemResponses({ 401: '', 403: '', 404: '', 409: 'scheduled posts still target it (`connection-in-use`, with `scheduledPosts`)' }),
    },
  });
  path({
    method: 'get',
    path: `${API_BASE}/connections/{id}/demo-feed`,
    operationId: 'getDemoFeed',
    tags: ['connections'],
    summary: 'What planrrr published to a demo connection (latest 100)',
    security: authenticated,
    request: { params: IdParams },
    responses: { 200: json('DemoFeed', 'The demo connection and its items, newest first'), ...problemResponses({ 401: '', 403: '', 404: '' }) },
  });

  // ---- posts ----
  const changeProblems = {
    401: '',
    403: '',
    404: '',
    409: 'the post is no longer SCHEDULED (`post-not-changeable`)',
    503: 'the scheduler did not answer in time; nothing was changed',
  } satisfies Problems;
  path({
    method: 'post',
    path: `${API_BASE}/posts`,
    operationId: 'createPost',
    tags: ['posts'],
    summary: 'Schedule a post',
    description: 'With an `Idempotency-Key`, a retried request answers 200 with the post the first one created.',
    security: authenticated,
    request: { headers: IdempotencyHeadersSchema, body: body(CreatePostSchema) },
    responses: {
      201: json('Post', 'Scheduled (status `SCHEDULED`); `Location` names the post'),
      200: json('Post', 'A replay of an earlier request with the same `Idempotency-Key` (header `Idempotent-Replayed: true`)'),
      ...problemResponses({
        400: '',
        401: '',
        403: '',
        422: 'a connection is unknown in this team (`unknown-connection`) or needs reconnecting (`connection-needs-reconnect`)',
        503: 'the scheduler is unreachable; the post was not created',
      }),
    },
  });
  path({
    method: 'get',
    path: `${API_BASE}/posts`,
    operationId: 'listPosts',
    tags: ['posts'],
    summary: "The team's posts by publish time, filtered by status and time range, a page at a time",
    security: authenticated,
    request: { query: ListPostsQuerySchema },
    responses: { 200: json('PostList', 'A page of posts'), ...problemResponses({ 400: '', 401: '', 403: '' }) },
  });
  path({
    method: 'get',
    path: `${API_BASE}/posts/{id}`,
    operationId: 'getPost',
    tags: ['posts'],
    summary: 'The post, its targets, and its live workflow status',
    security: authenticated,
    request: { params: IdParams },
    responses: { 200: json('Post', 'The post; `workflow` is null when Temporal did not answer in time'), ...problemResponses({ 401: '', 403: '', 404: '' }) },
  });
  path({
    method: 'patch',
    path: `${API_BASE}/posts/{id}`,
    operationId: 'editPost',
    tags: ['posts'],
    summary: 'Edit the content or accounts of a post before it publishes',
    security: authenticated,
    request: { params: IdParams, body: body(EditPostSchema) },
    responses: {
      200: json('Post', 'Edited'),
      ...problemResponses({ 400: '', ...changeProblems, 422: 'unknown or disconnected accounts, or a change the workflow refuses' }),
    },
  });
  path({
    method: 'post',
    path: `${API_BASE}/posts/{id}/reschedule`,
    operationId: 'reschedulePost',
    tags: ['posts'],
    summary: 'Move a scheduled post to another time',
    security: authenticated,
    request: { params: IdParams, body: body(ReschedulePostSchema) },
    responses: {
      200: json('Post', 'Rescheduled'),
      ...problemResponses({ 400: '', ...changeProblems, 422: 'a change the workflow refuses (`invalid-change`)' }),
    },
  });
  path({
    method: 'post',
    path: `${API_BASE}/posts/{id}/cancel`,
    operationId: 'cancelPost',
    tags: ['posts'],
    summary: 'Cancel a scheduled post (status `CANCELLED`)',
    security: authenticated,
    request: { params: IdParams },
    responses: { 200: json('Post', 'Cancelled'), ...problemResponses({ ...changeProblems, 422: 'a change the workflow refuses (`invalid-change`)' }) },
  });

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
      { name: 'tokens' },
      { name: 'connections' },
      { name: 'posts' },
      { name: 'health' },
      { name: 'docs' },
    ],
  });
}
