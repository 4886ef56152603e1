// Rate limits answer 429 with Retry-After: log-in and sign-up attempts per IP address, per
// account and address, whichever door they come through (the API or the web forms), counted in
// the database so that several server processes share them; writes per API token, shared alike.
// The file has a database of its own: the attempt counters of other test files' servers, all
// on 127.0.0.1, must not count here. Each test calls from addresses of its own, sent as
// X-Forwarded-For (TRUST_PROXY).
import { randomUUID } from 'node:crypto';
import { startServer, type RunningServer } from '../../api/server';
import { createDb } from '../../lib/db';
import { createLogger } from '../../lib/logger';
import { ApiClient, createTestDatabase, inSeconds, signUpWithToken, startApi, testEnv, type TestEnv } from '../support/harness';

jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery';
let databaseUrl: string;
/** AUTH_RATE_LIMIT_PER_MINUTE 4, the other limits at their defaults; with the web app */
let server: RunningServer;
/** a second server process on the same database, with the same settings */
let twin: RunningServer;
const started: RunningServer[] = [];

function envWith(overrides: NodeJS.ProcessEnv): TestEnv {
  return testEnv({ DATABASE_URL: databaseUrl, TRUST_PROXY: 'true', ...overrides });
}

async function startWebServer(env: TestEnv): Promise<RunningServer> {
  const running = await startServer(env.config, createLogger({ name: 'test-rate-limits', level: env.config.LOG_LEVEL }), { web: true });
  started.push(running);
  return running;
}

async function startApiServer(env: TestEnv): Promise<RunningServer> {
  const running = await startApi(env);
  started.push(running);
  return running;
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase('rate_limits');
  const env = envWith({ AUTH_RATE_LIMIT_PER_MINUTE: '4', WRITE_RATE_LIMIT_PER_MINUTE: '3' });
  [server, twin] = await Promise.all([startWebServer(env), startWebServer(env)]);
});

afterAll(async () => {
  await Promise.all(started.map((running) => running.close()));
});

const from = (ip: string) => ({ 'x-forwarded-for': ip });

function apiLogIn(on: RunningServer, ip: string, email: string, password: string) {
  return new ApiClient(on.url).post('/api/v1/auth/login', { email, password }, from(ip));
}

interface FormAnswer {
  status: number;
  headers: Headers;
  html: string;
}

