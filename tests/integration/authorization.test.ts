// Who can reach what: every resource route with no credentials, a wrong or revoked token,
// another team's credentials (404, never 403 or data), each role, each token scope; CSRF
// and cross-site defences for the session cookie; CORS for configured origins.
import { randomUUID } from 'node:crypto';
import type { RunningServer } from '../../api/server';
import { TOKEN_SCOPES } from '../../domain/permissions';
import { PNG } from '../support/media-fixtures';
import { ApiClient, inSeconds, startApi, testEnv, type ApiResponse } from '../support/harness';

jest.setTimeout(120_000);

const ALLOWED_ORIGIN = 'https://dashboard.example.com';
const env = testEnv({ CORS_ORIGINS: ALLOWED_ORIGIN });
let server: RunningServer;

interface Ids {
  webhook: string;
  label: string;
  series: string;
  media: string;
  post: string;
  draft: string;
  connection: string;
  token: string;
  invitation: string;
  team: string;
  member: string;
  preview: string;
}

/** A team with one of everything, its owner's session, and a full-scope token. */
interface Fixture {
  owner: ApiClient;
  token: ApiClient;
  ids: Ids;
}

async function signUp(name: string): Promise<{ session: ApiClient; email: string; userId: string }> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  const session = new ApiClient(server.url);
  const signup = await session.post('/api/v1/auth/signup', { email, password: 'correct horse battery', name });
  return { session, email, userId: signup.body.user.id };
}

async function fixture(name: string): Promise<Fixture> {
  const { session: owner, userId } = await signUp(name);
  const token = await owner.post('/api/v1/tokens', { name: 'all scopes' });
  const connection = await owner.post('/api/v1/connections', { platform: 'demo' });
  const post = await owner.post('/api/v1/posts', {
    content: `${name}'s post`,
    publishAt: inSeconds(86_400),
    connectionIds: [connection.body.id],
  });
  const draft = await owner.post('/api/v1/posts', {
    content: `${name}'s draft`,
    publishAt: inSeconds(86_400),
    connectionIds: [connection.body.id],
    draft: true,
  });
  const invitation = await owner.post('/api/v1/invitations', { email: `invitee-${randomUUID()}@example.com`, role: 'VIEWER' });
  const webhook = await owner.post('/api/v1/webhooks', { url: 'https://example.com/hooks', events: ['post.published'] });
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(PNG)]), 'dot.png');
  const media = await owner.request('POST', '/api/v1/media', form);
  const label = await owner.post('/api/v1/labels', { name: `${name}'s label`, colour: '#123456' });
  const series = await owner.post('/api/v1/series', {
    name: `${name}'s series`,
    content: `${name}'s recurring post`,
    connectionIds: [connection.body.id],
    rule: { frequency: 'daily' },
    time: '09:00',
    timeZone: 'Europe/Berlin',
    startDate: '2027-03-01',
  });
  const preview = await owner.post('/api/v1/previews', { label: `${name}'s preview`, postIds: [post.body.id] });
  const me = await owner.get('/api/v1/me');
  for (const response of [token, connection, post, draft, invitation, webhook, media, label, series, preview])
    expect(response.status).toBe(201);
  return {
    owner,
    token: new ApiClient(server.url, token.body.token),
    ids: {
      webhook: webhook.body.id,
      label: label.body.id,
      series: series.body.id,
      media: media.body.id,
      post: post.body.id,
      draft: draft.body.id,
      connection: connection.body.id,
      token: token.body.id,
      invitation: invitation.body.id,
      team: me.body.currentTeamId,
      member: userId,
      preview: preview.body.id,
    },
  };
}

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (ids: Ids) => string;
  /** a valid body, so that refusals are about who asks, not what they send */
  body?: () => unknown;
  /** the permission the route needs (domain/permissions.ts) */
  permission: string;
}

