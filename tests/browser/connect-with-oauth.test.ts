// Connecting and reconnecting an OAuth account in a real browser: the Connections page's
// buttons, the provider's consent screen (a local fake that approves at once, or declines),
// and the page the browser lands on.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../api/server';
import { createDb, type Db } from '../../lib/db';
import { createLogger } from '../../lib/logger';
import { freePort } from '../../runtime/ports';
import { FAKE_ACCOUNTS, FakeOAuthProvider } from '../fakes/oauth-provider';
import { launchBrowser } from '../support/browser';
import { testEnv, type TestEnv } from '../support/harness';

jest.setTimeout(180_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const provider = new FakeOAuthProvider();
let env: TestEnv;
let server: RunningServer;
let browser: Browser;
let db: Db;

beforeAll(async () => {
  await Promise.all([mkdir(ARTIFACTS, { recursive: true }), provider.start()]);
  const port = await freePort();
  env = testEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...provider.env() });
  [server, browser] = await Promise.all([
    startServer(env.config, createLogger({ name: 'test-web', level: env.config.LOG_LEVEL }), { web: true }),
    launchBrowser(),
  ]);
  db = createDb(env.config.DATABASE_URL);
});

afterAll(async () => {
  await Promise.allSettled([browser?.close(), server?.close(), provider.stop(), db?.$disconnect()]);
});

async function signUp(page: Page): Promise<void> {
  await page.goto(`${env.config.PUBLIC_URL}/signup`);
  await page.getByLabel('Name').fill('Connie');
  await page.getByLabel('Email').fill(`connie-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: /create|sign up/i }).click();
  await page.waitForURL('**/dashboard');
}

test('a user connects X, reconnects it after it needed reconnecting, and sees a clear message when declining', async () => {
  const page = await browser.newPage();
  await signUp(page);
  await page.getByRole('link', { name: 'Connections' }).click();

  await page.getByRole('link', { name: 'Connect X' }).click();
  await page.waitForURL('**/connections?oauth=connected*');
  await page.getByRole('status').getByText(`Connected @${FAKE_ACCOUNTS.x.username} (X).`).waitFor();
  await page.getByText(FAKE_ACCOUNTS.x.name).waitFor();

  const [connection] = await db.connection.findMany({ where: { platform: 'X', handle: `@${FAKE_ACCOUNTS.x.username}` }, orderBy: { createdAt: 'desc' }, take: 1 });
  await db.connection.update({ where: { id: connection!.id }, data: { status: 'NEEDS_RECONNECT' } });
  await page.goto(`${env.config.PUBLIC_URL}/connections`);
  await page.getByText(/Needs reconnecting/).waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'connections-needs-reconnecting.png'), fullPage: true });

  await page.getByRole('link', { name: 'Reconnect' }).click();
  await page.waitForURL('**/connections?oauth=connected*');
  expect(await page.getByText(/Needs reconnecting/).count()).toBe(0);
  expect((await db.connection.findUniqueOrThrow({ where: { id: connection!.id } })).status).toBe('ACTIVE');

  provider.denyNextConsent('linkedin');
  await page.getByRole('link', { name: 'Connect LinkedIn' }).click();
  await page.waitForURL('**/connections?oauth=error*');
  await page.getByRole('alert').getByText('You declined access on LinkedIn; no account was connected.').waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'connections-oauth-declined.png'), fullPage: true });
});