/** A web form posted as a browser without JavaScript posts it; redirects are not followed. */
async function submitForm(on: RunningServer, path: string, ip: string, fields: Record<string, string>): Promise<FormAnswer> {
  const response = await fetch(`${on.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...from(ip) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

const formLogIn = (on: RunningServer, ip: string, email: string, password: string) => submitForm(on, '/login', ip, { email, password });

/** A new account, signed up through the API from `ip` (one attempt against that address). */
async function newAccount(on: RunningServer, ip: string, name = 'Owen'): Promise<string> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  const signup = await new ApiClient(on.url).post('/api/v1/auth/signup', { email, password: PASSWORD, name }, from(ip));
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  return email;
}

function expectTooManyAttempts(answer: { status: number; headers: Headers; body?: unknown; html?: string }): void {
  expect(answer.status).toBe(429);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  if (answer.html !== undefined) expect(answer.html).toMatch(/Too many attempts: try again in \d+ s\./);
  else {
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ type: 'https://planrrr.dev/problems/rate-limited', status: 429 });
  }
}

test('password guessing is slowed down: the fifth log-in attempt in a minute answers 429', async () => {
  const guesser = new ApiClient(server.url);
  const attempts = [];
  for (let i = 0; i < 5; i += 1)
    attempts.push(await guesser.post('/api/v1/auth/login', { email: 'victim@example.com', password: `guess-${i}` }));
  expect(attempts.slice(0, 4).map((attempt) => attempt.status)).toEqual([401, 401, 401, 401]);
  const limited = attempts[4]!;
  expect(limited.status).toBe(429);
  expect(limited.headers.get('content-type')).toContain('application/problem+json');
  expect(limited.body).toMatchObject({ type: 'https://planrrr.dev/problems/rate-limited', status: 429 });
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
});

test('after the API log-in answers 429, the web form refuses too, the right password included; another address still logs in', async () => {
  const email = await newAccount(server, '10.0.1.1');
  const guesser = '10.0.1.2';
  const statuses = [];
  for (let i = 0; i < 4; i += 1) statuses.push((await apiLogIn(server, guesser, email, `guess-${i}`)).status);
  expect(statuses).toEqual([401, 401, 401, 401]);
  expectTooManyAttempts(await apiLogIn(server, guesser, email, 'guess-4'));

  expectTooManyAttempts(await formLogIn(server, guesser, email, 'guess-5'));
  expectTooManyAttempts(await formLogIn(server, guesser, email, PASSWORD));
  expectTooManyAttempts(
    await submitForm(server, '/signup', guesser, { name: 'Mallory', email: `m-${randomUUID()}@example.com`, password: PASSWORD }),
  );

  const owner = await formLogIn(server, '10.0.1.3', email, PASSWORD);
  expect(owner.status).toBe(302);
  expect(owner.headers.get('location')).toBe('/dashboard');
});

test('after the web form answers 429, the API refuses log-ins and sign-ups from that address, and the refused sign-up creates no account', async () => {
  const email = await newAccount(server, '10.0.2.1');
  const guesser = '10.0.2.2';
  const statuses = [];
  for (let i = 0; i < 4; i += 1) statuses.push((await formLogIn(server, guesser, email, `guess-${i}`)).status);
  expect(statuses).toEqual([401, 401, 401, 401]);
  expectTooManyAttempts(await formLogIn(server, guesser, email, 'guess-4'));

  expectTooManyAttempts(await apiLogIn(server, guesser, email, PASSWORD));
  const refusedEmail = `refused-${randomUUID()}@example.com`;
  expectTooManyAttempts(
    await new ApiClient(server.url).post(
      '/api/v1/auth/signup',
      { email: refusedEmail, password: PASSWORD, name: 'Refused' },
      from(guesser),
    ),
  );
  // from elsewhere the same email signs up: the refused attempt left nothing behind
  const later = await new ApiClient(server.url).post(
    '/api/v1/auth/signup',
    { email: refusedEmail, password: PASSWORD, name: 'Later' },
    from('10.0.2.3'),
  );
  expect(later.status).toBe(201);
});

test('40 wrong passwords through the web form are not all answered 401', async () => {
  const email = await newAccount(server, '10.0.3.1');
  const statuses: number[] = [];
  for (let i = 0; i < 40; i += 1) statuses.push((await formLogIn(server, '10.0.3.2', email, `guess-${i}`)).status);
  expect(statuses.filter((status) => status === 401)).toHaveLength(4);
  expect(statuses.slice(4).every((status) => status === 429)).toBe(true);
});

test('two server processes on one database share the counters', async () => {
  const email = await newAccount(server, '10.0.4.1');
  const guesser = '10.0.4.2';
  const statuses = [];
  for (const on of [server, twin, server, twin]) statuses.push((await apiLogIn(on, guesser, email, 'wrong password')).status);
  expect(statuses).toEqual([401, 401, 401, 401]);
  expectTooManyAttempts(await apiLogIn(server, guesser, email, 'wrong password'));
  expectTooManyAttempts(await formLogIn(twin, guesser, email, 'wrong password'));
});

describe('per account', () => {
  /** blocks an account and address after 3 consecutive failures, and slows no one down */
  let blocking: RunningServer;
  /** the same, and slows log-ins down after 2 failures of an account */
  let slowing: RunningServer;
  beforeAll(async () => {
    [blocking, slowing] = await Promise.all([
      startApiServer(envWith({ LOGIN_FAILURES_BEFORE_BLOCK: '3', LOGIN_FAILURES_BEFORE_SLOWDOWN: '1000' })),
      startApiServer(envWith({ LOGIN_FAILURES_BEFORE_BLOCK: '3', LOGIN_FAILURES_BEFORE_SLOWDOWN: '2' })),
    ]);
  });

  test('consecutive wrong passwords from one address block that account from that address; a success starts the count again', async () => {
    const email = await newAccount(blocking, '10.0.5.1');
    const other = await newAccount(blocking, '10.0.5.1', 'Olga');
    const guesser = '10.0.5.2';
    const statuses = [];
    for (const password of ['wrong 1', 'wrong 2', PASSWORD, 'wrong 3', 'wrong 4', 'wrong 5'])
      statuses.push((await apiLogIn(blocking, guesser, email, password)).status);
    expect(statuses).toEqual([401, 401, 200, 401, 401, 401]);

    const blocked = await apiLogIn(blocking, guesser, email, PASSWORD);
    expectTooManyAttempts(blocked);
    // blocked for 15 minutes, not for the rest of a minute
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    // the address may still log in to other accounts, and the owner from their own address
    expect((await apiLogIn(blocking, guesser, other, PASSWORD)).status).toBe(200);
    expect((await apiLogIn(blocking, '10.0.5.3', email, PASSWORD)).status).toBe(200);
  });

  test("another address's wrong passwords slow the owner's log-in down but do not lock them out", async () => {
    const email = await newAccount(slowing, '10.0.6.1');
    const statuses = [];
    // after 2 failures each log-in waits: 1 s before the third, 2 s after it
    for (let i = 0; i < 3; i += 1) statuses.push((await apiLogIn(slowing, '10.0.6.2', email, `guess-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401]);

    const startedAt = performance.now();
    const owner = await apiLogIn(slowing, '10.0.6.3', email, PASSWORD);
    const elapsedMs = performance.now() - startedAt;
    expect(owner.status).toBe(200);
    expect(elapsedMs).toBeGreaterThanOrEqual(1_900);
  });
});