/** Every route that names a resource of a team. None of these change the fixture when refused. */
const RESOURCE_ROUTES: RouteCase[] = [
  { method: 'GET', path: (ids) => `/api/v1/posts/${ids.post}`, permission: 'posts:read' },
  { method: 'PATCH', path: (ids) => `/api/v1/posts/${ids.post}`, body: () => ({ content: 'stolen' }), permission: 'posts:write' },
  {
    method: 'POST',
    path: (ids) => `/api/v1/posts/${ids.post}/reschedule`,
    body: () => ({ publishAt: inSeconds(99_999) }),
    permission: 'posts:write',
  },
  { method: 'POST', path: (ids) => `/api/v1/posts/${ids.post}/cancel`, permission: 'posts:write' },
  { method: 'POST', path: (ids) => `/api/v1/posts/${ids.post}/retry`, permission: 'posts:write' },
  { method: 'POST', path: (ids) => `/api/v1/posts/${ids.draft}/schedule`, body: () => ({}), permission: 'posts:write' },
  { method: 'DELETE', path: (ids) => `/api/v1/posts/${ids.draft}`, permission: 'posts:write' },
  { method: 'POST', path: (ids) => `/api/v1/posts/${ids.post}/duplicate`, permission: 'posts:write' },
  { method: 'PUT', path: (ids) => `/api/v1/posts/${ids.post}/labels`, body: () => ({ labelIds: [] }), permission: 'posts:write' },
  { method: 'POST', path: (ids) => `/api/v1/posts/${ids.post}/approve`, body: () => ({}), permission: 'posts:write' },
  { method: 'POST', path: (ids) => `/api/v1/posts/${ids.post}/reject`, body: () => ({ comment: 'stolen' }), permission: 'posts:write' },
  { method: 'GET', path: (ids) => `/api/v1/posts/${ids.post}/comments`, permission: 'posts:read' },
  { method: 'POST', path: (ids) => `/api/v1/posts/${ids.post}/comments`, body: () => ({ body: 'stolen' }), permission: 'posts:write' },
  { method: 'DELETE', path: (ids) => `/api/v1/posts/${ids.post}/comments/some-comment`, permission: 'posts:write' },
  { method: 'PATCH', path: (ids) => `/api/v1/labels/${ids.label}`, body: () => ({ name: 'stolen' }), permission: 'posts:write' },
  { method: 'DELETE', path: (ids) => `/api/v1/labels/${ids.label}`, permission: 'posts:write' },
  { method: 'DELETE', path: (ids) => `/api/v1/previews/${ids.preview}`, permission: 'posts:write' },
  { method: 'GET', path: (ids) => `/api/v1/series/${ids.series}`, permission: 'posts:read' },
  { method: 'PATCH', path: (ids) => `/api/v1/series/${ids.series}`, body: () => ({ name: 'stolen' }), permission: 'posts:write' },
  { method: 'DELETE', path: (ids) => `/api/v1/series/${ids.series}`, permission: 'posts:write' },
  { method: 'POST', path: (ids) => `/api/v1/series/${ids.series}/pause`, permission: 'posts:write' },
  { method: 'POST', path: (ids) => `/api/v1/series/${ids.series}/resume`, permission: 'posts:write' },
  { method: 'POST', path: (ids) => `/api/v1/series/${ids.series}/skip-next`, permission: 'posts:write' },
  { method: 'DELETE', path: (ids) => `/api/v1/connections/${ids.connection}`, permission: 'connections:write' },
  { method: 'GET', path: (ids) => `/api/v1/connections/${ids.connection}/demo-feed`, permission: 'connections:read' },
  { method: 'GET', path: (ids) => `/api/v1/connections/${ids.connection}/queue`, permission: 'posts:read' },
  { method: 'PUT', path: (ids) => `/api/v1/connections/${ids.connection}/queue`, body: () => ({ slots: [] }), permission: 'posts:write' },
  { method: 'GET', path: (ids) => `/api/v1/connections/${ids.connection}/queue/upcoming`, permission: 'posts:read' },
  {
    method: 'POST',
    path: (ids) => `/api/v1/connections/${ids.connection}/queue/reorder`,
    body: () => ({ postIds: [] }),
    permission: 'posts:write',
  },
  { method: 'POST', path: (ids) => `/api/v1/connections/${ids.connection}/queue/shuffle`, permission: 'posts:write' },
  { method: 'DELETE', path: (ids) => `/api/v1/tokens/${ids.token}`, permission: 'tokens:manage' },
  { method: 'DELETE', path: (ids) => `/api/v1/invitations/${ids.invitation}`, permission: 'members:manage' },
  { method: 'PATCH', path: (ids) => `/api/v1/members/${ids.member}`, body: () => ({ role: 'VIEWER' }), permission: 'members:manage' },
  { method: 'DELETE', path: (ids) => `/api/v1/members/${ids.member}`, permission: 'members:manage' },
  { method: 'POST', path: (ids) => `/api/v1/teams/${ids.team}/switch`, permission: 'members:read' },
  { method: 'DELETE', path: (ids) => `/api/v1/webhooks/${ids.webhook}`, permission: 'webhooks:manage' },
  { method: 'GET', path: (ids) => `/api/v1/webhooks/${ids.webhook}/deliveries`, permission: 'webhooks:manage' },
  { method: 'POST', path: (ids) => `/api/v1/webhooks/${ids.webhook}/test`, permission: 'webhooks:manage' },
  { method: 'GET', path: (ids) => `/api/v1/media/${ids.media}`, permission: 'media:read' },
  { method: 'GET', path: (ids) => `/api/v1/media/${ids.media}/content`, permission: 'media:read' },
  { method: 'DELETE', path: (ids) => `/api/v1/media/${ids.media}`, permission: 'media:write' },
  { method: 'GET', path: (ids) => `/api/v1/analytics?connectionId=${ids.connection}`, permission: 'analytics:read' },
  ...['engagement', 'top-posts', 'best-times', 'export'].map((name): RouteCase => ({
    method: 'GET',
    path: (ids) => `/api/v1/analytics/${name}?connectionId=${ids.connection}`,
    permission: 'analytics:read',
  })),
];

