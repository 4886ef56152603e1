// Notifications in a real browser against the real server and PostgreSQL: a failed post's
// notification shows as the bell's unread count on every page, at desktop and phone width;
// the list links to the post, and marking it read clears the count. The settings page keeps
// each kind's choice of app and email. No console error.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { apiAsPage, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(180_000);

let app: WebApp;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp();
  ({ page } = await app.newBerlinPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await app?.stop();
});

test('the bell counts an unread failure on every page; the list links to the post, and marking it read clears the count', async () => {
  await signUpInBrowser(page, app.server.url, 'Bea');
  const api = apiAsPage(page, app.server.url);
  const me = await api.get('/api/v1/me');
  const content = 'Spring sale starts today';
  const post = await api.post('/api/v1/posts', { content, connectionIds: [], draft: true });
  // what the worker tells when a post's publishing fails (lib/notifications/events.ts)
  await app.server.services.notify({
    kind: 'post_failed',
    teamId: me.currentTeamId,
    postId: post.id,
    recipientUserIds: [me.user.id],
    dedupeKey: `post_failed:${post.id}:${randomUUID()}`,
  });

  await page.goto(`${app.server.url}/calendar`);
  const bell = page.getByRole('link', { name: 'Notifications: 1 unread' });
  await bell.waitFor();
  await screenshot(page, 'notifications-bell-desktop');

  await bell.click();
  await page.waitForURL('**/notifications');
  await page.getByRole('heading', { name: 'Notifications' }).waitFor();
  await page.getByText('1 unread').waitFor();
  const item = page.getByRole('link', { name: `Unread: Publishing failed: “${content}”` });
  expect(await item.getAttribute('href')).toBe(`/posts/${post.id}`);
  await screenshot(page, 'notifications-list-desktop');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('link', { name: 'Notifications: 1 unread' }).waitFor();
  await screenshot(page, 'notifications-list-phone');

  await page.getByRole('button', { name: `Mark read: Publishing failed: “${content}”` }).click();
  await page.getByText('Nothing unread.').waitFor();
  await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  expect(await page.locator('.bell-count').count()).toBe(0);
  await page.getByRole('link', { name: `Publishing failed: “${content}”` }).click();
  await page.waitForURL(`**/posts/${post.id}`);
  await screenshot(page, 'notifications-read-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('the settings page keeps, per kind, whether to tell in the app and by email', async () => {
  await page.goto(`${app.server.url}/settings#notifications`);
  const byEmail = page.getByRole('checkbox', { name: 'A post was published on some accounts only: by email' });
  const inApp = page.getByRole('checkbox', { name: 'A post failed to publish: in the app' });
  expect(await byEmail.isChecked()).toBe(false);
  expect(await inApp.isChecked()).toBe(true);
  await byEmail.check();
  await inApp.uncheck();
  await page.getByRole('button', { name: 'Save notifications' }).click();
  await page.getByRole('status').getByText('Saved.').waitFor();
  await screenshot(page, 'notification-settings-desktop');

  const settings = await apiAsPage(page, app.server.url).get('/api/v1/me/notification-settings');
  expect(settings.post_partly_published).toEqual({ inApp: true, email: true });
  expect(settings.post_failed).toEqual({ inApp: false, email: true });
  expect(await page.getByRole('checkbox', { name: 'A post failed to publish: in the app' }).isChecked()).toBe(false);
});