describe('password strength', () => {
  test.each(['password', '12345678'])('%j is refused at sign-up through the API, with the reason and advice', async (password) => {
    const email = `weak-${randomUUID()}@example.com`;
    const answer = await new ApiClient(server.url).post('/api/v1/auth/signup', { email, password, name: 'Weak' }, from('10.0.7.1'));
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('https://planrrr.dev/problems/validation-failed');
    expect(answer.body.errors).toEqual([
      {
        field: 'body.password',
        message: 'Password is too easy to guess: this is a heavily used password. Add more words that are less common.',
      },
    ]);
    expect(answer.body.detail).toMatch(/^body\.password: Password is too easy to guess/);
  });

  test('the sign-up form shows the reason beside the password and creates no account; a strong password signs up', async () => {
    const email = `weak-${randomUUID()}@example.com`;
    const weak = await submitForm(server, '/signup', '10.0.7.2', { name: 'Wanda', email, password: '12345678' });
    expect(weak.status).toBe(400);
    expect(weak.html).toContain('Password is too easy to guess: this is a heavily used password.');
    const strong = await submitForm(server, '/signup', '10.0.7.2', { name: 'Wanda', email, password: 'plum orchard tuesday' });
    expect(strong.status).toBe(302);
  });

  test("a password made of the user's own name is refused; another user may choose it", async () => {
    const signUp = (name: string, ip: string) =>
      new ApiClient(server.url).post(
        '/api/v1/auth/signup',
        { email: `${name.split(' ')[0]!.toLowerCase()}-${randomUUID()}@example.com`, password: 'zorblaxtonquibbleworth', name },
        from(ip),
      );
    const own = await signUp('Zorblaxton Quibbleworth', '10.0.7.3');
    expect(own.status).toBe(400);
    expect(own.body.errors[0]).toMatchObject({ field: 'body.password', message: expect.stringMatching(/^Password is too easy to guess/) });
    expect((await signUp('Yvonne', '10.0.7.4')).status).toBe(201);
  });
});

test('writes are limited per API token, one limit across server processes; reads are not', async () => {
  // two fresh servers, so the sign-ups above do not count against this test's client IP
  const env = testEnv({ WRITE_RATE_LIMIT_PER_MINUTE: '3' });
  const [first, second] = await Promise.all([startApi(env), startApi(env)]);
  try {
    const { api } = await signUpWithToken(first.url, 'Wendy'); // two writes by the session (signup, token): not the token's
    const onSecond = api.on(second.url);
    const statuses = [];
    for (const client of [api, onSecond, api, onSecond]) {
      statuses.push((await client.post('/api/v1/connections', { platform: 'demo', name: `Demo ${statuses.length}` })).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    const refused = await api.post('/api/v1/connections', { platform: 'demo' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-policy')).toMatch(/q=3; w=60/);
    expect((await onSecond.get('/api/v1/connections')).status).toBe(200);
    const other = await signUpWithToken(second.url, 'Xavier');
    expect((await other.api.post('/api/v1/posts', { content: 'x', publishAt: inSeconds(60), connectionIds: ['none'] })).status).toBe(422);
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

test('expired counters are deleted, live ones kept', async () => {
  const db = createDb(databaseUrl);
  try {
    const live = `test-live-${randomUUID()}`;
    const expired = `test-expired-${randomUUID()}`;
    await db.rateLimitCounter.createMany({
      data: [
        { key: live, points: 1, expire: new Date(Date.now() + 60_000) },
        { key: expired, points: 1, expire: new Date(Date.now() - 1_000) },
      ],
    });
    expect(await server.services.loginLimits.deleteExpired()).toBeGreaterThanOrEqual(1);
    const left = await db.rateLimitCounter.findMany({ where: { key: { in: [live, expired] } }, select: { key: true } });
    expect(left).toEqual([{ key: live }]);
  } finally {
    await db.$disconnect();
  }
});
