// Abuse: property-based fuzzing (fast-check) of every API input and of the HTTP layer,
// against the real server over HTTP. Whatever arrives, the answer is never a 5xx and takes
// at most 200 ms of server time; a refusal is problem+json naming the field (or the body);
// and a refused request writes nothing. A failure prints fast-check's seed and path: rerun with FUZZ_SEED=<seed>.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { createDb, type Db } from '../../lib/db';
import { inSeconds, signUpWithToken, testEnv, type ApiClient } from '../support/harness';
import { sendWithinServerBudget } from '../support/server-time';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(300_000);

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const FUZZ = { seed: SEED, numRuns: RUNS, endOnFailure: true } as const;

// generous limits: the fuzzer is not what the rate limits are for
const env = testEnv({
  AUTH_RATE_LIMIT_PER_MINUTE: '100000',
  LOGIN_FAILURES_BEFORE_BLOCK: '100000',
  LOGIN_FAILURES_BEFORE_SLOWDOWN: '100000',
  WRITE_RATE_LIMIT_PER_MINUTE: '100000',
});
const stack = useServerAndWorker({ env });
let api: ApiClient;
let token: string;
let db: Db;
let teamId: string;
let demoId: string;
let postId: string;

beforeAll(async () => {
  ({ api, token } = await signUpWithToken(stack.server.url, 'Fuzz'));
  db = createDb(env.config.DATABASE_URL);
  teamId = (await api.get('/api/v1/me')).body.teams[0].id;
  demoId = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
  postId = (await api.post('/api/v1/posts', { content: 'Fuzz target', publishAt: inSeconds(86_400), connectionIds: [demoId] })).body.id;
});

afterAll(async () => {
  await db?.$disconnect();
});

interface Sent {
  status: number;
  contentType: string;
  body: any;
  text: string;
}

