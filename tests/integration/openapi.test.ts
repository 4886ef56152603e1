// The OpenAPI document is a true description of the API: structurally valid, listing
// exactly the routes the app registers, and matching what real requests answer. Response
// bodies are parsed with the zod schemas the document's responses reference by name, so
// the spec and this check cannot drift apart.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import session from 'express-session';
import { createApp } from '../../api/app';
import { createPostStatusHub } from '../../api/events/post-status-hub';
import { openApiDocument } from '../../api/openapi/document';
import { responseSchemas, type ResponseSchemaName } from '../../api/openapi/responses';
import type { RunningServer } from '../../api/server';
import { createServices } from '../../api/services';
import { createDb } from '../../lib/db';
import { NO_ERROR_REPORTING } from '../../lib/error-reporting';
import { createLogger } from '../../lib/logger';
import type { ServiceProcess } from '../../runtime/processes';
import { signedMediaUrl } from '../../lib/media-urls';
import { NOT_AN_IMAGE, PNG, uploadMedia } from '../support/media-fixtures';
import { ApiClient, inSeconds, joinTeam, signUpWithToken, startApi, startWorker, testEnv, type ApiResponse } from '../support/harness';
import { operations } from '../support/openapi';
import { signUp } from '../support/team-members';

jest.setTimeout(180_000);

const env = testEnv();
let server: RunningServer;
let worker: ServiceProcess | undefined;

type Json = Record<string, any>;

beforeAll(async () => {
  [server, worker] = await Promise.all([startApi(env), startWorker(env)]);
});

afterAll(async () => {
  await Promise.allSettled([server?.close(), worker?.stop()]);
});

function doc(): Json {
  return openApiDocument() as Json;
}

/** Resolves a local JSON pointer (`#/components/schemas/Post`), or undefined. */
function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

function collectRefs(node: unknown, at: string, out: Array<{ at: string; ref: string }>): void {
  if (Array.isArray(node)) node.forEach((item, index) => collectRefs(item, `${at}/${index}`, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push({ at, ref: value });
      else collectRefs(value, `${at}/${key}`, out);
    }
  }
}

describe('the document', () => {
  test('is structurally valid OpenAPI 3.1', () => {
    const document = doc();
    const errors: string[] = [];
    if (!/^3\.1\.\d+$/.test(String(document.openapi))) errors.push(`openapi is ${document.openapi}, not 3.1.x`);
    if (typeof document.info?.title !== 'string' || typeof document.info?.version !== 'string') errors.push('info needs title and version');
    const schemes = Object.keys(document.components?.securitySchemes ?? {});
    const operationIds = new Map<string, string>();

    for (const path of Object.keys(document.paths ?? {})) if (!path.startsWith('/')) errors.push(`path ${path} must start with /`);
    for (const { method, path, operation } of operations(document)) {
      const where = `${method.toUpperCase()} ${path}`;
      const responses = Object.entries((operation.responses ?? {}) as Json);
      if (responses.length === 0) errors.push(`${where}: no responses`);
      for (const [status, response] of responses) {
        if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) errors.push(`${where}: bad status key ${status}`);
        if (!response.$ref && typeof response.description !== 'string') errors.push(`${where} ${status}: a response needs a description`);
      }
      if (typeof operation.operationId !== 'string') errors.push(`${where}: no operationId`);
      else if (operationIds.has(operation.operationId))
        errors.push(`${where}: operationId ${operation.operationId} also used by ${operationIds.get(operation.operationId)}`);
      else operationIds.set(operation.operationId, where);
      // path templates and path parameters agree
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!).sort();
      const parameters = (operation.parameters ?? []) as Json[];
      const declared = parameters
        .filter((p) => p.in === 'path')
        .map((p) => p.name as string)
        .sort();
      if (JSON.stringify(templated) !== JSON.stringify(declared))
        errors.push(`${where}: path parameters ${declared} do not match the template ${templated}`);
      for (const p of parameters) {
        if (!['path', 'query', 'header', 'cookie'].includes(p.in)) errors.push(`${where}: parameter ${p.name} in ${p.in}`);
        if (p.in === 'path' && p.required !== true) errors.push(`${where}: path parameter ${p.name} must be required`);
      }
      const seen = new Set(parameters.map((p) => `${p.in}:${String(p.name).toLowerCase()}`));
      if (seen.size !== parameters.length) errors.push(`${where}: duplicate parameters`);
      for (const requirement of (operation.security ?? []) as Json[]) {
        for (const name of Object.keys(requirement)) if (!schemes.includes(name)) errors.push(`${where}: unknown security scheme ${name}`);
      }
    }
    const refs: Array<{ at: string; ref: string }> = [];
    collectRefs(document, '#', refs);
    for (const { at, ref } of refs)
      if (resolvePointer(document, ref) === undefined) errors.push(`${at}: $ref ${ref} does not resolve in the document`);
    expect(errors).toEqual([]);
    expect(refs.length).toBeGreaterThan(0);
  });

  test('declares the session cookie and bearer token', () => {
    expect(doc().components.securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie', name: 'planrrr.sid' },
      bearer: { type: 'http', scheme: 'bearer' },
    });
  });
});