/** Team-wide routes, to check each role and scope against the matrix. */
const TEAM_ROUTES: RouteCase[] = [
  { method: 'GET', path: () => '/api/v1/posts', permission: 'posts:read' },
  {
    method: 'POST',
    path: () => '/api/v1/posts',
    body: () => ({ content: '', publishAt: 'soon', connectionIds: [] }),
    permission: 'posts:write',
  },
  { method: 'GET', path: () => '/api/v1/connections', permission: 'connections:read' },
  { method: 'POST', path: () => '/api/v1/connections', body: () => ({ platform: 'nope' }), permission: 'connections:write' },
  { method: 'GET', path: () => '/api/v1/members', permission: 'members:read' },
  { method: 'GET', path: () => '/api/v1/invitations', permission: 'members:manage' },
  {
    method: 'POST',
    path: () => '/api/v1/invitations',
    body: () => ({ email: 'not an email', role: 'VIEWER' }),
    permission: 'members:manage',
  },
  { method: 'GET', path: () => '/api/v1/labels', permission: 'posts:read' },
  { method: 'POST', path: () => '/api/v1/labels', body: () => ({ name: '', colour: 'red' }), permission: 'posts:write' },
  { method: 'GET', path: () => '/api/v1/previews', permission: 'posts:read' },
  { method: 'POST', path: () => '/api/v1/previews', body: () => ({ label: '' }), permission: 'posts:write' },
  { method: 'GET', path: () => '/api/v1/series', permission: 'posts:read' },
  { method: 'POST', path: () => '/api/v1/series', body: () => ({ name: '' }), permission: 'posts:write' },
  { method: 'GET', path: () => '/api/v1/audit-log', permission: 'audit:read' },
  { method: 'PATCH', path: () => '/api/v1/teams/current', body: () => ({ name: '' }), permission: 'team:manage' },
  { method: 'GET', path: () => '/api/v1/teams/current/approval-policy', permission: 'posts:read' },
  { method: 'PUT', path: () => '/api/v1/teams/current/approval-policy', body: () => ({ enabled: 'yes' }), permission: 'approvals:manage' },
  { method: 'GET', path: () => '/api/v1/tokens', permission: 'tokens:manage' },
  { method: 'GET', path: () => '/api/v1/webhooks', permission: 'webhooks:manage' },
  { method: 'POST', path: () => '/api/v1/webhooks', body: () => ({ url: 'not a url', events: [] }), permission: 'webhooks:manage' },
  { method: 'GET', path: () => '/api/v1/analytics', permission: 'analytics:read' },
  ...['engagement', 'top-posts', 'best-times', 'export'].map((name): RouteCase => ({
    method: 'GET',
    path: () => `/api/v1/analytics/${name}`,
    permission: 'analytics:read',
  })),
  { method: 'POST', path: () => '/api/v1/media', body: () => ({ not: 'multipart' }), permission: 'media:write' },
  { method: 'POST', path: () => '/api/v1/tokens', body: () => ({ name: '' }), permission: 'tokens:manage' },
];

