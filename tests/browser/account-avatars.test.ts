// Account avatars in a real browser: the Mastodon fake names a profile picture, the server
// stores it at connect, and the connections page, the composer's account picker and its
// preview show it from planrrr's own origin; the demo channel, without one, shows initials.
import type { Page } from 'playwright-core';
import { FakeMastodon } from '../fakes/mastodon';
import { connectDemoAndMastodon, loadedImage, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(180_000);

const mastodon = new FakeMastodon();
let app: WebApp;
let page: Page;

beforeAll(async () => {
  [app] = await Promise.all([startWebApp(), mastodon.start()]);
  ({ page } = await app.newBerlinPage());
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), mastodon.stop()]);
});

test("the Mastodon account's avatar shows on the connections page, in the composer's picker and its preview; the demo channel shows initials", async () => {
  // every request the browser makes: avatars must come from planrrr, never from the platform
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));

  await signUpInBrowser(page, app.server.url, 'Avery');
  await connectDemoAndMastodon(page, mastodon.url);

  const mastodonCard = page.locator('.connection', { hasText: '@alice' });
  const onConnections = await loadedImage(mastodonCard.locator('img.account-avatar-image'));
  expect(onConnections.naturalWidth).toBe(8);
  expect(onConnections.src).toMatch(/^\/api\/v1\/connections\/[^/]+\/avatar\?v=\d+$/);
  expect(await mastodonCard.locator('img.account-avatar-image').getAttribute('alt')).toBe('');
  await screenshot(page, 'avatars-connections');

  await page.goto(`${app.server.url}/compose`);
  const picker = page.getByRole('group', { name: 'Publish to' });
  const mastodonChoice = picker.getByRole('listitem').filter({ hasText: '@alice' });
  expect((await loadedImage(mastodonChoice.locator('img'))).naturalWidth).toBeGreaterThan(0);
  expect(await picker.getByRole('listitem').filter({ hasText: 'Demo' }).locator('.account-avatar-initials').textContent()).toBe('DF');

  await page.getByRole('checkbox', { name: /Mastodon/ }).check();
  await page.getByRole('checkbox', { name: /Demo/ }).check();
  await page.getByLabel('Text').fill('Hello from a composer with faces');
  const preview = page.getByRole('article', { name: 'Preview on Mastodon' });
  expect((await loadedImage(preview.locator('img.preview-avatar'))).naturalWidth).toBe(8);
  expect(await page.getByRole('article', { name: 'Preview on Demo channel' }).locator('.preview-avatar').textContent()).toBe('DF');
  await screenshot(page, 'avatars-composer');

  expect(requested.filter((url) => url.startsWith(mastodon.url))).toEqual([]);
});
