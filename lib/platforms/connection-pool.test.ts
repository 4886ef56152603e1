// The platform connection pool: a request waiting for a free connection is not timed out
// for that wait; a platform that stays silent once the request is sent is a TIMEOUT; a
// user-supplied host that resolves to a non-public address is refused when connecting;
// connections opened ahead are what the calls then use.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch as undiciFetch } from 'undici';
import { PlatformConnectionPool } from './connection-pool';
import { fetchWithinDeadline } from './http';
import { waitFor } from '../../tests/support/wait-for';

let server: Server;
let url: string;
let port: number;
let requestsReceived = 0;
let connectionsAccepted = 0;

const builtInFetch = globalThis.fetch;

beforeAll(async () => {
  // Node's fetch is undici too, but in jest the pool lives in the test's realm, where
  // the built-in fetch would wrap its errors and lose their code; the package's fetch does not.
  globalThis.fetch = undiciFetch as unknown as typeof fetch;
  // answers after the delay the path asks for, e.g. /slow/300
  server = createServer((request, response) => {
    requestsReceived += 1;
    const delayMs = Number(request.url?.split('/').at(-1));
    // unref: an answer still pending when the tests end must not hold jest's worker open
    setTimeout(() => response.end('ok'), delayMs).unref();
  });
  server.on('connection', () => (connectionsAccepted += 1));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  globalThis.fetch = builtInFetch;
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

// fetch takes undici's non-standard dispatcher option; the processes install the pool globally.
const through = (pool: PlatformConnectionPool): RequestInit => ({ dispatcher: pool }) as RequestInit;

test('calls queued behind a busy connection are not timed out for their wait', async () => {
  const pool = new PlatformConnectionPool({ connectionsPerHost: 1, allowPrivateAddresses: true, silenceTimeoutMs: 500 });
  const started = Date.now();
  // four calls of 300 ms each on one connection: the last waits 900 ms, longer than the silence limit
  const answers = await Promise.all(
    [1, 2, 3, 4].map(() => fetchWithinDeadline('X', `${url}/slow/300`, through(pool), 5_000).then((response) => response.text())),
  );
  expect(answers).toEqual(['ok', 'ok', 'ok', 'ok']);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_150);
  await pool.close();
});

test('a platform silent longer than the limit once the request is sent is a retryable TIMEOUT', async () => {
  const pool = new PlatformConnectionPool({ connectionsPerHost: 1, allowPrivateAddresses: true, silenceTimeoutMs: 300 });
  // undici's timers tick about once a second, so the limit shows within one
  const error = await fetchWithinDeadline('X', `${url}/slow/3000`, through(pool), 5_000).catch((e: unknown) => e);
  expect(error).toMatchObject({ kind: 'TIMEOUT', retryable: true, message: 'X did not answer in time' });
  await pool.destroy();
});

test('the deadline bounds a call that waits too long for a connection', async () => {
  const pool = new PlatformConnectionPool({ connectionsPerHost: 1, allowPrivateAddresses: true, silenceTimeoutMs: 5_000 });
  const first = fetchWithinDeadline('X', `${url}/slow/1000`, through(pool), 5_000);
  const queued = await fetchWithinDeadline('X', `${url}/slow/10`, through(pool), 400).catch((e: unknown) => e);
  expect(queued).toMatchObject({ kind: 'TIMEOUT', retryable: true });
  expect(await (await first).text()).toBe('ok');
  await pool.close();
});

test('without ALLOW_INSECURE_PLATFORM_URLS, a host resolving to a private address is refused at connect time, not retried', async () => {
  const pool = new PlatformConnectionPool({ connectionsPerHost: 1, allowPrivateAddresses: false });
  const before = requestsReceived;
  const connectionsBefore = connectionsAccepted;
  // opening ahead goes through the same check
  pool.warm(`http://localhost:${port}`);
  pool.warm(url);
  // `localhost` passes any check of the URL's text as a hostname: only its resolved address tells
  const byName = await fetchWithinDeadline('Mastodon', `http://localhost:${port}/slow/0`, through(pool), 5_000).catch((e: unknown) => e);
  expect(byName).toMatchObject({ kind: 'ADDRESS_NOT_PUBLIC', retryable: false });
  expect((byName as Error).message).toMatch(
    /^Mastodon was not called: the instance's address is not public \(localhost resolves to a non-public address/,
  );
  // Node never resolves an IP literal, so the pool refuses those itself
  const byAddress = await fetchWithinDeadline('Mastodon', `${url}/slow/0`, through(pool), 5_000).catch((e: unknown) => e);
  expect(byAddress).toMatchObject({ kind: 'ADDRESS_NOT_PUBLIC', retryable: false });
  expect((byAddress as Error).message).toContain("the instance's address is not public (127.0.0.1 is not a public address)");
  expect(requestsReceived).toBe(before);
  expect(connectionsAccepted).toBe(connectionsBefore);
  await pool.close();
});

test("the operator's own platform origins are reached wherever they resolve", async () => {
  const pool = new PlatformConnectionPool({ connectionsPerHost: 1, allowPrivateAddresses: false, trustedOrigins: [url] });
  expect(await (await fetchWithinDeadline('X', `${url}/slow/0`, through(pool), 5_000)).text()).toBe('ok');
  await pool.close();
});

/** Waits until the server has accepted `count` connections since `before`. */
async function accepted(before: number, count: number): Promise<void> {
  await waitFor(
    async () => connectionsAccepted - before,
    (since) => since >= count,
    5_000,
    10,
  );
}

test('calls use the connections opened ahead for them, and no more are opened ahead than the pool may hold', async () => {
  const pool = new PlatformConnectionPool({ connectionsPerHost: 2, allowPrivateAddresses: true });
  const before = connectionsAccepted;
  pool.warm(`${url}/any/path`);
  pool.warm(url);
  pool.warm(url); // beyond the pool's two connections: not opened
  await accepted(before, 2);
  // two calls at once need two connections: both are the ones opened ahead
  const answers = await Promise.all(
    [1, 2].map(() => fetchWithinDeadline('X', `${url}/slow/50`, through(pool), 5_000).then((r) => r.text())),
  );
  expect(answers).toEqual(['ok', 'ok']);
  expect(connectionsAccepted - before).toBe(2);
  await pool.close();
});

test('a connection opened ahead that the platform closed meanwhile is not handed to a call', async () => {
  const pool = new PlatformConnectionPool({ connectionsPerHost: 1, allowPrivateAddresses: true });
  const before = connectionsAccepted;
  pool.warm(url);
  await accepted(before, 1);
  server.closeAllConnections();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await (await fetchWithinDeadline('X', `${url}/slow/0`, through(pool), 5_000)).text()).toBe('ok');
  expect(connectionsAccepted - before).toBe(2);
  await pool.close();
});