/** domain/permissions.ts, restated as the contract the tests hold the code to. */
const VIEWER_GRANTS = ['posts:read', 'media:read', 'connections:read', 'members:read', 'analytics:read', 'tokens:manage'];
const EDITOR_GRANTS = [...VIEWER_GRANTS, 'posts:write', 'media:write'];
const ADMIN_GRANTS = [...EDITOR_GRANTS, 'connections:write', 'webhooks:manage', 'members:manage', 'audit:read', 'approvals:manage'];
const EXPECTED_GRANTS: Record<string, string[]> = {
  VIEWER: VIEWER_GRANTS,
  EDITOR: EDITOR_GRANTS,
  ADMIN: ADMIN_GRANTS,
  OWNER: [...ADMIN_GRANTS, 'team:manage'],
};

function call(client: ApiClient, route: RouteCase, ids: Ids): Promise<ApiResponse> {
  return client.request(route.method, route.path(ids), route.body?.());
}

let alice: Fixture;
let mallory: Fixture;

beforeAll(async () => {
  server = await startApi(env);
  [alice, mallory] = await Promise.all([fixture('Alice'), fixture('Mallory')]);
});

afterAll(async () => {
  await server?.close();
});

test('another team’s ids answer 404 on every resource route, by session and by token, and reveal nothing', async () => {
  const seen: string[] = [];
  for (const route of RESOURCE_ROUTES) {
    for (const [how, client] of [
      ['session', mallory.owner],
      ['token', mallory.token],
    ] as const) {
      const response = await call(client, route, alice.ids);
      // tokens may not manage members, tokens or teams at all: 403 for what they never may do, in any team
      const expected = how === 'token' && !(TOKEN_SCOPES as readonly string[]).includes(route.permission) ? 403 : 404;
      seen.push(`${how} ${route.method} ${route.path(alice.ids)} -> ${response.status}`);
      expect({ route: seen.at(-1), status: response.status }).toEqual({ route: seen.at(-1), status: expected });
      expect(JSON.stringify(response.body)).not.toContain("Alice's");
    }
  }
  // and Alice's post is untouched
  const post = await alice.owner.get(`/api/v1/posts/${alice.ids.post}`);
  expect(post.body).toMatchObject({ status: 'SCHEDULED', content: "Alice's post" });
  expect((await alice.owner.get(`/api/v1/posts/${alice.ids.draft}`)).body.status).toBe('DRAFT');
  expect((await alice.owner.get(`/api/v1/series/${alice.ids.series}`)).body).toMatchObject({
    name: "Alice's series",
    paused: false,
    skipped: [],
  });
});

test('no credentials, a wrong token and a revoked token answer 401 everywhere', async () => {
  const revoked = await alice.owner.post('/api/v1/tokens', { name: 'soon revoked' });
  const revokedClient = new ApiClient(server.url, revoked.body.token);
  expect((await alice.owner.request('DELETE', `/api/v1/tokens/${revoked.body.id}`)).status).toBe(204);
  for (const client of [new ApiClient(server.url), new ApiClient(server.url, 'planrrr_wrong'), revokedClient]) {
    for (const route of [...RESOURCE_ROUTES, ...TEAM_ROUTES]) {
      const response = await call(client, route, alice.ids);
      expect({ route: `${route.method} ${route.path(alice.ids)}`, status: response.status }).toEqual({
        route: `${route.method} ${route.path(alice.ids)}`,
        status: 401,
      });
      expect(response.body.type).toBe('https://planrrr.dev/problems/unauthenticated');
    }
  }
});

