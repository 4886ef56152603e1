// Settings → Webhooks in a real browser: add a webhook (the secret shown once; the metrics event offered too), send a
// test ping that a local receiver gets with a valid signature, see the delivery, delete it.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { waitFor } from '../support/harness';

jest.setTimeout(120_000);

let app: WebApp;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  app = await startWebApp({ withWorker: true, env: { WEBHOOK_RETRY_INITIAL_INTERVAL: '1s' } });
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), new Promise((resolve) => receiver?.close(resolve))]);
});

test('an owner adds a webhook, sees its secret once, pings it, sees the delivery, and deletes it', async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Wanda');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();

  await page.getByLabel('URL').fill('not a url');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await page.getByText('url must be an http:// or https:// URL').waitFor();

  await page.getByLabel('URL').fill(receiverUrl);
  await page.getByRole('checkbox', { name: /metrics are read/ }).check();
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const secret = await page.getByLabel('Signing secret').inputValue();
  await page.getByRole('article', { name: receiverUrl }).getByText('post.published, post.failed, post.metrics_updated').waitFor();
  expect(secret).toMatch(/^whsec_/);
  await screenshot(page, 'webhooks');

  await page.getByRole('button', { name: 'Send a test ping' }).click();
  const [ping] = await waitFor(
    async () => received,
    (requests) => requests.length >= 1,
    30_000,
  );
  const signature = String(ping!.headers['planrrr-signature']);
  const [, timestamp, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(signature) ?? [];
  expect(v1).toBe(createHmac('sha256', secret).update(`${timestamp}.${ping!.body}`).digest('hex'));
  expect(JSON.parse(ping!.body)).toMatchObject({ event: 'ping' });
  // the receiver may have the ping before the browser has the ping's answer, which replaces the page's data
  await page.getByLabel('Signing secret').waitFor({ state: 'detached' });
  expect(await page.getByLabel('Signing secret').count()).toBe(0); // shown once: gone after the next page load

  await waitFor(
    async () => {
      await page.reload();
      return page.getByRole('cell', { name: 'delivered' }).count();
    },
    (count) => count === 1,
    30_000,
    1_000,
  );
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('None yet.').waitFor();
});
