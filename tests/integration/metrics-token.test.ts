// The server's /metrics on the public port: Prometheus sends METRICS_TOKEN as a bearer
// token; without it set, production does not serve metrics at all. (Outside production
// with no token, /metrics stays open: observability.test.ts scrapes it that way.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { RunningServer } from '../../api/server';
import { startApi, testEnv } from '../support/harness';

jest.setTimeout(60_000);

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
let withToken: RunningServer;
let productionWithoutToken: RunningServer;

beforeAll(async () => {
  [withToken, productionWithoutToken] = await Promise.all([
    startApi(testEnv({ NODE_ENV: 'production', METRICS_TOKEN })),
    startApi(testEnv({ NODE_ENV: 'production' })),
  ]);
});
afterAll(() => Promise.all([withToken?.close(), productionWithoutToken?.close()]));

const scrape = (server: RunningServer, authorization?: string) =>
  fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });

test('with METRICS_TOKEN, a scrape without it or with another token is 401; with it, the metrics', async () => {
  for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN}x`]) {
    const refused = await scrape(withToken, authorization);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ status: 401, detail: 'Send METRICS_TOKEN as `Authorization: Bearer <token>`.' });
  }
  const scraped = await scrape(withToken, `Bearer ${METRICS_TOKEN}`);
  expect(scraped.status).toBe(200);
  expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(await scraped.text()).toContain('planrrr_posts{status="PUBLISHED"}');
});

test('in production without METRICS_TOKEN, /metrics is not served, whatever the request sends', async () => {
  for (const authorization of [undefined, 'Bearer anything-at-all']) {
    const response = await scrape(productionWithoutToken, authorization);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  }
});

test('the example Prometheus config scrapes the server with the token, from a file', () => {
  const config = parse(readFileSync(path.join(__dirname, '../../monitoring/prometheus.yml'), 'utf8')) as {
    scrape_configs: { job_name: string; authorization?: { type?: string; credentials_file?: string } }[];
  };
  const server = config.scrape_configs.find((job) => job.job_name === 'planrrr-server');
  expect(server?.authorization).toEqual({ type: 'Bearer', credentials_file: expect.any(String) });
});
