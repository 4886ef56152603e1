// The OpenAPI 3.1 document of the REST API, generated from the zod schemas the routes
// parse requests with (api/*/schemas.ts, api/tokens/routes.ts) and the response schemas
// in ./responses.ts. Built once, on first use.
import './zod-openapi';
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { AnalyticsQuerySchema } from '../analytics/schemas';
import { LoginSchema, SignupSchema } from '../auth/schemas';
import { DeleteAccountSchema } from '../account/routes';
import { AuditQuerySchema } from '../audit/routes';
import {
  AuthorizeQuerySchema,
  AvatarQuerySchema,
  ConnectSchema,
  OAuthCallbackParamsSchema,
  OAuthCallbackQuerySchema,
  OAuthPlatformParamsSchema,
} from '../connections/schemas';
import { InternalStatusSchema } from '../internal/routes';
import { CreatePostSchema, EditPostSchema, IdempotencyHeadersSchema, ListPostsQuerySchema, ReschedulePostSchema, ScheduleDraftSchema } from '../posts/schemas';
import { AcceptInvitationSchema, ChangeRoleSchema, CreateTeamSchema, InviteSchema, RenameTeamSchema } from '../teams/schemas';
import { ALT_TEXT_MAX, SignedMediaQuerySchema } from '../media/schemas';
import { ACCEPTED_MEDIA_TYPES } from '../media/upload';
import { AVATAR_MIME_TYPES } from '../../lib/avatar';
import { SIGNED_MEDIA_PATH } from '../../lib/media-urls';
import { CreateTokenSchema } from '../tokens/routes';
import { CreateWebhookSchema } from '../webhooks/schemas';
import { PING_EVENT, WEBHOOK_EVENTS } from '../../domain/webhook-events';
import { responseSchemas, type ResponseSchemaName } from './responses';

export const API_BASE = '/api/v1';
export const OPENAPI_PATH = `${API_BASE}/openapi.json`;
export const DOCS_PATH = '/api/docs';