/** METHOD /path (OpenAPI templating) of every route registered on the Express app. */
function registeredRoutes(app: { router: { stack: unknown[] } }): string[] {
  const routes: string[] = [];
  const walk = (stack: Json[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths: string[] = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        const methods = Object.keys(layer.route.methods).filter((method) => method !== '_all' && layer.route.methods[method]);
        for (const path of paths) {
          if (typeof path !== 'string') throw new Error(`route ${String(path)} is not a string path: teach this walk about it`);
          for (const method of methods) routes.push(`${method.toUpperCase()} ${(prefix + path).replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        if (!layer.slash && typeof layer.rawPath !== 'string')
          throw new Error(`router mounted at ${String(layer.rawPath)}: teach this walk about it`);
        walk(layer.handle.stack, layer.slash ? prefix : prefix + layer.rawPath);
      }
    }
  };
  walk(app.router.stack as Json[], '');
  return [...new Set(routes)].sort();
}

test('documents every route the app registers, and only those', async () => {
  // The app as the server builds it (without the web app), to read its router.
  const db = createDb(env.config.DATABASE_URL);
  const connection = Connection.lazy({ address: env.config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: env.config.TEMPORAL_NAMESPACE });
  const logger = createLogger({ name: 'openapi-test', level: 'warn' });
  try {
    const app = createApp({
      config: env.config,
      db,
      temporal,
      logger,
      postStatusHub: createPostStatusHub({ databaseUrl: env.config.DATABASE_URL, logger }),
      services: createServices({ config: env.config, db, temporal, logger }),
      sessionStore: new session.MemoryStore(),
      errorReporter: NO_ERROR_REPORTING,
    });
    const registered = registeredRoutes(app as never);
    const documented = operations(doc())
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
      .sort();
    expect(registered.length).toBeGreaterThan(10); // the walk found the API routers
    expect({
      undocumented: registered.filter((route) => !documented.includes(route)),
      notRegistered: documented.filter((route) => !registered.includes(route)),
    }).toEqual({
      undocumented: [],
      notRegistered: [],
    });
  } finally {
    await Promise.allSettled([db.$disconnect(), connection.close()]);
  }
});

describe('real responses match the documented schemas', () => {
  /**
   * Checks a live response against the document's entry for method + path + status: the
   * status is documented, the content type is declared, and the body parses with the zod
   * schema the entry references. Returns the response for chaining.
   */
  function conforms<T>(method: string, path: string, response: ApiResponse<T>): ApiResponse<T> {
    const where = `${method.toUpperCase()} ${path} ${response.status}`;
    const operation = doc().paths?.[path]?.[method.toLowerCase()] as Json | undefined;
    if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
    const entry = operation.responses?.[String(response.status)] as Json | undefined;
    if (!entry)
      throw new Error(
        `${where}: status not documented (documented: ${Object.keys(operation.responses ?? {}).join(', ')}); body ${JSON.stringify(response.body)}`,
      );
    const mismatches: string[] = [];
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim();
    if (!entry.content) {
      if (response.body !== undefined)
        mismatches.push(`${where}: documented without a body, but answered ${JSON.stringify(response.body)}`);
    } else if (!contentType || !entry.content[contentType]) {
      mismatches.push(`${where}: content type ${contentType} is not one of ${Object.keys(entry.content).join(', ')}`);
    } else {
      const ref = entry.content[contentType].schema?.$ref as string | undefined;
      const name = ref?.replace('#/components/schemas/', '');
      if (ref && !(name! in responseSchemas)) mismatches.push(`${where}: ${ref} is not a schema from api/openapi/responses.ts`);
      else if (name) {
        const result = responseSchemas[name as ResponseSchemaName].safeParse(response.body);
        if (!result.success) {
          for (const issue of result.error.issues) {
            const fields =
              issue.code === 'unrecognized_keys'
                ? issue.keys.map((key) => [...issue.path, key].join('.'))
                : [issue.path.join('.') || '(body)'];
            mismatches.push(`${where}: field ${fields.join(', ')}: ${issue.message} (schema ${name})`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    return response;
  }

  test('auth, tokens, connections, posts, problems and health', async () => {
    const anonymous = new ApiClient(server.url);
    const web = new ApiClient(server.url);
    const email = `openapi-${randomUUID()}@example.com`;
    const password = 'correct horse battery';

    // auth (session)
    conforms('post', '/api/v1/auth/signup', await web.post('/api/v1/auth/signup', { email, password, name: 'Olive' }));
    expect((await web.post('/api/v1/auth/signup', { email, password, name: 'Olive' })).status).toBe(409);
    conforms('post', '/api/v1/auth/signup', await anonymous.post('/api/v1/auth/signup', { email, password, name: 'Olive' }));
    conforms('get', '/api/v1/me', await web.get('/api/v1/me'));
    const other = new ApiClient(server.url);
    conforms('post', '/api/v1/auth/login', await other.post('/api/v1/auth/login', { email, password }));
    conforms('post', '/api/v1/auth/login', await anonymous.post('/api/v1/auth/login', { email, password: 'wrong password' }));
    conforms('post', '/api/v1/auth/logout', await other.post('/api/v1/auth/logout'));
    conforms('get', '/api/v1/me', await other.get('/api/v1/me')); // 401 after logout

    // account security (its behaviour: tests/integration/account-security.test.ts)
    conforms('post', '/api/v1/auth/verify-email', await anonymous.post('/api/v1/auth/verify-email', { token: 'not-a-token' }));
    conforms('post', '/api/v1/auth/verify-email/resend', await web.post('/api/v1/auth/verify-email/resend'));
    conforms('post', '/api/v1/auth/password-reset', await anonymous.post('/api/v1/auth/password-reset', { email }));
    conforms('post', '/api/v1/auth/password-reset', await anonymous.post('/api/v1/auth/password-reset', { email: 'not an email' }));
    conforms(
      'post',
      '/api/v1/auth/password-reset/confirm',
      await anonymous.post('/api/v1/auth/password-reset/confirm', { token: 'not-a-token', password }),
    );
    conforms('post', '/api/v1/auth/login/second-factor', await anonymous.post('/api/v1/auth/login/second-factor', { code: '123456' }));
    conforms('get', '/api/v1/me/2fa', await web.get('/api/v1/me/2fa'));
    conforms('post', '/api/v1/me/2fa/enroll', await web.post('/api/v1/me/2fa/enroll'));
    conforms('post', '/api/v1/me/2fa/confirm', await web.post('/api/v1/me/2fa/confirm', { code: 'wrong-code' }));
    conforms('post', '/api/v1/me/2fa/disable', await web.post('/api/v1/me/2fa/disable', {}));
    conforms('get', '/api/v1/me/sessions', await web.get('/api/v1/me/sessions'));
    conforms('delete', '/api/v1/me/sessions/{id}', await web.delete('/api/v1/me/sessions/unknown'));
    conforms('delete', '/api/v1/me/sessions', await web.delete('/api/v1/me/sessions'));

    // tokens
    const created = conforms('post', '/api/v1/tokens', await web.post('/api/v1/tokens', { name: 'openapi test' }));
    expect(created.status).toBe(201);
    conforms('post', '/api/v1/tokens', await web.post('/api/v1/tokens', { name: '' }));
    const spare = conforms('post', '/api/v1/tokens', await web.post('/api/v1/tokens', { name: 'spare', expiresAt: inSeconds(86_400) }));
    conforms('get', '/api/v1/tokens', await web.get('/api/v1/tokens'));
    expect(conforms('delete', '/api/v1/tokens/{id}', await web.request('DELETE', `/api/v1/tokens/${spare.body.id}`)).status).toBe(204);
    expect(conforms('delete', '/api/v1/tokens/{id}', await web.request('DELETE', `/api/v1/tokens/${spare.body.id}`)).status).toBe(404);
    conforms('get', '/api/v1/tokens', await anonymous.get('/api/v1/tokens'));

    // connections (bearer token)
    const api = new ApiClient(server.url, created.body.token);
    const demo = conforms('post', '/api/v1/connections', await api.post('/api/v1/connections', { platform: 'demo', name: 'OpenAPI feed' }));
    expect(demo.status).toBe(201);
    conforms('post', '/api/v1/connections', await api.post('/api/v1/connections', { platform: 'myspace' }));
    conforms('get', '/api/v1/connections', await api.get('/api/v1/connections'));
    conforms('get', '/api/v1/connections/{id}/demo-feed', await api.get(`/api/v1/connections/${demo.body.id}/demo-feed`));
    conforms('get', '/api/v1/connections/{id}/demo-feed', await api.get('/api/v1/connections/no-such-connection/demo-feed'));
    conforms('get', '/api/v1/connections/{id}/followers', await api.get(`/api/v1/connections/${demo.body.id}/followers`));
    const backwards = new URLSearchParams({ from: inSeconds(60), to: inSeconds(0) });
    const empty = await api.get(`/api/v1/connections/${demo.body.id}/followers?${backwards}`);
    expect(conforms('get', '/api/v1/connections/{id}/followers', empty).status).toBe(400);
    const unknownAccount = await api.get('/api/v1/connections/no-such-connection/followers');
    expect(conforms('get', '/api/v1/connections/{id}/followers', unknownAccount).status).toBe(404);
    conforms('get', '/api/v1/connections/platforms', await api.get('/api/v1/connections/platforms'));
    const json = { accept: 'application/json' };
    // no OAuth app is configured in this test's environment (tests/integration/oauth-connect.test.ts runs the flows)
    expect(
      conforms(
        'get',
        '/api/v1/connections/{platform}/authorize',
        await api.request('GET', '/api/v1/connections/x/authorize', undefined, json),
      ).status,
    ).toBe(422);
    conforms(
      'get',
      '/api/v1/connections/{platform}/authorize',
      await api.request('GET', '/api/v1/connections/myspace/authorize', undefined, json),
    );
    expect(
      conforms('get', '/api/v1/connections/{platform}/callback', await anonymous.get('/api/v1/connections/x/callback?state=forged&code=c'))
        .status,
    ).toBe(400);

    // posts
    const body = { content: 'Described by the spec', publishAt: inSeconds(3600), connectionIds: [demo.body.id] };
    const key = { 'Idempotency-Key': `openapi-${randomUUID()}` };
    const post = conforms('post', '/api/v1/posts', await api.post('/api/v1/posts', body, key));
    expect(post.status).toBe(201);
    expect(conforms('post', '/api/v1/posts', await api.post('/api/v1/posts', body, key)).status).toBe(200);
    const invalid = conforms(
      'post',
      '/api/v1/posts',
      await api.post('/api/v1/posts', { content: '', publishAt: 'tomorrow', connectionIds: [] }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.length).toBeGreaterThan(0);
    conforms('post', '/api/v1/posts', await api.request('POST', '/api/v1/posts', '{"content":', { 'content-type': 'application/json' }));
    conforms('post', '/api/v1/posts', await api.post('/api/v1/posts', { ...body, connectionIds: ['no-such-connection'] }));
    conforms('post', '/api/v1/posts', await anonymous.post('/api/v1/posts', body));

    conforms('get', '/api/v1/posts', await api.get('/api/v1/posts?status=SCHEDULED&limit=1'));
    conforms('get', '/api/v1/posts', await api.get(`/api/v1/posts?from=${encodeURIComponent(inSeconds(-60))}`));
    conforms('get', '/api/v1/posts', await api.get('/api/v1/posts?status=LOST'));
    const read = conforms('get', '/api/v1/posts/{id}', await api.get(`/api/v1/posts/${post.body.id}`));
    expect(read.body.workflow).toBeTruthy(); // the live state is part of what was checked
    expect(conforms('get', '/api/v1/posts/{id}', await api.get('/api/v1/posts/no-such-post')).status).toBe(404);
    // a scheduled post has published nowhere yet: no accounts to show
    const metrics = conforms('get', '/api/v1/posts/{id}/metrics', await api.get(`/api/v1/posts/${post.body.id}/metrics`));
    expect(metrics.body).toEqual({ postId: post.body.id, accounts: [] });
    expect(conforms('get', '/api/v1/posts/{id}/metrics', await api.get('/api/v1/posts/no-such-post/metrics')).status).toBe(404);

    // analytics over the range that holds the post
    const range = new URLSearchParams({ from: inSeconds(-60), to: inSeconds(86_400), timeZone: 'Europe/Berlin' });
    expect(conforms('get', '/api/v1/analytics', await api.get(`/api/v1/analytics?${range}`)).body.byStatus.SCHEDULED).toBe(1);
    expect(conforms('get', '/api/v1/analytics', await api.get('/api/v1/analytics?timeZone=Mars/Olympus')).status).toBe(400);
    expect(conforms('get', '/api/v1/analytics', await api.get('/api/v1/analytics?connectionId=no-such-connection')).status).toBe(404);
    // audience analytics: nothing published yet, so empty answers of the documented shapes
    for (const path of ['/api/v1/analytics/engagement', '/api/v1/analytics/top-posts', '/api/v1/analytics/best-times']) {
      expect(conforms('get', path, await api.get(`${path}?${range}`.replace(/&timeZone=[^&]*/, ''))).status).toBe(200);
      expect(conforms('get', path, await api.get(`${path}?connectionId=no-such-connection`)).status).toBe(404);
    }
    expect(conforms('get', '/api/v1/analytics/top-posts', await api.get('/api/v1/analytics/top-posts?metric=fame')).status).toBe(400);
    expect(conforms('get', '/api/v1/analytics/export', await api.get('/api/v1/analytics/export')).status).toBe(200);
    expect(conforms('get', '/api/v1/analytics/export', await api.get('/api/v1/analytics/export?from=now')).status).toBe(400);

    conforms('patch', '/api/v1/posts/{id}', await api.patch(`/api/v1/posts/${post.body.id}`, { content: 'Edited, still described' }));
    conforms('patch', '/api/v1/posts/{id}', await api.patch(`/api/v1/posts/${post.body.id}`, {}));
    const moved = conforms(
      'post',
      '/api/v1/posts/{id}/reschedule',
      await api.post(`/api/v1/posts/${post.body.id}/reschedule`, { publishAt: inSeconds(7200) }),
    );
    expect(moved.status).toBe(200);
    conforms(
      'post',
      '/api/v1/posts/{id}/reschedule',
      await api.post(`/api/v1/posts/${post.body.id}/reschedule`, { publishAt: '2020-01-01T00:00:00Z' }),
    );
    const cancelled = conforms('post', '/api/v1/posts/{id}/cancel', await api.post(`/api/v1/posts/${post.body.id}/cancel`));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(conforms('post', '/api/v1/posts/{id}/cancel', await api.post(`/api/v1/posts/${post.body.id}/cancel`)).status).toBe(409);
    expect(
      conforms(
        'post',
        '/api/v1/posts/{id}/reschedule',
        await api.post(`/api/v1/posts/${post.body.id}/reschedule`, { publishAt: inSeconds(7200) }),
      ).status,
    ).toBe(409);

    // a connection still targeted by a scheduled post cannot go; once free, it can
    const blocker = conforms('post', '/api/v1/posts', await api.post('/api/v1/posts', body));
    expect(conforms('delete', '/api/v1/connections/{id}', await api.request('DELETE', `/api/v1/connections/${demo.body.id}`)).status).toBe(
      409,
    );
    conforms('post', '/api/v1/posts/{id}/cancel', await api.post(`/api/v1/posts/${blocker.body.id}/cancel`));
    expect(conforms('delete', '/api/v1/connections/{id}', await api.request('DELETE', `/api/v1/connections/${demo.body.id}`)).status).toBe(
      204,
    );
    expect(conforms('delete', '/api/v1/connections/{id}', await api.request('DELETE', `/api/v1/connections/${demo.body.id}`)).status).toBe(
      404,
    );

    // webhooks and the event stream
    const hook = conforms(
      'post',
      '/api/v1/webhooks',
      await api.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['post.published'] }),
    );
    expect(hook.status).toBe(201);
    conforms('post', '/api/v1/webhooks', await api.post('/api/v1/webhooks', { url: 'gopher://example.com', events: ['post.published'] }));
    conforms('get', '/api/v1/webhooks', await api.get('/api/v1/webhooks'));
    expect(conforms('post', '/api/v1/webhooks/{id}/test', await api.post(`/api/v1/webhooks/${hook.body.id}/test`)).status).toBe(202);
    conforms('get', '/api/v1/webhooks/{id}/deliveries', await api.get(`/api/v1/webhooks/${hook.body.id}/deliveries`));
    expect(conforms('delete', '/api/v1/webhooks/{id}', await api.request('DELETE', `/api/v1/webhooks/${hook.body.id}`)).status).toBe(204);
    expect(conforms('get', '/api/v1/webhooks/{id}/deliveries', await api.get(`/api/v1/webhooks/${hook.body.id}/deliveries`)).status).toBe(
      404,
    );
    conforms('get', '/api/v1/events', await anonymous.get('/api/v1/events'));

    // health and the spec itself
    conforms('get', '/healthz', await anonymous.get('/healthz'));
    conforms('get', '/readyz', await anonymous.get('/readyz'));
    conforms('get', '/metrics', await anonymous.get('/metrics'));
    const spec = conforms('get', '/api/v1/openapi.json', await anonymous.get('/api/v1/openapi.json'));
    expect(spec.status).toBe(200);
    expect(spec.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  test('teams, members, invitations, audit log, account and drafts', async () => {
    const signUp = async (name: string) => {
      const client = new ApiClient(server.url);
      const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
      const signup = await client.post('/api/v1/auth/signup', { email, password: 'correct horse battery', name });
      return { client, email, userId: signup.body.user.id as string };
    };
    const owner = await signUp('Tess');
    const member = await signUp('Milo');
    const web = owner.client;

    conforms('get', '/api/v1/auth/csrf', await web.get('/api/v1/auth/csrf'));
    conforms('get', '/api/v1/teams', await web.get('/api/v1/teams'));
    const team = conforms('post', '/api/v1/teams', await web.post('/api/v1/teams', { name: 'Spec team' }));
    expect(team.status).toBe(201);
    conforms('post', '/api/v1/teams', await web.post('/api/v1/teams', { name: '' }));
    conforms('patch', '/api/v1/teams/current', await web.patch('/api/v1/teams/current', { name: 'Spec team, renamed' }));
    const invitation = conforms(
      'post',
      '/api/v1/invitations',
      await web.post('/api/v1/invitations', { email: member.email, role: 'EDITOR' }),
    );
    conforms('get', '/api/v1/invitations', await web.get('/api/v1/invitations'));
    const token = new URL(invitation.body.acceptUrl).pathname.split('/').pop();
    conforms('post', '/api/v1/invitations/accept', await member.client.post('/api/v1/invitations/accept', { token }));
    conforms('post', '/api/v1/invitations/accept', await member.client.post('/api/v1/invitations/accept', { token }));
    const spare = await web.post('/api/v1/invitations', { email: 'spare@example.com', role: 'VIEWER' });
    conforms('delete', '/api/v1/invitations/{id}', await web.request('DELETE', `/api/v1/invitations/${spare.body.id}`));
    conforms('get', '/api/v1/members', await web.get('/api/v1/members'));
    conforms('patch', '/api/v1/members/{userId}', await web.patch(`/api/v1/members/${member.userId}`, { role: 'VIEWER' }));
    conforms('patch', '/api/v1/members/{userId}', await member.client.patch(`/api/v1/members/${owner.userId}`, { role: 'VIEWER' }));
    conforms('delete', '/api/v1/members/{userId}', await web.request('DELETE', `/api/v1/members/${owner.userId}`)); // last owner: 409
    conforms('delete', '/api/v1/members/{userId}', await web.request('DELETE', `/api/v1/members/${member.userId}`));
    conforms('get', '/api/v1/audit-log', await web.get('/api/v1/audit-log?limit=2'));

    // drafts
    const demo = await web.post('/api/v1/connections', { platform: 'demo' });
    const draft = conforms(
      'post',
      '/api/v1/posts',
      await web.post('/api/v1/posts', { content: 'a draft', publishAt: inSeconds(3600), connectionIds: [demo.body.id], draft: true }),
    );
    expect(draft.body.status).toBe('DRAFT');
    conforms('post', '/api/v1/posts/{id}/retry', await web.post(`/api/v1/posts/${draft.body.id}/retry`)); // 409
    conforms(
      'post',
      '/api/v1/posts/{id}/schedule',
      await web.post(`/api/v1/posts/${draft.body.id}/schedule`, { publishAt: '2020-01-01T00:00:00Z' }),
    );
    const other = conforms(
      'post',
      '/api/v1/posts',
      await web.post('/api/v1/posts', { content: 'to schedule', publishAt: inSeconds(3600), connectionIds: [demo.body.id], draft: true }),
    );
    expect(conforms('post', '/api/v1/posts/{id}/schedule', await web.post(`/api/v1/posts/${other.body.id}/schedule`, {})).body.status).toBe(
      'SCHEDULED',
    );
    conforms('delete', '/api/v1/posts/{id}', await web.request('DELETE', `/api/v1/posts/${other.body.id}`)); // 409: not a draft
    expect(conforms('delete', '/api/v1/posts/{id}', await web.request('DELETE', `/api/v1/posts/${draft.body.id}`)).status).toBe(204);

    // switching back, then the account
    const teams = await web.get('/api/v1/teams');
    const personal = teams.body.data.find((candidate: { id: string }) => candidate.id !== team.body.id);
    conforms('post', '/api/v1/teams/{id}/switch', await web.post(`/api/v1/teams/${personal.id}/switch`));
    conforms('post', '/api/v1/teams/{id}/switch', await web.post('/api/v1/teams/not-mine/switch'));
    conforms('get', '/api/v1/me/export', await web.get('/api/v1/me/export'));
    conforms('delete', '/api/v1/me', await web.request('DELETE', '/api/v1/me', { password: 'wrong' }));
    conforms('post', '/api/v1/teams/{id}/switch', await web.post(`/api/v1/teams/${team.body.id}/switch`));
    expect(conforms('delete', '/api/v1/teams/current', await web.request('DELETE', '/api/v1/teams/current')).status).toBe(204);
    expect(conforms('delete', '/api/v1/teams/current', await web.request('DELETE', '/api/v1/teams/current')).status).toBe(409); // the only team left
    expect(conforms('delete', '/api/v1/me', await web.request('DELETE', '/api/v1/me', { password: 'correct horse battery' })).status).toBe(
      204,
    );
  });

  test('series: create, list, read, edit, pause, resume, skip-next, delete, problems', async () => {
    const { api } = await signUpWithToken(server.url, 'Series');
    const demo = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
    const body = {
      name: 'Weekly',
      content: 'Tip {{n}}',
      connectionIds: [demo],
      rule: { frequency: 'weekly', days: ['MONDAY'] },
      time: '09:00',
      timeZone: 'Europe/Berlin',
      startDate: '2027-03-01',
      end: { type: 'after', count: 3 },
    };
    const created = conforms('post', '/api/v1/series', await api.post('/api/v1/series', body));
    expect(created.status).toBe(201);
    const path = `/api/v1/series/${created.body.id}`;
    expect(conforms('post', '/api/v1/series', await api.post('/api/v1/series', { ...body, time: '9' })).status).toBe(400);
    expect(conforms('post', '/api/v1/series', await api.post('/api/v1/series', { ...body, connectionIds: ['nope'] })).status).toBe(422);
    conforms('get', '/api/v1/series', await api.get('/api/v1/series'));
    conforms('get', '/api/v1/series/{id}', await api.get(path));
    expect(conforms('get', '/api/v1/series/{id}', await api.get('/api/v1/series/no-such-series')).status).toBe(404);
    conforms('patch', '/api/v1/series/{id}', await api.patch(path, { rule: { frequency: 'monthly', dayOfMonth: 31, every: 2 } }));
    conforms('post', '/api/v1/series/{id}/pause', await api.post(`${path}/pause`));
    conforms('post', '/api/v1/series/{id}/resume', await api.post(`${path}/resume`));
    conforms('post', '/api/v1/series/{id}/skip-next', await api.post(`${path}/skip-next`));
    expect(conforms('delete', '/api/v1/series/{id}', await api.request('DELETE', path)).status).toBe(204);
  });

  test('client previews: create, list, open without credentials, revoke, gone, problems', async () => {
    const { api } = await signUpWithToken(server.url, 'Previews');
    const demo = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
    const image = await uploadMedia(api, PNG, 'dot.png', 'image/png');
    const post = await api.post('/api/v1/posts', {
      content: 'For the client',
      publishAt: inSeconds(86_400),
      connectionIds: [demo],
      media: [image],
      draft: true,
    });
    const created = conforms('post', '/api/v1/previews', await api.post('/api/v1/previews', { label: 'Client', postIds: [post.body.id] }));
    expect(created.status).toBe(201);
    expect(conforms('post', '/api/v1/previews', await api.post('/api/v1/previews', { label: 'Client' })).status).toBe(400);
    const week = { from: inSeconds(0), to: inSeconds(7 * 86_400), connectionIds: [demo] };
    const weekLink = conforms(
      'post',
      '/api/v1/previews',
      await api.post('/api/v1/previews', { label: 'Week', range: week, allowComment: true }),
    );
    expect(weekLink.status).toBe(201);
    conforms('get', '/api/v1/previews', await api.get('/api/v1/previews'));
    const client = new ApiClient(server.url);
    const weekToken = new URL(weekLink.body.url).pathname.split('/').pop();
    const clientPath = (action: string) => `/api/v1/client-previews/{token}/posts/{postId}/${action}`;
    const onPost = (action: string) => `/api/v1/client-previews/${weekToken}/posts/${post.body.id}/${action}`;
    expect(conforms('post', clientPath('comments'), await client.post(onPost('comments'), { name: 'Cleo', body: 'Nice' })).status).toBe(
      201,
    );
    expect(conforms('post', clientPath('comments'), await client.post(onPost('comments'), { name: '', body: 'Nice' })).status).toBe(400);
    expect(conforms('post', clientPath('approve'), await client.post(onPost('approve'), { name: 'Cleo' })).status).toBe(403);
    const token = new URL(created.body.url).pathname.split('/').pop();
    const opened = conforms('get', '/api/v1/client-previews/{token}', await client.get(`/api/v1/client-previews/${token}`));
    expect(opened.body.posts[0].media).toHaveLength(1);
    expect(conforms('get', '/api/v1/client-previews/{token}', await client.get('/api/v1/client-previews/no-such-link')).status).toBe(404);
    expect(conforms('delete', '/api/v1/previews/{id}', await api.request('DELETE', `/api/v1/previews/${created.body.id}`)).status).toBe(
      204,
    );
    expect(conforms('delete', '/api/v1/previews/{id}', await api.request('DELETE', '/api/v1/previews/no-such-link')).status).toBe(404);
    expect(conforms('get', '/api/v1/client-previews/{token}', await client.get(`/api/v1/client-previews/${token}`)).status).toBe(410);
  });

  test('evergreen: create, list, read, edit, pause, resume, refill, delete, problems', async () => {
    const { api } = await signUpWithToken(server.url, 'Evergreen');
    const demo = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
    await api.request('PUT', `/api/v1/connections/${demo}/queue`, { timeZone: 'UTC', slots: [{ day: 'mon', time: '09:00' }] });
    const source = (await api.post('/api/v1/posts', { content: 'Evergreen', connectionIds: [], draft: true })).body.id;
    const body = { name: 'Classics', connectionIds: [demo], postIds: [source], minGapDays: 30 };
    const created = conforms('post', '/api/v1/evergreen', await api.post('/api/v1/evergreen', body));
    expect(created.status).toBe(201);
    const path = `/api/v1/evergreen/${created.body.id}`;
    expect(conforms('post', '/api/v1/evergreen', await api.post('/api/v1/evergreen', { ...body, minGapDays: 0 })).status).toBe(400);
    expect(conforms('post', '/api/v1/evergreen', await api.post('/api/v1/evergreen', { ...body, postIds: ['nope'] })).status).toBe(422);
    conforms('get', '/api/v1/evergreen', await api.get('/api/v1/evergreen'));
    conforms('get', '/api/v1/evergreen/{id}', await api.get(path));
    expect(conforms('get', '/api/v1/evergreen/{id}', await api.get('/api/v1/evergreen/no-such-set')).status).toBe(404);
    conforms('patch', '/api/v1/evergreen/{id}', await api.patch(path, { minGapDays: 60 }));
    conforms('post', '/api/v1/evergreen/{id}/pause', await api.post(`${path}/pause`));
    conforms('post', '/api/v1/evergreen/{id}/resume', await api.post(`${path}/resume`));
    conforms('post', '/api/v1/evergreen/{id}/refill', await api.post(`${path}/refill`));
    expect(conforms('delete', '/api/v1/evergreen/{id}', await api.request('DELETE', path)).status).toBe(204);
  });

  test('notifications: list, read, settings, chat webhooks, problems', async () => {
    const { api, session } = await signUpWithToken(server.url, 'Notified');
    const me = (await session.get('/api/v1/me')).body;
    const post = (await api.post('/api/v1/posts', { content: 'Told', connectionIds: [], draft: true })).body.id;
    await server.services.notify({
      kind: 'approval_decided',
      teamId: me.currentTeamId,
      postId: post,
      decision: 'rejected',
      comment: 'Not yet',
      recipientUserIds: [me.user.id],
      dedupeKey: `approval_decided:${post}:${randomUUID()}`,
    });
    const list = conforms('get', '/api/v1/notifications', await api.get('/api/v1/notifications?unread=true&limit=5'));
    expect(list.body.data[0].details).toEqual({ decision: 'rejected', comment: 'Not yet' });
    expect(conforms('get', '/api/v1/notifications', await api.get('/api/v1/notifications?limit=0')).status).toBe(400);
    conforms('post', '/api/v1/notifications/read', await api.post('/api/v1/notifications/read', { all: true }));
    expect(conforms('post', '/api/v1/notifications/read', await api.post('/api/v1/notifications/read', { ids: [] })).status).toBe(400);
    conforms('get', '/api/v1/me/notification-settings', await session.get('/api/v1/me/notification-settings'));
    const settings = '/api/v1/me/notification-settings';
    conforms('put', settings, await session.request('PUT', settings, { mention: { inApp: true, email: false } }));
    expect(conforms('put', settings, await session.request('PUT', settings, { mention: { inApp: true } })).status).toBe(400);
    expect(conforms('get', settings, await api.get(settings)).status).toBe(403);

    const hooks = '/api/v1/teams/current/chat-webhooks';
    const discordUrl = 'https://discord.com/api/webhooks/112233445566778899/announcementsWebhookToken_0123456789abcdef';
    const created = conforms('post', hooks, await api.post(hooks, { platform: 'DISCORD', name: 'team', url: discordUrl }));
    expect(created.status).toBe(201);
    expect(
      conforms('post', hooks, await api.post(hooks, { platform: 'DISCORD', name: 'team', url: 'https://example.com/hook' })).status,
    ).toBe(400);
    conforms('get', hooks, await api.get(hooks));
    expect(conforms('delete', `${hooks}/{id}`, await api.request('DELETE', `${hooks}/${created.body.id}`)).status).toBe(204);
    expect(conforms('delete', `${hooks}/{id}`, await api.request('DELETE', `${hooks}/${created.body.id}`)).status).toBe(404);
  });

  test('templates, snippets and signatures: create, list, read, edit, delete, a post from a template, problems', async () => {
    const { api } = await signUpWithToken(server.url, 'Templates');
    const demo = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
    const body = { name: 'Event', content: 'Join {{speaker}} at {{venue|home}}', connectionIds: [demo] };
    const created = conforms('post', '/api/v1/templates', await api.post('/api/v1/templates', body));
    expect(created.status).toBe(201);
    const path = `/api/v1/templates/${created.body.id}`;
    expect(conforms('post', '/api/v1/templates', await api.post('/api/v1/templates', { ...body, name: '' })).status).toBe(400);
    expect(conforms('post', '/api/v1/templates', await api.post('/api/v1/templates', body)).status).toBe(409);
    expect(
      conforms('post', '/api/v1/templates', await api.post('/api/v1/templates', { ...body, name: 'Other', connectionIds: ['nope'] }))
        .status,
    ).toBe(422);
    // the demo channel takes no threads: a violation naming the part
    const thread = { ...body, name: 'Thread', thread: [{ content: 'More' }] };
    expect(conforms('post', '/api/v1/templates', await api.post('/api/v1/templates', thread)).status).toBe(422);
    conforms('get', '/api/v1/templates', await api.get('/api/v1/templates'));
    conforms('get', '/api/v1/templates/{id}', await api.get(path));
    conforms(
      'patch',
      '/api/v1/templates/{id}',
      await api.patch(path, { firstComment: null, variants: [{ platform: 'X', content: '{{speaker}}' }] }),
    );
    const fromTemplate = { templateId: created.body.id, variables: { speaker: 'Ada' }, draft: true };
    expect(conforms('post', '/api/v1/posts', await api.post('/api/v1/posts', fromTemplate)).status).toBe(201);
    expect(conforms('post', '/api/v1/posts', await api.post('/api/v1/posts', { ...fromTemplate, variables: {} })).status).toBe(422);
    expect(conforms('delete', '/api/v1/templates/{id}', await api.request('DELETE', path)).status).toBe(204);

    const snippet = conforms('post', '/api/v1/snippets', await api.post('/api/v1/snippets', { name: 'Tags', content: '#a #b' }));
    expect(snippet.status).toBe(201);
    conforms('get', '/api/v1/snippets', await api.get('/api/v1/snippets'));
    conforms('get', '/api/v1/snippets/{id}', await api.get(`/api/v1/snippets/${snippet.body.id}`));
    conforms('patch', '/api/v1/snippets/{id}', await api.patch(`/api/v1/snippets/${snippet.body.id}`, { content: '#c' }));
    expect(conforms('delete', '/api/v1/snippets/{id}', await api.request('DELETE', `/api/v1/snippets/${snippet.body.id}`)).status).toBe(
      204,
    );

    const signature = `/api/v1/connections/${demo}/signature`;
    expect(
      conforms('put', '/api/v1/connections/{id}/signature', await api.request('PUT', signature, { signature: '-- us' })).body.signature,
    ).toBe('-- us');
    expect(conforms('put', '/api/v1/connections/{id}/signature', await api.request('PUT', signature, { signature: 5 })).status).toBe(400);
  });

  test('media: upload, read, bytes, signed URL, attach to a post, delete', async () => {
    const { api } = await signUpWithToken(server.url, 'Media');
    const upload = (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.set('altText', 'described');
      form.set('file', new Blob([new Uint8Array(bytes)]), name);
      return api.request('POST', '/api/v1/media', form);
    };
    const media = conforms('post', '/api/v1/media', await upload(PNG, 'dot.png'));
    expect(media.status).toBe(201);
    expect(conforms('post', '/api/v1/media', await upload(NOT_AN_IMAGE, 'text.png')).status).toBe(415);
    expect(conforms('post', '/api/v1/media', await api.post('/api/v1/media', { file: 'json' })).status).toBe(415);
    conforms('get', '/api/v1/media/{id}', await api.get(`/api/v1/media/${media.body.id}`));
    expect(conforms('get', '/api/v1/media/{id}', await api.get('/api/v1/media/no-such-media')).status).toBe(404);
    expect(conforms('get', '/api/v1/media/{id}/content', await api.get(`/api/v1/media/${media.body.id}/content`)).status).toBe(200);
    expect(conforms('get', '/api/v1/media/{id}/content', await api.get('/api/v1/media/no-such-media/content')).status).toBe(404);

    const signed = new URL(
      signedMediaUrl({ publicUrl: server.url, sessionSecret: env.config.SESSION_SECRET, mediaId: media.body.id, expiresInSeconds: 60 }),
    );
    const anonymous = new ApiClient(server.url);
    expect(conforms('get', '/media/{id}', await anonymous.get(`${signed.pathname}${signed.search}`)).status).toBe(200);
    expect(conforms('get', '/media/{id}', await anonymous.get(`${signed.pathname}?expires=1&signature=forged`)).status).toBe(403);
    expect(conforms('get', '/media/{id}', await anonymous.get(signed.pathname)).status).toBe(400);

    const demo = (await api.post('/api/v1/connections', { platform: 'demo', name: 'Media feed' })).body.id;
    const post = conforms(
      'post',
      '/api/v1/posts',
      await api.post('/api/v1/posts', {
        content: 'With a picture',
        publishAt: inSeconds(3600),
        connectionIds: [demo],
        media: [media.body.id],
      }),
    );
    expect(post.body.media).toHaveLength(1);
    expect(
      conforms(
        'post',
        '/api/v1/posts',
        await api.post('/api/v1/posts', { content: 'x', publishAt: inSeconds(3600), connectionIds: [demo], media: ['nope'] }),
      ).status,
    ).toBe(422);
    expect(conforms('delete', '/api/v1/media/{id}', await api.request('DELETE', `/api/v1/media/${media.body.id}`)).status).toBe(409);
    conforms('patch', '/api/v1/posts/{id}', await api.patch(`/api/v1/posts/${post.body.id}`, { media: [] }));
    expect(conforms('delete', '/api/v1/media/{id}', await api.request('DELETE', `/api/v1/media/${media.body.id}`)).status).toBe(204);
    expect(conforms('delete', '/api/v1/media/{id}', await api.request('DELETE', `/api/v1/media/${media.body.id}`)).status).toBe(404);
  });

  test('approvals and comments: policy, approve, reject, comment threads, problems', async () => {
    const [owner, editor] = await Promise.all([signUp(server.url, 'Pia'), signUp(server.url, 'Eli')]);
    await joinTeam(owner.session, editor, 'EDITOR');
    const policyPath = '/api/v1/teams/current/approval-policy';
    conforms('get', policyPath, await owner.session.get(policyPath));
    const policy = { enabled: true, authorRoles: ['EDITOR'], connectionIds: [], deciderRoles: ['OWNER'], deadlineMinutes: 0 };
    conforms('put', policyPath, await owner.session.request('PUT', policyPath, policy));
    conforms('put', policyPath, await owner.session.request('PUT', policyPath, { ...policy, deciderRoles: [] }));
    conforms('put', policyPath, await editor.session.request('PUT', policyPath, policy));
    const demo = await owner.session.post('/api/v1/connections', { platform: 'demo' });
    const submit = (content: string) =>
      editor.session.post('/api/v1/posts', { content, publishAt: inSeconds(3600), connectionIds: [demo.body.id] });

    const first = await submit('spec approval');
    const approvePath = '/api/v1/posts/{id}/approve';
    conforms('post', approvePath, await editor.session.post(`/api/v1/posts/${first.body.id}/approve`, {}));
    conforms('post', approvePath, await owner.session.post(`/api/v1/posts/${first.body.id}/approve`, { publishAt: 'soon' }));
    expect(conforms('post', approvePath, await owner.session.post(`/api/v1/posts/${first.body.id}/approve`, {})).status).toBe(200);
    conforms('post', approvePath, await owner.session.post(`/api/v1/posts/${first.body.id}/approve`, {}));
    conforms('post', approvePath, await owner.session.post('/api/v1/posts/no-such-post/approve', {}));

    const second = await submit('spec rejection');
    const rejectPath = '/api/v1/posts/{id}/reject';
    conforms('post', rejectPath, await owner.session.post(`/api/v1/posts/${second.body.id}/reject`, {}));
    expect(conforms('post', rejectPath, await owner.session.post(`/api/v1/posts/${second.body.id}/reject`, { comment: 'no' })).status).toBe(
      200,
    );
    conforms('post', rejectPath, await owner.session.post(`/api/v1/posts/${second.body.id}/reject`, { comment: 'no' }));

    const commentsPath = '/api/v1/posts/{id}/comments';
    const comments = `/api/v1/posts/${second.body.id}/comments`;
    const comment = conforms('post', commentsPath, await editor.session.post(comments, { body: '@Pia fixed it' }));
    expect(comment.status).toBe(201);
    conforms('post', commentsPath, await editor.session.post(comments, { body: '' }));
    conforms('get', commentsPath, await owner.session.get(comments));
    conforms('get', commentsPath, await owner.session.get('/api/v1/posts/no-such-post/comments'));
    const deletePath = '/api/v1/posts/{id}/comments/{commentId}';
    const rejection = (await owner.session.get(comments)).body.data.find((each: { decision: string | null }) => each.decision);
    conforms('delete', deletePath, await owner.session.delete(`${comments}/${rejection.id}`));
    conforms('delete', deletePath, await owner.session.delete(`${comments}/${comment.body.id}`));
    expect(conforms('delete', deletePath, await editor.session.delete(`${comments}/${comment.body.id}`)).status).toBe(204);
    conforms('delete', deletePath, await editor.session.delete(`${comments}/${comment.body.id}`));
    await owner.session.post(`/api/v1/posts/${first.body.id}/cancel`);
  });

  test('/api/docs is a self-contained HTML page listing every operation', async () => {
    const response = await new ApiClient(server.url).get<string>('/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.body).not.toMatch(/<script|<link[^>]+stylesheet|https?:\/\/(?!planrrr\.dev)[^"'\s<]+\.(js|css)/i);
    for (const { method, path } of operations(doc())) {
      expect(response.body).toContain(`${method.toUpperCase()}</b> ${path.replace(/&/g, '&#38;')}`);
    }
  });
});
