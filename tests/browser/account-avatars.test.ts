// Account avatars in a real browser: the Mastodon fake names a profile picture, the server
// stores it at connect, and the connections page, the composer's account picker and its
// preview show it from planrrr's own origin; the demo channel, without one, shows initials.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../api/server';
import { createLogger } from '../../lib/logger';
import { freePort } from '../../runtime/ports';
import { FakeMastodon } from '../fakes/mastodon';
import { connectDemoAndMastodon, launchBrowser, signUpInBrowser } from '../support/browser';
import { testEnv, type TestEnv } from '../support/harness';

jest.setTimeout(180_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const mastodon = new FakeMastodon();
let env: TestEnv;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await Promise.all([mkdir(ARTIFACTS, { recursive: true }), mastodon.start()]);
  const port = await freePort();
  env = testEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  [server, browser] = await Promise.all([startServer(env.config, createLogger({ name: 'test-web', level: env.config.LOG_LEVEL }), { web: true }), launchBrowser()]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await Promise.allSettled([browser?.close(), server?.close(), mastodon.stop()]);
});

/** Waits until the image has loaded, then reports its intrinsic width and where it came from. */
async function loaded(image: Locator): Promise<{ naturalWidth: number; src: string }> {
  await image.waitFor();
  await image.evaluate((element: HTMLImageElement) => element.decode());
  return image.evaluate((element: HTMLImageElement) => ({ naturalWidth: element.naturalWidth, src: element.getAttribute('src')! }));
}

test("the Mastodon account's avatar shows on the connections page, in the composer's picker and its preview; the demo channel shows initials", async () => {
  // every request the browser makes: avatars must come from planrrr, never from the platform
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));

  await signUpInBrowser(page, server.url, 'Avery');
  await connectDemoAndMastodon(page, mastodon.url);

  const mastodonCard = page.locator('.connection', { hasText: '@alice' });
  const onConnections = await loaded(mastodonCard.locator('img.account-avatar-image'));
  expect(onConnections.naturalWidth).toBe(8);
  expect(onConnections.src).toMatch(/^\/api\/v1\/connections\/[^/]+\/avatar\?v=\d+$/);
  expect(await mastodonCard.locator('img.account-avatar-image').getAttribute('alt')).toBe('');
  await page.screenshot({ path: path.join(ARTIFACTS, 'avatars-connections.png'), fullPage: true });

  await page.goto(`${server.url}/compose`);
  const picker = page.getByRole('group', { name: 'Publish to' });
  const mastodonChoice = picker.getByRole('listitem').filter({ hasText: '@alice' });
  expect((await loaded(mastodonChoice.locator('img'))).naturalWidth).toBeGreaterThan(0);
  expect(await picker.getByRole('listitem').filter({ hasText: 'Demo' }).locator('.account-avatar-initials').textContent()).toBe('DF');

  await page.getByRole('checkbox', { name: /Mastodon/ }).check();
  await page.getByRole('checkbox', { name: /Demo/ }).check();
  await page.getByLabel('Text').fill('Hello from a composer with faces');
  const preview = page.getByRole('article', { name: 'Preview on Mastodon' });
  expect((await loaded(preview.locator('img.preview-avatar'))).naturalWidth).toBe(8);
  expect(await page.getByRole('article', { name: 'Preview on Demo channel' }).locator('.preview-avatar').textContent()).toBe('DF');
  await page.screenshot({ path: path.join(ARTIFACTS, 'avatars-composer.png'), fullPage: true });

  expect(requested.filter((url) => url.startsWith(mastodon.url))).toEqual([]);
});
