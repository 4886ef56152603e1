// Abuse: secrets stay secret. A user signs up, creates an API token, connects Mastodon and
// publishes, with the server's and the worker's logs captured at debug level. Afterwards
// no log line, no error response and no database row holds the password, the API token
// or the Mastodon access token in plain text.
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { startServer, type RunningServer } from '../../api/server';
import { createLogger } from '../../lib/logger';
import type { ServiceProcess } from '../../runtime/processes';
import { FakeMastodon } from '../fakes/mastodon';
import { ApiClient, inSeconds, startWorker, testEnv, waitFor } from '../support/harness';

jest.setTimeout(180_000);

const env = testEnv({ LOG_LEVEL: 'debug' });
const mastodon = new FakeMastodon();
const serverLog: string[] = [];
const workerLog: string[] = [];
let server: RunningServer;
let worker: ServiceProcess;

const password = `pw-${randomBytes(12).toString('hex')}`;
const accessToken = `mastodon-${randomBytes(16).toString('hex')}`;
const wrongAccessToken = `wrong-${randomBytes(16).toString('hex')}`;

beforeAll(async () => {
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      serverLog.push(chunk.toString());
      done();
    },
  });
  [server, worker] = await Promise.all([
    startServer(env.config, createLogger({ name: 'test-api', level: 'debug' }, capture), { web: false }),
    startWorker(env, 'worker', (line) => workerLog.push(line)),
    mastodon.start(),
  ]);
  mastodon.validTokens.add(accessToken);
});

afterAll(async () => {
  await Promise.all([worker?.stop(), server?.close(), mastodon.stop()]);
});

test('passwords, API tokens and access tokens never reach logs, error responses or the database in plain text', async () => {
  /** every response body but the token's creation, which shows its secret once by design */
  const responses: string[] = [];
  const keep = <T extends { body: unknown }>(response: T): T => {
    responses.push(JSON.stringify(response.body));
    return response;
  };

  const email = `secret-${randomUUID()}@example.com`;
  const session = new ApiClient(server.url);
  expect(keep(await session.post('/api/v1/auth/signup', { email, password, name: 'Sam' })).status).toBe(201);
  // refusals that carry secrets must not echo them
  expect(keep(await new ApiClient(server.url).post('/api/v1/auth/login', { email, password: `${password}-wrong` })).status).toBe(401);
  expect(
    keep(await new ApiClient(server.url).post('/api/v1/auth/signup', { email: 'not-an-email', password: password.slice(0, 5), name: 'x' }))
      .status,
  ).toBe(400);
  // the one response that shows a secret, once, by design: not kept
  const created = await session.post('/api/v1/tokens', { name: 'ci' });
  expect(created.status).toBe(201);
  const apiToken: string = created.body.token;
  expect(keep(await new ApiClient(server.url, `${apiToken}x`).get('/api/v1/me')).status).toBe(401);

  const api = new ApiClient(server.url, apiToken);
  const refused = keep(
    await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: wrongAccessToken }),
  );
  expect(refused.status).toBe(422);
  const connection = keep(await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken }));
  expect(connection.status).toBe(201);
  const post = keep(
    await api.post('/api/v1/posts', { content: 'Nothing to hide', publishAt: inSeconds(2), connectionIds: [connection.body.id] }),
  );
  await waitFor(
    async () => keep(await api.get(`/api/v1/posts/${post.body.id}`)),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(mastodon.statuses.find((status) => status.content === 'Nothing to hide')?.accessToken).toBe(accessToken);
  for (const path of ['/api/v1/me', '/api/v1/connections', '/api/v1/posts']) expect(keep(await api.get(path)).status).toBe(200);
  // tokens are listed to the logged-in person only
  expect(keep(await session.get('/api/v1/tokens')).status).toBe(200);

  const secrets = { password, apiToken, accessToken, wrongAccessToken };
  const leaks = (text: string) =>
    Object.entries(secrets)
      .filter(([, secret]) => text.includes(secret))
      .map(([name]) => name);

  // The logs were really captured: requests on the server, publishing on the worker.
  expect(serverLog.join('\n')).toContain('/api/v1/connections');
  expect(workerLog.join('\n')).toContain('Worker polling');
  expect({ server: leaks(serverLog.join('\n')), worker: leaks(workerLog.join('\n')), responses: leaks(responses.join('\n')) }).toEqual({
    server: [],
    worker: [],
    responses: [],
  });

  // At rest: no table holds any of them (credentials are ciphertext, tokens and passwords hashed).
  const client = new pg.Client({ connectionString: env.config.DATABASE_URL });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    expect(tables.map((table) => table.table_name)).toEqual(expect.arrayContaining(['Connection', 'ApiToken', 'User']));
    const found: string[] = [];
    for (const { table_name: table } of tables) {
      const { rows } = await client.query(`SELECT * FROM "${table}"`);
      for (const name of leaks(JSON.stringify(rows))) found.push(`${table}: ${name}`);
    }
    expect(found).toEqual([]);
  } finally {
    await client.end();
  }
});