/** One raw HTTP request: the body is sent exactly as given. */
async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Sent> {
  const { result: response } = await sendWithinServerBudget(
    async () => {
      const answer = await fetch(`${stack.server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body,
      });
      return { answer, text: await answer.text() };
    },
    `${method} ${path.slice(0, 80)} with ${body?.length ?? 0} bytes`,
  );
  const { answer, text } = response;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: answer.status, contentType: answer.headers.get('content-type') ?? '', body: parsed, text };
}

/** A client error, as problem+json, naming fields under `part` (validation) or the body. */
function expectClientProblem(response: Sent, part: 'body' | 'query' | 'headers' = 'body'): void {
  const context = `${response.status} ${response.text.slice(0, 500)}`;
  if (response.status < 400 || response.status >= 500) throw new Error(`expected a 4xx problem, got ${context}`);
  if (!response.contentType.includes('application/problem+json')) throw new Error(`not problem+json: ${response.contentType} ${context}`);
  const problem = response.body;
  if (typeof problem?.type !== 'string' || typeof problem.title !== 'string' || problem.status !== response.status) {
    throw new Error(`incomplete problem: ${context}`);
  }
  if (/\bat [\w.<>]+ \(|node_modules|prisma|Error:/i.test(response.text)) throw new Error(`leaks internals: ${context}`);
  if (problem.type.endsWith('/validation-failed')) {
    const fields: unknown[] = (problem.errors ?? []).map((error: { field: unknown }) => error.field);
    if (fields.length === 0 || !fields.every((field) => typeof field === 'string' && field.startsWith(part))) {
      throw new Error(`validation problem does not name ${part} fields: ${context}`);
    }
  } else if (!problem.detail && response.status !== 413) {
    throw new Error(`problem without detail: ${context}`);
  }
}

function expectNo5xx(response: Sent): void {
  if (response.status >= 500) throw new Error(`server error ${response.status}: ${response.text.slice(0, 500)}`);
}

async function teamCounts() {
  const [posts, targets, connections, tokens] = await Promise.all([
    db.post.count({ where: { teamId } }),
    db.postTarget.count({ where: { post: { teamId } } }),
    db.connection.count({ where: { teamId } }),
    db.apiToken.count({ where: { user: { memberships: { some: { teamId } } } } }),
  ]);
  return { posts, targets, connections, tokens };
}

/** Sends, then checks: a 2xx is allowed, anything else is a client problem that wrote nothing. */
async function sendAndCheck(method: string, path: string, body: string | undefined, part: 'body' | 'query' = 'body'): Promise<Sent> {
  const before = await teamCounts();
  const response = await send(method, path, body);
  expectNo5xx(response);
  if (response.status >= 400) {
    expectClientProblem(response, part);
    const after = await teamCounts();
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      throw new Error(`a refused request wrote: ${JSON.stringify(before)} -> ${JSON.stringify(after)} (${response.text.slice(0, 300)})`);
    }
  }
  return response;
}

// Odd text: lone surrogates, right-to-left overrides, zero-width characters, emoji, NUL,
// whitespace only, very long, and anything fast-check makes of arbitrary code points.
const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '\ud800',
    'a\udfffb',
    '\u202eevil\u202c',
    '\u200b',
    '\u200d\u200d',
    '👩‍👩‍👧‍👦🏳️‍🌈',
    '\u0000',
    'x\u0000y',
    '   ',
    '\t\n',
    'x'.repeat(10_001),
    '<script>alert(1)</script>',
    '\'; DROP TABLE "Post"; --',
  ),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const oddValue = fc.oneof(oddText, anyJson, fc.constant(undefined));

const isoWithOffset = (date: Date, offsetMinutes: number) => {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};
// Times: the past, the far future, every offset from -12:00 to +14:00 (and beyond), local
// times in a DST gap or without an offset, impossible dates, and non-strings.
const oddTime = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc
    .tuple(fc.integer({ min: -400, max: 2_000 }), fc.integer({ min: -16 * 60, max: 16 * 60 }))
    .map(([days, offset]) => isoWithOffset(new Date(Date.now() + days * 86_400_000), offset)),
  fc.constantFrom(
    '2027-03-28T02:30:00', // Europe's spring-forward gap, no offset
    '2027-03-14T02:30:00-05:00', // New York's gap written with the pre-gap offset
    '2027-11-07T01:30:00-04:00',
    '2027-02-29T10:00:00Z',
    '2027-12-01T24:00:00Z',
    '2027-12-01T09:00:00+24:00',
    '+275760-09-13T00:00:00.000Z',
    '9999-12-31T23:59:59Z',
    '1970-01-01T00:00:00Z',
    'tomorrow',
    '',
  ),
  anyJson,
);

// the team's real demo connection, known once beforeAll ran
const ourConnection = fc.constant(null).map(() => [demoId]);

// per-account texts: for our account, an odd one, repeated, malformed
const overrides = fc.oneof(
  fc.array(
    fc.record(
      {
        connectionId: fc.oneof(
          ourConnection.map((ids) => ids[0]),
          oddText,
          anyJson,
        ),
        content: oddValue,
      },
      { requiredKeys: [] },
    ),
    { maxLength: 3 },
  ),
  anyJson,
);

const postBody = fc.oneof(
  fc.record(
    {
      content: fc.oneof(oddText, anyJson),
      publishAt: oddTime,
      connectionIds: fc.oneof(ourConnection, fc.array(oddText, { maxLength: 3 }), anyJson),
      overrides,
    },
    { requiredKeys: [] },
  ),
  fc.record({ content: oddText, publishAt: oddTime, connectionIds: ourConnection }),
  anyJson,
);

test('POST /posts: odd content, times and ids never get a 5xx; refusals name the field and write nothing', async () => {
  await fc.assert(
    fc.asyncProperty(postBody, async (body) => {
      await sendAndCheck('POST', '/api/v1/posts', JSON.stringify(body) ?? 'null');
    }),
    FUZZ,
  );
});

test('the HTTP layer: malformed JSON, odd bytes and huge or deep bodies are 4xx problems', async () => {
  const rawBody = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '{',
      '{"content":',
      '{"a":1}}',
      '{"content":"x",}',
      "{'content':'x'}",
      'null',
      '[]',
      '"text"',
      '1e400',
      '\u0000',
      '\ufeff{}',
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
    ),
    fc.constantFrom(200_000, 2_000_000).map((size) => JSON.stringify({ content: 'x'.repeat(size) })),
    fc.integer({ min: 1_000, max: 40_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  );
  await fc.assert(
    fc.asyncProperty(
      rawBody,
      fc.constantFrom('/api/v1/posts', '/api/v1/tokens', '/api/v1/connections', `/api/v1/posts/${postId}/reschedule`),
      async (body, path) => {
        const response = await sendAndCheck('POST', path, body);
        if (response.status < 400) throw new Error(`accepted ${JSON.stringify(body.slice(0, 80))}: ${response.status}`);
      },
    ),
    FUZZ,
  );
});

test('PATCH /posts/:id and reschedule: odd edits and times are answered, never a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.record(
          { content: oddValue, connectionIds: fc.oneof(ourConnection, anyJson, fc.constant(undefined)), overrides },
          { requiredKeys: [] },
        ),
        anyJson,
      ),
      oddTime,
      async (edit, publishAt) => {
        await sendAndCheck('PATCH', `/api/v1/posts/${postId}`, JSON.stringify(edit) ?? 'null');
        await sendAndCheck('POST', `/api/v1/posts/${postId}/reschedule`, JSON.stringify({ publishAt }));
      },
    ),
    { ...FUZZ, numRuns: Math.ceil(RUNS / 2) },
  );
});

test('query strings and ids in paths: odd filters are 400s naming the parameter, odd ids 404s', async () => {
  const queryValue = fc.oneof(
    oddText,
    oddTime.map(String),
    fc.constantFrom('%zz', '%00', '-1', '1e400', 'NaN', '201', 'PUBLISHED', 'published'),
  );
  const query = fc.dictionary(fc.constantFrom('status', 'from', 'to', 'cursor', 'limit', 'status[]', 'unknown'), queryValue, {
    maxKeys: 4,
  });
  await fc.assert(
    fc.asyncProperty(query, oddText, async (params, id) => {
      const search = Object.entries(params)
        .map(
          ([key, value]) =>
            `${encodeURIComponent(key)}=${value.replace(/[^\u0020-\u007e]|[#&]/g, (c) => (c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(c)))}`,
        )
        .join('&');
      const list = await send('GET', `/api/v1/posts?${search}`);
      expectNo5xx(list);
      if (list.status !== 200) expectClientProblem(list, 'query');
      let encodedId: string;
      try {
        encodedId = encodeURIComponent(id);
      } catch {
        encodedId = '%ED%A0%80'; // a lone surrogate, as raw bytes
      }
      for (const [method, path] of [
        ['GET', `/api/v1/posts/${encodedId || 'x'}`],
        ['GET', `/api/v1/connections/${encodedId || 'x'}/demo-feed`],
        ['DELETE', `/api/v1/tokens/${encodedId || 'x'}`],
      ] as const) {
        const one = await send(method, path);
        expectNo5xx(one);
        if (one.status >= 400) expectClientProblem(one);
      }
    }),
    FUZZ,
  );
});

test('connections and tokens: odd platforms, URLs, names and expiries never get a 5xx or a partial write', async () => {
  const connection = fc.oneof(
    fc.record(
      {
        platform: fc.oneof(fc.constantFrom('demo', 'mastodon', 'MASTODON', 'x', 'myspace'), oddText, anyJson),
        name: oddValue,
        instanceUrl: fc.oneof(
          fc.constantFrom(
            'not a url',
            'javascript:alert(1)',
            'ftp://example.com',
            'http://127.0.0.1:1',
            'https://[::1]:1',
            'https://localhost:1',
          ),
          oddText,
          anyJson,
        ),
        accessToken: oddValue,
      },
      { requiredKeys: [] },
    ),
    anyJson,
  );
  const tokenBody = fc.oneof(
    fc.record({ name: oddValue, expiresAt: fc.oneof(oddTime, fc.constant(undefined)) }, { requiredKeys: [] }),
    anyJson,
  );
  await fc.assert(
    fc.asyncProperty(connection, tokenBody, async (connect, tokenRequest) => {
      await sendAndCheck('POST', '/api/v1/connections', JSON.stringify(connect) ?? 'null');
      await sendAndCheck('POST', '/api/v1/tokens', JSON.stringify(tokenRequest) ?? 'null');
    }),
    FUZZ,
  );
});

test('sign-up and log-in: odd emails, passwords and names never get a 5xx; a refused sign-up creates no user', async () => {
  const email = fc.oneof(fc.emailAddress(), oddText, anyJson, fc.constantFrom(' A@B.CO ', 'a@b', '@', 'ü@ü.de', `${'a'.repeat(250)}@x.io`));
  const account = fc.oneof(fc.record({ email, password: oddValue, name: oddValue }, { requiredKeys: [] }), anyJson);
  await fc.assert(
    fc.asyncProperty(account, async (body) => {
      const signup = await send('POST', '/api/v1/auth/signup', JSON.stringify(body) ?? 'null', { authorization: '' });
      expectNo5xx(signup);
      const email = (body as { email?: unknown } | null)?.email;
      // an email PostgreSQL could store (no NUL, no lone surrogate), so one a user could have
      const attempted =
        typeof email === 'string' && !email.includes('\u0000') && Buffer.from(email).toString() === email
          ? email.trim().toLowerCase()
          : undefined;
      if (signup.status >= 400) {
        expectClientProblem(signup);
        // a 409 means that email already had an account; otherwise none must exist now
        if (attempted && signup.status !== 409 && (await db.user.count({ where: { email: attempted } })) > 0) {
          throw new Error(`refused sign-up created ${attempted}: ${signup.text}`);
        }
      }
      const login = await send('POST', '/api/v1/auth/login', JSON.stringify(body) ?? 'null', { authorization: '' });
      expectNo5xx(login);
      if (login.status >= 400 && login.status !== 401) expectClientProblem(login);
    }),
    FUZZ,
  );
});

test('a fixed example of each kind still passes (the properties are not vacuous)', async () => {
  const created = await send(
    'POST',
    '/api/v1/posts',
    JSON.stringify({
      content: `Hello ‮ 👋 ${randomUUID()}`,
      publishAt: isoWithOffset(new Date(Date.now() + 86_400_000), 345),
      connectionIds: [demoId],
    }),
  );
  expect(created.status).toBe(201);
  const refused = await send(
    'POST',
    '/api/v1/posts',
    JSON.stringify({ content: 'x', publishAt: '2027-03-28T02:30:00', connectionIds: [demoId] }),
  );
  expect(refused.status).toBe(400);
  expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'body.publishAt' })]);
});
