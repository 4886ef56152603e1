// The first-time user's path in a real browser, against the real server, worker,
// Temporal and PostgreSQL: sign up, add the demo channel, schedule a post, and watch it
// turn Published on its page without reloading.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../api/server';
import { createLogger } from '../../lib/logger';
import type { ServiceProcess } from '../../runtime/processes';
import { launchBrowser } from '../support/browser';
import { freePort } from '../../runtime/ports';
import { startWorker, testEnv, type TestEnv } from '../support/harness';

jest.setTimeout(180_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
let env: TestEnv;
let server: RunningServer;
let worker: ServiceProcess;
let browser: Browser;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  // A known port, so the links the app builds from PUBLIC_URL (the demo feed) work.
  const port = await freePort();
  env = testEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  [server, worker, browser] = await Promise.all([
    startServer(env.config, createLogger({ name: 'test-web', level: env.config.LOG_LEVEL }), { web: true }),
    startWorker(env),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), worker?.stop(), server?.close()]);
});

function localDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

test('a new user schedules a post to the demo channel and watches it publish', async () => {
  const page = await browser.newPage({ timezoneId: 'Europe/Berlin' });
  const eventStreams: Array<{ status: number; type: string | undefined }> = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/v1/events') eventStreams.push({ status: response.status(), type: response.headers()['content-type'] });
  });
  await page.goto(server.url);
  await page.getByRole('link', { name: /create an account|sign up/i }).first().click();
  await page.getByLabel('Name').fill('Nora');
  await page.getByLabel('Email').fill(`nora-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: /create|sign up/i }).click();
  await page.waitForURL('**/dashboard');

  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();
  await screenshot(page, 'connections');

  await page.getByRole('link', { name: 'Posts' }).click();
  await page.getByLabel('Content').fill('Hello from a real browser');
  // Browser time in Berlin; the form sends the offset, so the server gets the right instant.
  const publishAt = new Date(Date.now() + 8_000);
  const berlin = new Date(publishAt.toLocaleString('en-US', { timeZone: 'Europe/Berlin' }));
  await page.locator('input[type="datetime-local"]').fill(localDateTime(berlin));
  await screenshot(page, 'composer');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  await page.getByText('Scheduled', { exact: true }).first().waitFor();
  await screenshot(page, 'post-scheduled');

  // No reload from here on: the page revalidates when the event stream announces a change.
  await page.getByText('Published', { exact: true }).first().waitFor({ timeout: 60_000 });
  expect(eventStreams).toContainEqual({ status: 200, type: 'text/event-stream; charset=utf-8' });
  await screenshot(page, 'post-published');
  // The API, with the page's session cookie, confirms the instant the editor meant.
  const postId = page.url().split('/').at(-1)!;
  const post = await (await page.request.get(`${server.url}/api/v1/posts/${postId}`)).json();
  expect(post).toMatchObject({ status: 'PUBLISHED', publishAt: new Date(Math.floor(publishAt.getTime() / 1000) * 1000).toISOString() });

  // The published target links to the post on its platform: here, the demo feed.
  await page.getByRole('link', { name: 'View' }).first().click();
  await page.getByText('Hello from a real browser').waitFor();
  await screenshot(page, 'demo-feed');
  await page.close();
});
