// Notifications in a real browser against the real server and PostgreSQL: a failed post's
// notification shows as the bell's unread count on every page, at desktop and phone width;
// the list links to the post, and marking it read clears the count. The settings page keeps
// each kind's choice of app and email, and an admin adds and removes the team's Slack channel.
// No console error.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { FakeSlack } from '../fakes/slack';
import { apiAsPage, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(180_000);

let app: WebApp;
let page: Page;
const slack = new FakeSlack();
const consoleErrors: string[] = [];

beforeAll(async () => {
  await slack.start();
  app = await startWebApp({ env: { SLACK_WEBHOOKS_BASE_URL: slack.url } });
  ({ page } = await app.newBerlinPage());
  // a refused form's answer is a 400, which the browser logs as a failed resource
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), slack.stop()]);
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

test("an admin adds the team's Slack channel with the kinds it wants, sees only a hint of its URL, and deletes it", async () => {
  await page.goto(`${app.server.url}/settings`);
  await page.getByRole('link', { name: 'Team chat' }).first().click();
  await page.getByRole('heading', { name: 'Team chat' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('#social');
  await page.getByLabel('Incoming webhook URL').fill('https://example.com/not-a-slack-hook');
  await page.getByRole('button', { name: 'Add channel' }).click();
  await page.getByText(/must be an incoming webhook URL of Slack/).waitFor();

  await page.getByLabel('Incoming webhook URL').fill(slack.incomingWebhookUrl());
  await page.getByRole('checkbox', { name: 'a post is published on some accounts only' }).uncheck();
  await page.getByRole('button', { name: 'Add channel' }).click();
  const channel = page.getByRole('article', { name: '#social' });
  await channel.waitFor();
  expect(await channel.textContent()).not.toContain(slack.incomingWebhookUrl());
  expect(await channel.textContent()).not.toContain('published on some accounts only');
  await screenshot(page, 'team-chat-desktop');

  await channel.getByRole('button', { name: 'Delete #social' }).click();
  await page.getByText('None yet.').waitFor();
});
