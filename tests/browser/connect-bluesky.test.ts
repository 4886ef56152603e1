// A user connects a Bluesky account with an app password in a real browser (against a
// local fake of the PDS), and the composer refuses a post longer than Bluesky takes.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../api/server';
import { createLogger } from '../../lib/logger';
import { FakeBluesky } from '../fakes/bluesky';
import { launchBrowser, signUpInBrowser } from '../support/browser';
import { testEnv } from '../support/harness';

jest.setTimeout(120_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const bluesky = new FakeBluesky();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  await Promise.all([mkdir(ARTIFACTS, { recursive: true }), bluesky.start()]);
  const env = testEnv({ BLUESKY_DEFAULT_SERVICE_URL: bluesky.url });
  [server, browser] = await Promise.all([startServer(env.config, createLogger({ name: 'test-web', level: env.config.LOG_LEVEL }), { web: true }), launchBrowser()]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close(), bluesky.stop()]);
});

test('a wrong app password is shown beside its field; the right one connects the account; an over-long post is refused', async () => {
  const page = await browser.newPage();
  await signUpInBrowser(page, server.url, 'Bea');

  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByLabel('Handle').fill('alice.bsky.social');
  await page.getByLabel('App password').fill('not-the-password');
  await page.getByRole('button', { name: 'Connect Bluesky' }).click();
  const passwordField = page.getByLabel('App password');
  await page.getByText(/rejected the handle and app password/).waitFor();
  // the message belongs to the password field, and the handle is kept
  expect(await passwordField.getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel('Handle').getAttribute('aria-invalid')).toBeNull();
  expect(await page.getByLabel('Handle').inputValue()).toBe('alice.bsky.social');
  await page.screenshot({ path: path.join(ARTIFACTS, 'connect-bluesky-refused.png'), fullPage: true });

  await passwordField.fill('alice-app-password');
  await page.getByRole('button', { name: 'Connect Bluesky' }).click();
  await page.getByText('@alice.bsky.social').first().waitFor();

  await page.getByRole('link', { name: 'Posts' }).click();
  await page.getByLabel('Content').fill('b'.repeat(301));
  await page.locator('input[type="datetime-local"]').fill('2030-01-01T09:00');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.getByText(/BLUESKY \(text-too-long\) for @?alice\.bsky\.social: Bluesky allows 300 characters; this post has 301/).waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'composer-platform-rules.png'), fullPage: true });
});