const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid (`validation-failed`, with `errors` naming each field; or `invalid-json`)',
  401: 'No session or API token, or the token is invalid, revoked or expired (`unauthenticated`)',
  403: "The caller's role or the token's scopes do not allow this (`forbidden`), or a write with the session cookie lacks its X-CSRF-Token (`csrf-token-invalid`) or comes from another site (`cross-site-request`)",
  404: "No such resource in the caller's team (`not-found`)",
  409: 'Conflicts with the current state',
  410: 'The resource exists but its stored bytes are gone (`media-gone`)',
  413: 'The upload is larger than the limit for its type (`media-too-large`, with `maxBytes` and `errors` naming the field)',
  415: 'The upload is not an accepted type, judged by its bytes (`unsupported-media-type`, with `acceptedTypes` and `errors` naming the field)',
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
  registry.registerComponent('securitySchemes', 'internalKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Internal-API-Key',
    description: "planrrr's own workers only: the server's INTERNAL_API_KEY.",
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
    path: `${API_BASE}/auth/csrf`,
    operationId: 'getCsrfToken',
    tags: ['auth'],
    summary: "The session's CSRF token, for writes made with the session cookie (X-CSRF-Token)",
    security: [{ session: [] }],
    responses: { 200: json('CsrfToken', 'The token'), ...problemResponses({ 401: '', 403: 'API tokens need no CSRF token' }) },
  });
  path({
    method: 'get',
    path: `${API_BASE}/me/export`,
    operationId: 'exportMyData',
    tags: ['account'],
    summary: 'Everything planrrr holds about the logged-in user, as a JSON download (GDPR)',
    security: [{ session: [] }],
    responses: { 200: json('AccountExport', 'The export (Content-Disposition: attachment)'), ...problemResponses({ 401: '', 403: 'needs a session' }) },
  });
  path({
    method: 'delete',
    path: `${API_BASE}/me`,
    operationId: 'deleteMyAccount',
    tags: ['account'],
    summary: 'Delete the account (GDPR): teams the user was alone in go with it; posts in shared teams stay, without an author',
    security: [{ session: [] }],
    request: { body: body(DeleteAccountSchema) },
    responses: {
      204: noContent('Deleted; the session ends'),
      ...problemResponses({ 400: 'the password is wrong', 401: '', 403: 'needs a session', 409: 'a shared team would be left without an owner (`last-owner`, with `teamIds`)' }),
    },
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

  // ---- teams, members, invitations ----
  const sessionOnly: RouteConfig['security'] = [{ session: [] }];
  const UserIdParams = z.object({ userId: z.string().min(1).openapi({ description: "the member's user id" }) });
  path({
    method: 'get',
    path: `${API_BASE}/teams`,
    operationId: 'listTeams',
    tags: ['teams'],
    summary: "The caller's teams and their role in each",
    security: authenticated,
    responses: { 200: json('TeamList', 'The teams, oldest membership first'), ...problemResponses({ 401: '' }) },
  });
  path({
    method: 'post',
    path: `${API_BASE}/teams`,
    operationId: 'createTeam',
    tags: ['teams'],
    summary: 'Create a team owned by the caller and switch the session to it',
    security: sessionOnly,
    request: { body: body(CreateTeamSchema) },
    responses: { 201: json('Team', 'Created'), ...problemResponses({ 400: '', 401: '', 403: 'needs a session' }) },
  });
  path({
    method: 'post',
    path: `${API_BASE}/teams/{id}/switch`,
    operationId: 'switchTeam',
    tags: ['teams'],
    summary: 'Act in another of the caller\'s teams from now on (the session remembers it)',
    security: sessionOnly,
    request: { params: IdParams },
    responses: { 200: json('Me', 'Switched; `currentTeamId` is the team'), ...problemResponses({ 401: '', 403: 'needs a session', 404: 'not a team of the caller' }) },
  });
  path({
    method: 'patch',
    path: `${API_BASE}/teams/current`,
    operationId: 'renameTeam',
    tags: ['teams'],
    summary: 'Rename the current team (owners)',
    security: sessionOnly,
    request: { body: body(RenameTeamSchema) },
    responses: { 200: json('Team', 'Renamed'), ...problemResponses({ 400: '', 401: '', 403: '' }) },
  });
  path({
    method: 'delete',
    path: `${API_BASE}/teams/current`,
    operationId: 'deleteTeam',
    tags: ['teams'],
    summary: 'Delete the current team with its posts and connections (owners); its live posts stop',
    security: sessionOnly,
    responses: { 204: noContent('Deleted'), ...problemResponses({ 401: '', 403: '', 409: "the caller's only team (`last-team`)" }) },
  });
  path({
    method: 'get',
    path: `${API_BASE}/members`,
    operationId: 'listMembers',
    tags: ['teams'],
    summary: 'Members of the current team with their roles',
    security: sessionOnly,
    responses: { 200: json('MemberList', 'The members'), ...problemResponses({ 401: '', 403: '' }) },
  });
  path({
    method: 'patch',
    path: `${API_BASE}/members/{userId}`,
    operationId: 'changeMemberRole',
    tags: ['teams'],
    summary: "Change a member's role (admins; only owners make or unmake owners)",
    security: sessionOnly,
    request: { params: UserIdParams, body: body(ChangeRoleSchema) },
    responses: {
      200: json('MemberList', 'Changed; the members as they are now'),
      ...problemResponses({ 400: '', 401: '', 403: '', 404: '', 409: 'the team would have no owner (`last-owner`)' }),
    },
  });
  path({
    method: 'delete',
    path: `${API_BASE}/members/{userId}`,
    operationId: 'removeMember',
    tags: ['teams'],
    summary: 'Remove a member (admins), or leave the team (your own user id); their tokens for the team are revoked',
    security: sessionOnly,
    request: { params: UserIdParams },
    responses: { 204: noContent('Removed'), ...problemResponses({ 401: '', 403: '', 404: '', 409: 'the team would have no owner (`last-owner`), or it is the leaver\'s only team (`last-team`)' }) },
  });
  path({
    method: 'post',
    path: `${API_BASE}/invitations`,
    operationId: 'inviteMember',
    tags: ['teams'],
    summary: 'Invite someone by email with a role (admins; owners for owners); valid 7 days',
    security: sessionOnly,
    request: { body: body(InviteSchema) },
    responses: {
      201: json('Invitation', 'Invited; send them `acceptUrl`'),
      ...problemResponses({ 400: '', 401: '', 403: '', 409: 'already a member (`already-a-member`)' }),
    },
  });
  path({
    method: 'get',
    path: `${API_BASE}/invitations`,
    operationId: 'listInvitations',
    tags: ['teams'],
    summary: 'Pending invitations of the current team',
    security: sessionOnly,
    responses: { 200: json('InvitationList', 'Pending, newest first'), ...problemResponses({ 401: '', 403: '' }) },
  });
  path({
    method: 'delete',
    path: `${API_BASE}/invitations/{id}`,
    operationId: 'revokeInvitation',
    tags: ['teams'],
    summary: 'Revoke a pending invitation',
    security: sessionOnly,
    request: { params: IdParams },
    responses: { 204: noContent('Revoked'), ...problemResponses({ 401: '', 403: '', 404: '' }) },
  });
  path({
    method: 'post',
    path: `${API_BASE}/invitations/accept`,
    operationId: 'acceptInvitation',
    tags: ['teams'],
    summary: "Join a team with the token from an invitation link sent to the caller's email; the session switches to it",
    security: sessionOnly,
    request: { body: body(AcceptInvitationSchema) },
    responses: {
      200: json('Team', 'Joined'),
      ...problemResponses({ 400: '', 401: '', 403: 'the invitation was sent to another address', 422: 'used, revoked or expired (`invitation-invalid`)' }),
    },
  });
  path({
    method: 'get',
    path: `${API_BASE}/audit-log`,
    operationId: 'getAuditLog',
    tags: ['teams'],
    summary: 'Who changed what in the current team, newest first (admins)',
    security: sessionOnly,
    request: { query: AuditQuerySchema },
    responses: { 200: json('AuditLog', 'A page of entries'), ...problemResponses({ 400: '', 401: '', 403: '' }) },
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
    summary: 'Connect a token-based account (demo feed, Mastodon, or Bluesky with an app password)',
    description:
      'Connecting a Mastodon or Bluesky account the team already has reconnects it: its connection gets the new credentials and is ACTIVE again (200), ' +
      'so posts that target it publish and no duplicate appears.',
    security: authenticated,
    request: { body: body(ConnectSchema) },
    responses: {
      200: json('Connection', 'Reconnected: the existing connection, with the new credentials'),
      201: json('Connection', 'Connected'),
      ...problemResponses({
        400: '',
        401: '',
        403: '',
        422:
          'the platform rejected the credentials (`platform-credentials-rejected`, with `errors` naming the field) ' +
          'or could not be reached (`platform-unreachable`)',
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
    path: `${API_BASE}/connections/platforms`,
    operationId: 'listPlatforms',
    tags: ['connections'],
    summary: 'Every platform, how it connects (OAuth, token or demo) and whether this server is configured for it',
    security: authenticated,
    responses: { 200: json('PlatformList', 'The platforms'), ...problemResponses({ 401: '', 403: '' }) },
  });
  const redirect = (description: string): ResponseConfig => ({
    description,
    headers: { Location: { description: 'where the browser goes next', schema: { type: 'string', format: 'uri' } } },
  });
  path({
    method: 'get',
    path: `${API_BASE}/connections/{platform}/authorize`,
    operationId: 'authorizeConnection',
    tags: ['connections'],
    summary: "Start connecting an OAuth account: the provider's consent screen",
    description:
      'Browsers are redirected (302) to the provider. API clients that send `Accept: application/json` get `{authorizeUrl}` and open it in the ' +
      "user's browser. Instagram business accounts connect through Facebook's consent screen. The flow is valid for ten minutes, once.",
    security: authenticated,
    request: { params: OAuthPlatformParamsSchema, query: AuthorizeQuerySchema },
    responses: {
      200: json('AuthorizeUrl', 'With `Accept: application/json`: the URL of the consent screen'),
      302: redirect("Redirect to the provider's consent screen"),
      ...problemResponses({ 400: '', 401: '', 403: '', 422: 'the server has no OAuth app for this platform (`platform-not-configured`)' }),
    },
  });
  path({
    method: 'get',
    path: `${API_BASE}/connections/{platform}/callback`,
    operationId: 'oauthCallback',
    tags: ['connections'],
    summary: 'Where the provider sends the browser back: stores the connected account(s)',
    description:
      'The single-use `state` identifies the flow (no session needed). Connecting an account that is already connected updates it and clears ' +
      '`NEEDS_RECONNECT`. Facebook connects every Page granted and the Instagram business account linked to each.',
    security: open,
    request: { params: OAuthCallbackParamsSchema, query: OAuthCallbackQuerySchema },
    responses: {
      302: redirect('To the web app (the `returnTo` of /authorize, default /connections) with `oauth=connected` or `oauth=error` and a `message`'),
      ...problemResponses({ 400: 'the state is unknown, expired, used or for another platform (`invalid-oauth-state`), or a parameter is invalid' }),
    },
  });
  path({
    method: 'get',
    path: `${API_BASE}/connections/{id}/avatar`,
    operationId: 'getConnectionAvatar',
    tags: ['connections'],
    summary: "The account's profile picture, as downloaded from its platform at connect or reconnect",
    description:
      'Load it through the connection\'s `avatarUrl`, which changes with the picture. `ETag` and `If-None-Match` answer 304 when unchanged. ' +
      '404 when the account has no picture (show its initials).',
    security: authenticated,
    request: { params: IdParams, query: AvatarQuerySchema },
    responses: {
      200: {
        description: 'The picture, with the type detected from its bytes',
        content: Object.fromEntries(AVATAR_MIME_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
      },
      304: { description: 'Not modified (If-None-Match)' },
      ...problemResponses({ 401: '', 403: '', 404: 'no such connection in this team, or it has no picture' }),
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
    409: 'the post is no longer SCHEDULED (`post-not-changeable`); a draft cannot be cancelled (`post-is-draft`)',
    503: 'the scheduler did not answer in time; nothing was changed',
  } satisfies Problems;
  path({
    method: 'post',
    path: `${API_BASE}/posts`,
    operationId: 'createPost',
    tags: ['posts'],
    summary: 'Schedule a post, or save it as a draft',
    description:
      'With an `Idempotency-Key`, a retried request answers 200 with the post the first one created. ' +
      '`overrides` give chosen accounts their own text; each names one of `connectionIds`, once (400 naming `body.overrides.<i>.connectionId`).',
    security: authenticated,
    request: { headers: IdempotencyHeadersSchema, body: body(CreatePostSchema) },
    responses: {
      201: json('Post', 'Scheduled (status `SCHEDULED`), or saved as a `DRAFT` with `draft: true`; `Location` names the post'),
      200: json('Post', 'A replay of an earlier request with the same `Idempotency-Key` (header `Idempotent-Replayed: true`)'),
      ...problemResponses({
        400: '',
        401: '',
        403: '',
        422:
          'a connection is unknown in this team (`unknown-connection`) or needs reconnecting (`connection-needs-reconnect`), ' +
          'a media id is unknown in this team (`unknown-media`), ' +
          'or the text an account would publish (its override, else `content`) breaks its platform\'s rules ' +
          '(`platform-rules`, with `violations`: platform, connectionId, handle, rule, message)',
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
    summary: 'Edit the content, accounts, per-account texts or media of a post before it publishes',
    description:
      '`overrides` replaces every per-account text (`[]` clears them); left out, the accounts that stay keep theirs. ' +
      'A changed text, override or media is a new `revision`.',
    security: authenticated,
    request: { params: IdParams, body: body(EditPostSchema) },
    responses: {
      200: json('Post', 'Edited'),
      ...problemResponses({
        400: '',
        ...changeProblems,
        422: 'unknown or disconnected accounts, unknown media (`unknown-media`), a change the workflow refuses, or a platform rule broken (`platform-rules`, with `violations`)',
      }),
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

  path({
    method: 'post',
    path: `${API_BASE}/posts/{id}/schedule`,
    operationId: 'scheduleDraft',
    tags: ['posts'],
    summary: 'Schedule a draft, at its planned time or a new one',
    security: authenticated,
    request: { params: IdParams, body: body(ScheduleDraftSchema) },
    responses: {
      200: json('Post', 'Scheduled (status `SCHEDULED`)'),
      ...problemResponses({
        400: "a `publishAt` in the past, or the draft's own time has passed",
        401: '',
        403: '',
        404: '',
        409: 'not a draft (`post-not-draft`)',
        422: 'an account is unknown or needs reconnecting',
        503: 'the scheduler is unreachable; the post stays a draft',
      }),
    },
  });
  path({
    method: 'post',
    path: `${API_BASE}/posts/{id}/retry`,
    operationId: 'retryPost',
    tags: ['posts'],
    summary: 'Publish the failed accounts of a FAILED or PARTIALLY_PUBLISHED post again, now',
    description: 'Published accounts are not published again. Follow the post with GET /posts/{id} or the events stream.',
    security: authenticated,
    request: { params: IdParams },
    responses: {
      202: json('Post', 'Retrying: the post as it was when the retry started'),
      ...problemResponses({
        401: '',
        403: '',
        404: '',
        409: 'not FAILED or PARTIALLY_PUBLISHED (`post-not-retryable`), or already retrying (`post-retrying`)',
        422: 'a failed account is disconnected or needs reconnecting',
        503: 'the scheduler is unreachable; nothing was retried',
      }),
    },
  });
  path({
    method: 'delete',
    path: `${API_BASE}/posts/{id}`,
    operationId: 'deleteDraft',
    tags: ['posts'],
    summary: 'Delete a draft (scheduled posts are cancelled instead, so their history stays)',
    security: authenticated,
    request: { params: IdParams },
    responses: { 204: noContent('Deleted'), ...problemResponses({ 401: '', 403: '', 404: '', 409: 'not a draft (`post-not-draft`)' }) },
  });

  // ---- internal (workers) ----
  path({
    method: 'get',
    path: '/internal/posts/{id}',
    operationId: 'internalGetPost',
    tags: ['internal'],
    summary: 'A post of any team, for workers',
    security: [{ internalKey: [] }],
    request: { params: IdParams },
    responses: { 200: json('Post', 'The post as stored'), ...problemResponses({ 401: 'missing or wrong X-Internal-API-Key', 404: '' }) },
  });
  path({
    method: 'patch',
    path: '/internal/posts/{id}/status',
    operationId: 'internalSetPostStatus',
    tags: ['internal'],
    summary: "Mirror a status the post's workflow decided; applied only when `stateVersion` is newer than the stored one",
    security: [{ internalKey: [] }],
    request: { params: IdParams, body: body(InternalStatusSchema) },
    responses: {
      200: json('InternalStatusResult', '`applied` says whether the row changed (an older version is ignored)'),
      ...problemResponses({ 400: '', 401: 'missing or wrong X-Internal-API-Key', 404: '' }),
    },
  });

  // ---- media ----
  const binary = (description: string): ResponseConfig => ({
    description,
    content: Object.fromEntries(Object.keys(ACCEPTED_MEDIA_TYPES).map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  });
  path({
    method: 'post',
    path: `${API_BASE}/media`,
    operationId: 'uploadMedia',
    tags: ['media'],
    summary: 'Upload an image or video to attach to posts',
    description:
      `multipart/form-data with the file in \`file\` and an optional \`altText\` (at most ${ALT_TEXT_MAX} characters). ` +
      `The type is detected from the bytes: ${Object.keys(ACCEPTED_MEDIA_TYPES).join(', ')}. ` +
      'Size limits per kind are the server\'s MEDIA_MAX_IMAGE_BYTES and MEDIA_MAX_VIDEO_BYTES.',
    security: authenticated,
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: {
                file: { type: 'string', format: 'binary', description: 'the image or video' },
                altText: { type: 'string', maxLength: ALT_TEXT_MAX, description: 'a description for people who cannot see it' },
              },
            },
          },
        },
      },
    },
    responses: {
      201: json('Media', 'Stored; `Location` names the media'),
      ...problemResponses({ 400: '', 401: '', 403: '', 413: '', 415: '' }),
    },
  });
  path({
    method: 'get',
    path: `${API_BASE}/media/{id}`,
    operationId: 'getMedia',
    tags: ['media'],
    summary: 'A media file\'s metadata',
    security: authenticated,
    request: { params: IdParams },
    responses: { 200: json('Media', 'The media'), ...problemResponses({ 401: '', 403: '', 404: '' }) },
  });
  path({
    method: 'get',
    path: `${API_BASE}/media/{id}/content`,
    operationId: 'getMediaContent',
    tags: ['media'],
    summary: 'A media file\'s bytes (thumbnails and previews)',
    security: authenticated,
    request: { params: IdParams },
    responses: { 200: binary('The file, with its detected Content-Type'), ...problemResponses({ 401: '', 403: '', 404: '', 410: '' }) },
  });
  path({
    method: 'delete',
    path: `${API_BASE}/media/{id}`,
    operationId: 'deleteMedia',
    tags: ['media'],
    summary: 'Delete a media file no unpublished post uses',
    security: authenticated,
    request: { params: IdParams },
    responses: {
      204: noContent('Deleted (finished posts that used it keep their text and results)'),
      ...problemResponses({ 401: '', 403: '', 404: '', 409: 'a post that has not published yet uses it (`media-in-use`, with `postIds`)' }),
    },
  });
  path({
    method: 'get',
    path: `${SIGNED_MEDIA_PATH}/{id}`,
    operationId: 'getSignedMedia',
    tags: ['media'],
    summary: 'A media file through a signed, time-limited public URL',
    description: 'planrrr hands these URLs to platforms that fetch media themselves (Instagram). Not for API clients: they cannot sign.',
    security: open,
    request: { params: IdParams, query: SignedMediaQuerySchema },
    responses: {
      200: binary('The file'),
      ...problemResponses({ 400: '', 403: 'the signature is wrong or has expired (`forbidden`)', 404: '', 410: '' }),
    },
  });

  // ---- events ----
  path({
    method: 'get',
    path: `${API_BASE}/events`,
    operationId: 'streamEvents',
    tags: ['events'],
    summary: "Server-sent events: the team's post status changes as they happen",
    description:
      'A `text/event-stream` that stays open. Each change is an event `post.status` with `id: <postId>:<stateVersion>` and ' +
      '`data: {"postId","status","stateVersion"}`; comment lines (`: heartbeat`) keep it alive every 15 s. ' +
      'Changes made while a client was disconnected are not replayed: read the posts again after reconnecting.',
    security: authenticated,
    responses: {
      200: { description: 'The open stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
      ...problemResponses({ 401: '', 403: '', 429: 'too many open streams for this user (`too-many-streams`)', 503: 'the server cannot reach the database' }),
    },
  });

  // ---- webhooks ----
  const webhookProblems = { 401: '', 403: 'managing webhooks needs the owner or admin role' };
  path({
    method: 'post',
    path: `${API_BASE}/webhooks`,
    operationId: 'createWebhook',
    tags: ['webhooks'],
    summary: 'Subscribe a URL to post events; the signing secret is shown once',
    description:
      'planrrr POSTs each event as JSON, signed: `Planrrr-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, ' +
      'with `Planrrr-Event` and `Planrrr-Delivery` (the delivery id, to deduplicate). A 2xx answer is delivered; 410 Gone disables the ' +
      'webhook; anything else is retried with exponential backoff for 24 hours.',
    security: authenticated,
    request: { body: body(CreateWebhookSchema) },
    responses: {
      201: json('CreatedWebhook', 'The webhook, with its signing secret in `secret`'),
      ...problemResponses({ 400: 'also when the URL points at a private or loopback address', ...webhookProblems }),
    },
  });
  path({
    method: 'get',
    path: `${API_BASE}/webhooks`,
    operationId: 'listWebhooks',
    tags: ['webhooks'],
    summary: "The team's webhooks",
    security: authenticated,
    responses: { 200: json('WebhookList', 'The webhooks (without secrets)'), ...problemResponses(webhookProblems) },
  });
  path({
    method: 'delete',
    path: `${API_BASE}/webhooks/{id}`,
    operationId: 'deleteWebhook',
    tags: ['webhooks'],
    summary: 'Delete a webhook and its deliveries',
    security: authenticated,
    request: { params: IdParams },
    responses: { 204: noContent('Deleted'), ...problemResponses({ ...webhookProblems, 404: '' }) },
  });
  path({
    method: 'get',
    path: `${API_BASE}/webhooks/{id}/deliveries`,
    operationId: 'listWebhookDeliveries',
    tags: ['webhooks'],
    summary: 'The 50 most recent deliveries of a webhook, with every attempt',
    security: authenticated,
    request: { params: IdParams },
    responses: { 200: json('WebhookDeliveryList', 'Newest first'), ...problemResponses({ ...webhookProblems, 404: '' }) },
  });
  path({
    method: 'post',
    path: `${API_BASE}/webhooks/{id}/test`,
    operationId: 'testWebhook',
    tags: ['webhooks'],
    summary: 'Send a `ping` event to the webhook now',
    security: authenticated,
    request: { params: IdParams },
    responses: {
      202: json('WebhookPing', 'Queued; follow it in the deliveries'),
      ...problemResponses({ ...webhookProblems, 404: '', 409: 'the webhook is disabled (`webhook-disabled`)' }),
    },
  });

  // ---- what planrrr sends to webhooks (OpenAPI 3.1 `webhooks`) ----
  const SignedHeadersSchema = z.object({
    'Planrrr-Signature': z.string().openapi({
      description: '`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; refuse timestamps more than 5 minutes off',
      example: 't=1764340000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
    }),
    'Planrrr-Event': z.string().openapi({ description: 'the event name, as in the body' }),
    'Planrrr-Delivery': z.string().openapi({ description: 'the delivery id: the same on every retry, so receivers can deduplicate' }),
  });
  const receiverResponses = {
    200: noContent('Any 2xx answer acknowledges the delivery'),
    410: noContent('Gone: planrrr disables the webhook and sends nothing more'),
    default: noContent('Anything else, or no answer within 10 s, is retried with exponential backoff for 24 hours'),
  };
  for (const event of [...WEBHOOK_EVENTS, PING_EVENT]) {
    registry.registerWebhook({
      method: 'post',
      path: event,
      operationId: `webhook.${event}`,
      tags: ['webhooks'],
      summary: event === PING_EVENT ? 'Sent by POST /api/v1/webhooks/{id}/test' : `A post's status became ${event.slice('post.'.length).toUpperCase()}`,
      request: { headers: SignedHeadersSchema, body: body(event === PING_EVENT ? refs.PingEvent : refs.PostEvent) },
      responses: receiverResponses,
    });
  }

  // ---- analytics ----
  path({
    method: 'get',
    path: `${API_BASE}/analytics`,
    operationId: 'getAnalytics',
    tags: ['analytics'],
    summary: 'Posts by status, success rate by platform, posts per day and publishing lateness over a range',
    security: authenticated,
    request: { query: AnalyticsQuerySchema },
    responses: {
      200: json('Analytics', 'The summary of posts whose publish time falls in [from, to)'),
      ...problemResponses({ 400: 'a bad time, time zone, or a range that is empty or longer than 366 days', 401: '', 403: '', 404: 'no such connection in this team' }),
    },
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
      { name: 'account' },
      { name: 'teams' },
      { name: 'tokens' },
      { name: 'connections' },
      { name: 'posts' },
      { name: 'media' },
      { name: 'events' },
      { name: 'webhooks' },
      { name: 'analytics' },
      { name: 'health' },
      { name: 'internal' },
      { name: 'docs' },
    ],
  });
}