test('each role is allowed exactly what the permission matrix grants', async () => {
  const members: Record<string, ApiClient> = { OWNER: alice.owner };
  for (const role of ['ADMIN', 'EDITOR', 'VIEWER']) {
    const person = await signUp(role);
    const invitation = await alice.owner.post('/api/v1/invitations', { email: person.email, role });
    await person.session.post('/api/v1/invitations/accept', { token: new URL(invitation.body.acceptUrl).pathname.split('/').pop() });
    members[role] = person.session;
  }
  for (const [role, client] of Object.entries(members)) {
    for (const route of TEAM_ROUTES) {
      const response = await call(client, route, alice.ids);
      const allowed = EXPECTED_GRANTS[role]!.includes(route.permission);
      const label = `${role} ${route.method} ${route.path(alice.ids)}`;
      // allowed: the request reaches validation (the bodies above are invalid) or succeeds; refused: 403
      expect({ label, refused: response.status === 403 }).toEqual({ label, refused: !allowed });
      if (!allowed) expect(response.body.detail).toContain(role);
    }
  }
});

test('a token acts only within its scopes, and never for what needs a person', async () => {
  const readOnly = await alice.owner.post('/api/v1/tokens', { name: 'reader', scopes: ['posts:read'] });
  expect(readOnly.body.scopes).toEqual(['posts:read']);
  const reader = new ApiClient(server.url, readOnly.body.token);
  expect((await reader.get('/api/v1/posts')).status).toBe(200);
  const write = await reader.post(`/api/v1/posts/${alice.ids.post}/cancel`);
  expect(write.status).toBe(403);
  expect(write.body.detail).toContain('posts:write');
  expect((await reader.get('/api/v1/connections')).status).toBe(403);
  expect((await alice.token.post('/api/v1/tokens', { name: 'minted by a token' })).status).toBe(403);
  expect((await alice.token.get('/api/v1/members')).status).toBe(403);
  const badScope = await alice.owner.post('/api/v1/tokens', { name: 'x', scopes: ['everything'] });
  expect(badScope.status).toBe(400);
  expect(badScope.body.errors[0].field).toBe('body.scopes.0');
});

test('writes with the session cookie need the CSRF token; bearer tokens need none', async () => {
  const { session } = await signUp('Csrf');
  const connected = await session.post('/api/v1/connections', { platform: 'demo' });
  expect(connected.status).toBe(201);

  const forged = await session.request('POST', '/api/v1/connections', { platform: 'demo' }, { 'x-csrf-token': 'guessed' });
  expect(forged.status).toBe(403);
  expect(forged.body.type).toBe('https://planrrr.dev/problems/csrf-token-invalid');
  const csrf = await session.get('/api/v1/auth/csrf');
  expect(csrf.body.csrfToken).toEqual(expect.any(String));
  expect((await session.request('POST', '/api/v1/connections', { platform: 'demo' }, { 'x-csrf-token': csrf.body.csrfToken })).status).toBe(
    201,
  );
  expect((await alice.token.post('/api/v1/connections', { platform: 'demo' })).status).toBe(201);
  expect((await alice.token.get('/api/v1/auth/csrf')).status).toBe(403);
});

test('a browser write from another site is refused; the configured origin gets CORS', async () => {
  const { session } = await signUp('Site');
  const crossSite = await session.request(
    'POST',
    '/api/v1/connections',
    { platform: 'demo' },
    { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
  );
  expect(crossSite.status).toBe(403);
  expect(crossSite.body.type).toBe('https://planrrr.dev/problems/cross-site-request');
  const byOrigin = await session.request('POST', '/api/v1/connections', { platform: 'demo' }, { origin: 'https://evil.example' });
  expect(byOrigin.status).toBe(403);
  expect((await session.request('POST', '/api/v1/connections', { platform: 'demo' }, { 'sec-fetch-site': 'same-origin' })).status).toBe(
    201,
  );

  const preflight = await fetch(`${server.url}/api/v1/posts`, {
    method: 'OPTIONS',
    headers: {
      origin: ALLOWED_ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,authorization',
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
  expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
  const fromAllowed = await session.request(
    'POST',
    '/api/v1/connections',
    { platform: 'demo' },
    { 'sec-fetch-site': 'cross-site', origin: ALLOWED_ORIGIN },
  );
  expect(fromAllowed.status).toBe(201);
  expect(fromAllowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
  const other = await fetch(`${server.url}/api/v1/posts`, { headers: { origin: 'https://evil.example' } });
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
});
