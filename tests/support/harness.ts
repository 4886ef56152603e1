// Helpers for integration tests: the real server in-process, the real worker as a child
// process, each test file on its own task queue so one file's worker never runs another's
// posts.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig, type Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { startServer, type RunningServer } from '../../api/server';
import { generateSecrets } from '../../runtime/dev-secrets';
import { freePort } from '../../runtime/ports';
import { createDatabaseIfMissing } from '../../runtime/postgres';
import { migrateDeploy } from '../../runtime/prisma-cli';
import { startTsProcess, type ServiceProcess } from '../../runtime/processes';
// polling lives in its own module so that unit tests use it without loading the API
export { waitFor } from './wait-for';

export interface TestEnv {
  env: NodeJS.ProcessEnv;
  config: Config;
}

export function testEnv(overrides: NodeJS.ProcessEnv = {}): TestEnv {
  const env: NodeJS.ProcessEnv = {
    ...generateSecrets(),
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: process.env.DATABASE_URL,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: `planrrr-test-${randomUUID()}`,
    // the run's workflow bundle, written once by tests/support/global-setup.ts
    WORKFLOW_BUNDLE_PATH: process.env.WORKFLOW_BUNDLE_PATH,
    // the run's SMTP server (global-setup.ts); a file that reads its email passes its own
    SMTP_URL: process.env.SMTP_URL,
    ALLOW_INSECURE_PLATFORM_URLS: 'true',
    // Log-in and sign-up attempts are counted in the database, per IP address: every test
    // file's server on the shared database, all on 127.0.0.1, counts against the same
    // numbers. Tests of those limits set their own, on a database of their own.
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    // any free port: tests that scrape the worker's metrics choose one
    WORKER_METRICS_PORT: '0',
    // tests run a reconciliation pass themselves when they want one
    RECONCILE_EVERY: '1d',
    // The daily followers run reads every account in the database, and the shared database
    // holds every test file's accounts, whose fakes only their own file runs. Its test runs
    // it on a database of its own.
    FOLLOWERS_SAMPLE_TIME: 'off',
    // npm test builds the Temporal server beside the tests (load 12 on 2 cores): a cancel's
    // update then once took longer than the 10 s default and answered 503. Tests of that 503
    // set their own.
    WORKFLOW_UPDATE_TIMEOUT_MS: '30000',
    // uploads of this test file's server and worker, outside the project's .data
    MEDIA_DIR: path.join(tmpdir(), `planrrr-test-media-${randomUUID()}`),
    ...overrides,
  };
  return { env, config: parseConfig(env) };
}

/**
 * A migrated database of the test file's own, on the shared test server, for tests of
 * code that acts on every row it finds (the reconciler, key rotation): in the shared
 * database they would also act on the rows every other test file left behind.
 */
export async function createTestDatabase(label: string): Promise<string> {
  const name = `planrrr_${label}_${randomUUID().replace(/-/g, '')}`;
  await createDatabaseIfMissing(process.env.DATABASE_URL!, name);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  await migrateDeploy(url.toString());
  return url.toString();
}

export function startApi({ config }: TestEnv): Promise<RunningServer> {
  return startServer(config, createLogger({ name: 'test-api', level: config.LOG_LEVEL }), { web: false });
}

/** A planrrr entry point as its own process; resolves once it is ready. `onLine` sees its output. */
async function startEntryPoint(
  entry: string,
  env: NodeJS.ProcessEnv,
  name: string,
  onLine?: (line: string) => void,
): Promise<ServiceProcess> {
  const lines: string[] = [];
  const started = startTsProcess(name, entry, env, (line) => {
    lines.push(line);
    onLine?.(line);
    if (process.env.TEST_SHOW_WORKER_LOGS) process.stderr.write(`[${name}] ${line}\n`);
  });
  try {
    await started.ready(90_000);
  } catch (error) {
    throw new Error(`${String(error)}\n${name} output:\n${lines.slice(-30).join('\n')}`, { cause: error });
  }
  return started;
}

/** The real worker entry point as its own process; resolves once it polls. `onLine` sees its output. */
export function startWorker({ env }: TestEnv, name = 'worker', onLine?: (line: string) => void): Promise<ServiceProcess> {
  return startEntryPoint('worker/main.ts', env, name, onLine);
}

/**
 * The real server entry point (api/main.ts, with the built web app) as its own process on
 * a free port, for what only a whole process does (tracing from its first import); resolves once it listens.
 */
export async function startApiProcess({ env }: TestEnv, name = 'api'): Promise<ServiceProcess & { url: string }> {
  const port = await freePort();
  const started = await startEntryPoint('api/main.ts', { ...env, PORT: String(port) }, name);
  return { ...started, url: `http://127.0.0.1:${port}` };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A thin JSON client for the REST API, authenticated by bearer token or cookie. */
export class ApiClient {
  private cookie?: string;
  /** the session's CSRF token, taken from signup and login answers and sent on writes */
  private csrfToken?: string;

  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  /** The same credentials (the token, or the session's cookie and CSRF token) sent to another server. */
  on(baseUrl: string): ApiClient {
    const client = new ApiClient(baseUrl, this.token);
    client.cookie = this.cookie;
    client.csrfToken = this.csrfToken;
    return client;
  }

  /** the credentials this client sends, for requests made without it (raw bytes, event streams) */
  authHeaders(): Record<string, string> {
    return {
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      ...(this.cookie ? { cookie: this.cookie } : {}),
    };
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        // FormData sets its own multipart content type (with the boundary)
        ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
        ...this.authHeaders(),
        ...(this.cookie && this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed && typeof parsed.csrfToken === 'string')
      this.csrfToken = parsed.csrfToken;
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }

  patch<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body, headers);
  }

  delete<T = any>(path: string, body?: unknown) {
    return this.request<T>('DELETE', path, body);
  }
}

/**
 * Signs up a fresh user (with their own team) and returns a client using a new API token
 * (and the token itself), and the logged-in session (for what tokens may not do: tokens,
 * members, the account).
 */
export async function signUpWithToken(
  baseUrl: string,
  name = 'Alice',
): Promise<{ api: ApiClient; session: ApiClient; email: string; token: string }> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  const session = new ApiClient(baseUrl);
  const signup = await session.post('/api/v1/auth/signup', { email, password: 'correct horse battery', name });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  const token = await session.post('/api/v1/tokens', { name: 'tests' });
  if (token.status !== 201) throw new Error(`token creation failed: ${token.status} ${JSON.stringify(token.body)}`);
  return { api: new ApiClient(baseUrl, token.body.token), session, email, token: token.body.token };
}

/** Invites `who` into the owner's current team with `role` and has them accept; answers the team's id. */
export async function joinTeam(owner: ApiClient, who: { session: ApiClient; email: string }, role: string): Promise<string> {
  const invitation = await owner.post('/api/v1/invitations', { email: who.email, role });
  if (invitation.status !== 201) throw new Error(`invitation failed: ${invitation.status} ${JSON.stringify(invitation.body)}`);
  const token = new URL(invitation.body.acceptUrl).pathname.split('/').pop()!;
  const accepted = await who.session.post('/api/v1/invitations/accept', { token });
  if (accepted.status !== 200) throw new Error(`accepting failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return accepted.body.id;
}

export function inSeconds(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}
