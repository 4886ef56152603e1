// The editors' app in a real browser, against the real server, worker, Temporal and
// PostgreSQL: the dashboard after sign-up, moving a post by dragging it in the calendar
// (and the form that does the same without a mouse), analytics after a post publishes,
// API tokens in settings, and the navigation on a phone. Screenshots of each page land
// in test-artifacts/.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { createDb } from '../../lib/db';
import { EDITOR_TIME_ZONE, screenshot as saveScreenshot, apiAsPage, startWebApp, type WebApp } from '../support/browser';
import { waitFor } from '../support/harness';

jest.setTimeout(240_000);

let app: WebApp;
let context: BrowserContext;
let page: Page;
let demoConnectionId: string;
let tomorrowsPostId: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp({ withWorker: true });
  ({ context, page } = await app.newBerlinPage());
  page.on('console', (message) => {
    // Refused changes answer 4xx on purpose; anything else logged as an error (a hydration mismatch, a crash) is a bug.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await app?.stop();
});

function screenshot(name: string, target: Page = page): Promise<void> {
  return saveScreenshot(target, name);
}

/** Calendar arithmetic for the test's expectations, on Berlin wall-clock dates. */
function berlinDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: EDITOR_TIME_ZONE }).format(instant);
}

/** A date (YYYY-MM-DD) `days` after `date`. */
function addDays(date: string, days: number): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** The instant of a Berlin wall-clock time. */
function berlinInstant(date: string, time: string): string {
  for (const offset of ['+01:00', '+02:00']) {
    const candidate = new Date(`${date}T${time}${offset}`);
    const shown = new Intl.DateTimeFormat('sv-SE', { timeZone: EDITOR_TIME_ZONE, dateStyle: 'short', timeStyle: 'medium' }).format(
      candidate,
    );
    if (shown === `${date} ${time}`) return candidate.toISOString();
  }
  throw new Error(`no Berlin instant for ${date} ${time}`);
}

/** How the calendar names an hour slot, e.g. "Friday 11 December 2026, 14:00". */
function spokenSlot(date: string, hour: number): string {
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
  return `${day.replace(',', '')}, ${String(hour).padStart(2, '0')}:00`;
}

async function apiGet(pathname: string) {
  const response = await page.request.get(`${app.server.url}${pathname}`);
  return { status: response.status(), body: response.ok() ? await response.json() : undefined };
}

/** A post created over the API with the page's session; its JSON, or a throw naming the refusal. */
function createPost(data: { content: string; publishAt: string; connectionIds: string[] }) {
  return apiAsPage(page, app.server.url).post('/api/v1/posts', data);
}

async function schedule(content: string, localDateTime: string): Promise<string> {
  await page.goto(`${app.server.url}/compose`);
  await page.getByLabel('Text').fill(content);
  await page.getByLabel(/Publish at/).fill(localDateTime);
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  return page.url().split('/').at(-1)!;
}

/** Drags with the mouse in small steps, as a person would (the calendar starts a drag after 4 px). */
async function drag(source: Locator, target: Locator): Promise<void> {
  await source.scrollIntoViewIfNeeded();
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
  await page.mouse.up();
}

test('sign up lands on the dashboard, which lists what is upcoming', async () => {
  await page.goto(`${app.server.url}/signup`);
  await page.getByLabel('Name').fill('Mara');
  await page.getByLabel('Email').fill(`mara-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL('**/dashboard');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Dashboard', 'Calendar', 'Posts', 'Analytics', 'Connections', 'Settings'])
    await nav.getByRole('link', { name }).waitFor();
  await page.getByText("Mara's team").waitFor();
  await page.getByRole('heading', { name: 'Start here' }).waitFor();

  await nav.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();
  demoConnectionId = (await apiGet('/api/v1/connections')).body.data[0].id;

  const tomorrow = addDays(berlinDate(new Date()), 1);
  tomorrowsPostId = await schedule('Upcoming on the dashboard', `${tomorrow}T09:15`);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  const upcoming = page.getByRole('region', { name: 'Upcoming' });
  await upcoming.getByRole('link', { name: 'Upcoming on the dashboard' }).waitFor();
  await screenshot('dashboard');
});

test('dragging a post to another day and hour in the calendar reschedules it through its workflow', async () => {
  // A Wednesday a week or more ahead, so that the week view holds the Thursday after it.
  const today = berlinDate(new Date());
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay();
  const wednesday = addDays(today, ((3 - weekday + 7) % 7) + 7);
  const thursday = addDays(wednesday, 1);
  const postId = await schedule('Move me by dragging', `${wednesday}T10:30`);

  // Tall enough for the whole week: the calendar scrolls the page when a drag nears its edge.
  await page.setViewportSize({ width: 1280, height: 1800 });
  await page.goto(`${app.server.url}/calendar?view=week&date=${wednesday}`);
  const chip = page.locator(`li[data-post-id="${postId}"]`);
  await chip.waitFor();
  expect(await chip.locator('xpath=ancestor::*[@data-day][1]').getAttribute('data-day')).toBe(wednesday);
  await screenshot('calendar-week');

  await drag(chip.getByRole('link'), page.locator(`[data-day="${thursday}"][data-hour="14"]`));
  // The minutes stay; the day and hour are where the post was dropped, in the user's zone.
  const expected = berlinInstant(thursday, '14:30:00');
  const moved = await waitFor(
    () => apiGet(`/api/v1/posts/${postId}`),
    (res) => res.body?.publishAt === expected,
    30_000,
  );
  expect(moved.body).toMatchObject({ status: 'SCHEDULED', publishAt: expected });
  expect(moved.body.workflow.publishAt).toBe(expected);
  await page.locator(`[data-day="${thursday}"][data-hour="14"] li[data-post-id="${postId}"]`).waitFor();

  // The keyboard does the same: Space picks the post up by its handle, an arrow moves it a day, Space drops it.
  const friday = addDays(thursday, 1);
  await page.getByText('Moving the post…').waitFor({ state: 'detached' });
  const handle = page.getByRole('button', { name: 'Move “Move me by dragging”' });
  await handle.focus();
  expect(await handle.evaluate((element) => element === document.activeElement)).toBe(true);
  await page.keyboard.press('Space');
  // Screen readers hear where the post is over (dnd-kit's live region, with the calendar's words).
  await page.getByText(`Over ${spokenSlot(thursday, 14)}.`).waitFor({ state: 'attached' });
  await page.keyboard.press('ArrowRight');
  await page.getByText(`Over ${spokenSlot(friday, 14)}.`).waitFor({ state: 'attached' });
  await page.keyboard.press('Space');
  const byKeyboard = berlinInstant(friday, '14:30:00');
  await waitFor(
    () => apiGet(`/api/v1/posts/${postId}`),
    (res) => res.body?.publishAt === byKeyboard,
    30_000,
  );
  await page.locator(`[data-day="${friday}"][data-hour="14"] li[data-post-id="${postId}"]`).waitFor();

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${app.server.url}/calendar?view=month&date=${wednesday}`);
  await screenshot('calendar-month');

  // Without a mouse: the post opens in the composer, where its time and text change together.
  const monthChip = page.locator(`li[data-post-id="${postId}"]`);
  await monthChip.getByRole('link').first().click();
  await page.waitForURL(`**/posts/${postId}`);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.waitForURL(`**/posts/${postId}/edit`);
  await page.getByTestId('dropzone').waitFor(); // hydrated
  const publishAt = page.locator('input[name="publishAt"]');
  expect(await publishAt.inputValue()).toBe(`${friday}T14:30`);
  await publishAt.fill(`${thursday}T16:45`);
  await page.getByLabel('Text', { exact: true }).fill('Moved, then edited');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(`**/posts/${postId}`);
  await page.locator('.post-content').getByText('Moved, then edited').waitFor();
  expect((await apiGet(`/api/v1/posts/${postId}`)).body).toMatchObject({
    publishAt: berlinInstant(thursday, '16:45:00'),
    content: 'Moved, then edited',
  });
  await screenshot('post-scheduled');
});

test('a drop the workflow refuses shows why, and the post goes back where it was', async () => {
  // Tomorrow's post dropped on yesterday: a time already past, refused like a late change.
  const today = berlinDate(new Date());
  const [yesterday, tomorrow] = [addDays(today, -1), addDays(today, 1)];
  await page.goto(`${app.server.url}/calendar?view=month&date=${today}`);
  const chip = page.locator(`[data-day="${tomorrow}"] li[data-post-id="${tomorrowsPostId}"]`);
  const pastDay = page.locator(`[data-day="${yesterday}"]`);
  // NOTE: the month grid of today lacks yesterday only on a Monday the 1st, and tomorrow only on a Sunday the last.
  if ((await pastDay.count()) === 0 || (await chip.count()) === 0)
    return console.warn(`Skipped: ${yesterday} or ${tomorrow} is outside this month's grid.`);
  const before = (await apiGet(`/api/v1/posts/${tomorrowsPostId}`)).body.publishAt;
  await drag(chip.getByRole('link'), pastDay);
  await page
    .getByRole('alert')
    .getByText(/That time has passed/)
    .waitFor();
  await chip.waitFor();
  expect((await apiGet(`/api/v1/posts/${tomorrowsPostId}`)).body.publishAt).toBe(before);
  await screenshot('calendar-refused');
});

test('analytics counts a post once it publishes', async () => {
  const publishAt = new Date(Date.now() + 5_000);
  const { id: postId } = await createPost({
    content: 'Counted in analytics',
    publishAt: publishAt.toISOString(),
    connectionIds: [demoConnectionId],
  });
  await waitFor(
    () => apiGet(`/api/v1/posts/${postId}`),
    (res) => res.body?.status === 'PUBLISHED',
    60_000,
  );

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
  await page.waitForURL('**/analytics');
  await page.getByRole('heading', { name: 'Posts per day by status' }).waitFor();
  expect(await page.getByTestId('published-posts').textContent()).toBe('1');
  // The chart draws it: one bar segment in the Published series.
  const chart = page.getByRole('figure', { name: /posts per day/i });
  await chart.locator('.recharts-bar-rectangle').first().waitFor();
  await page.getByRole('region', { name: 'Posts per day by status' }).getByText('Show as a table').click();
  const todayRow = page.getByRole('row', { name: new RegExp(berlinDate(publishAt)) });
  expect(await todayRow.getByRole('cell').first().textContent()).toBe('1');
  await screenshot('analytics');

  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('region', { name: 'Recent results' }).getByRole('link', { name: 'Counted in analytics' }).waitFor();
});

test("the calendar and analytics show one account's posts when filtered by it", async () => {
  const other = await apiAsPage(page, app.server.url).post('/api/v1/connections', { platform: 'demo', name: 'Other feed' });
  // two days ahead: beyond the day ahead that analytics counts, whatever the time of day
  const later = addDays(berlinDate(new Date()), 2);
  const toDemo = await createPost({
    content: 'Filtered: demo',
    publishAt: berlinInstant(later, '11:00:00'),
    connectionIds: [demoConnectionId],
  });
  const toOther = await createPost({
    content: 'Filtered: other feed',
    publishAt: berlinInstant(later, '12:00:00'),
    connectionIds: [other.id],
  });

  await page.goto(`${app.server.url}/calendar?view=month&date=${later}`);
  const chip = (post: { id: string }) => page.locator(`li[data-post-id="${post.id}"]`);
  await chip(toDemo).waitFor();
  await chip(toOther).waitFor();
  await page.getByLabel('Account').selectOption({ label: 'Other feed (Demo channel)' });
  await page.waitForURL(`**/calendar?*account=${other.id}*`);
  await chip(toDemo).waitFor({ state: 'detached' });
  await chip(toOther).waitFor();
  await screenshot('calendar-filtered');

  // analytics counts posts due up to today: one published to the other feed now
  const published = await createPost({
    content: 'Published to the other feed',
    publishAt: new Date(Date.now() + 2_000).toISOString(),
    connectionIds: [other.id],
  });
  await waitFor(
    () => apiGet(`/api/v1/posts/${published.id}`),
    (res) => res.body?.status === 'PUBLISHED',
    60_000,
  );
  await page.goto(`${app.server.url}/analytics`);
  const figures = async () => ({
    total: Number(await page.getByTestId('total-posts').textContent()),
    published: Number(await page.getByTestId('published-posts').textContent()),
  });
  const everyAccount = await figures();
  /** picks an account in the filter; the figures the page then shows for it */
  const filterBy = async (label: string, connectionId: string, expected: { total: number; published: number }) => {
    await page.getByLabel('Account', { exact: true }).selectOption({ label: `${label} (Demo channel)` });
    await page.waitForURL(`**/analytics?*account=${connectionId}*`);
    return waitFor(figures, (shown) => shown.total === expected.total && shown.published === expected.published, 10_000).catch(figures);
  };
  const justOther = { total: 1, published: 1 };
  expect(await filterBy('Other feed', other.id, justOther)).toEqual(justOther);
  const allButOther = { total: everyAccount.total - 1, published: everyAccount.published - 1 };
  expect(await filterBy('Demo feed', demoConnectionId, allButOther)).toEqual(allButOther);
});

test('a scheduled post is cancelled from its page after a confirmation, and stays cancelled', async () => {
  const { id: postId } = await createPost({
    content: 'Never mind this one',
    publishAt: new Date(Date.now() + 3_600_000).toISOString(),
    connectionIds: [demoConnectionId],
  });
  await page.goto(`${app.server.url}/posts/${postId}`);
  // cancelling asks first
  await page.getByText('Cancel this post…').click();
  await page.getByText('Cancel this post? It will not be published.').waitFor();
  await page.getByRole('button', { name: 'Yes, cancel it' }).click();
  await page.getByRole('heading', { name: /Post/ }).getByText('Cancelled').waitFor();
  expect(await page.getByText('Cancel this post…').count()).toBe(0);
  const stored = await apiGet(`/api/v1/posts/${postId}`);
  expect(stored.body).toMatchObject({ status: 'CANCELLED', workflow: { status: 'CANCELLED' } });
});

test('without JavaScript the composer still edits posts, and an edit after publishing answers 409, shown plainly', async () => {
  const noScript = await app.browser.newContext({
    javaScriptEnabled: false,
    timezoneId: EDITOR_TIME_ZONE,
    storageState: await context.storageState(),
  });
  const plain = await noScript.newPage();
  try {
    const { id: postId } = await createPost({
      content: 'Too late to edit',
      publishAt: new Date(Date.now() + 4_000).toISOString(),
      connectionIds: [demoConnectionId],
    });
    await plain.goto(`${app.server.url}/posts/${postId}/edit`);
    await plain.getByRole('button', { name: 'Save changes' }).waitFor();
    await waitFor(
      () => apiGet(`/api/v1/posts/${postId}`),
      (res) => res.body?.status === 'PUBLISHED',
      60_000,
    );

    // The composer, loaded while the post was still scheduled, sends the edit anyway.
    await plain.getByLabel('Text', { exact: true }).fill('Edited too late');
    await plain.getByRole('button', { name: 'Save changes' }).click();
    const alert = plain.getByRole('alert');
    await alert.getByText('This post is published now, so it can no longer be changed.').waitFor();
    // what was written is kept on the page, to copy
    await plain.getByRole('region', { name: 'What you wrote' }).getByText('Edited too late').waitFor();
    expect((await apiGet(`/api/v1/posts/${postId}`)).body.content).toBe('Too late to edit');
    await screenshot('post-too-late', plain);
  } finally {
    await noScript.close();
  }
});

test('the dashboard shows a failure with its reason and a way to fix it', async () => {
  // What a revoked token leaves behind (the worker writes the same rows): an account that
  // needs reconnecting and a post that failed on it. The demo channel itself never fails.
  const db = createDb(app.env.config.DATABASE_URL);
  try {
    const { teamId, authorId } = await db.post.findUniqueOrThrow({
      where: { id: tomorrowsPostId },
      select: { teamId: true, authorId: true },
    });
    const revoked = await db.connection.create({
      data: {
        teamId,
        platform: 'MASTODON',
        handle: '@mara@social.example',
        displayName: 'Mara on Mastodon',
        instanceUrl: 'https://social.example',
        encryptedCredentials: 'unused',
        status: 'NEEDS_RECONNECT',
      },
    });
    await db.post.create({
      data: {
        teamId,
        authorId,
        content: 'Failed on a revoked account',
        publishAt: new Date(Date.now() - 3_600_000),
        status: 'FAILED',
        targets: {
          create: {
            connectionId: revoked.id,
            status: 'FAILED',
            attempts: 1,
            lastError: 'Mastodon answered 401: The access token was revoked',
          },
        },
      },
    });
  } finally {
    await db.$disconnect();
  }

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const attention = page.getByRole('region', { name: 'Needs your attention' });
  await attention.getByText('Mastodon answered 401: The access token was revoked').waitFor();
  expect(await attention.getByRole('link', { name: 'Reconnect' }).count()).toBe(2); // the account, and beside the failure
  await screenshot('dashboard-attention');
  await attention.getByRole('link', { name: 'Open the post' }).click();
  await page.getByRole('cell', { name: /The access token was revoked/ }).waitFor();
  await page.getByRole('cell').getByRole('link', { name: 'Reconnect' }).click();
  // a Mastodon account reconnects with a new access token, in its form filled in with its instance
  await page.getByRole('heading', { name: 'Reconnect @mara@social.example' }).waitFor();
  expect(await page.getByLabel('Instance URL').inputValue()).toBe('https://social.example');
});

test('settings create an API token, show it once, and revoke it', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  expect(await page.getByLabel('Time zone', { exact: true }).inputValue()).toBe(EDITOR_TIME_ZONE);
  await page.getByLabel('Token name').fill('Release script');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = await page.getByLabel('Token', { exact: true }).inputValue();
  expect(secret).toMatch(/^planrrr_/);
  await screenshot('settings');

  const me = await page.request.get(`${app.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  await page.reload();
  expect(await page.getByLabel('Token', { exact: true }).count()).toBe(0); // shown once
  await page.getByRole('button', { name: 'Revoke Release script' }).click();
  await page.getByText('No API tokens yet.').waitFor();
  const after = await app.browser
    .newContext()
    .then((anonymous) => anonymous.request.get(`${app.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } }));
  expect(after.status()).toBe(401);
});

test('on a phone the navigation folds behind a menu button', async () => {
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${app.server.url}/dashboard`);
  const menu = phone.getByRole('button', { name: 'Menu' });
  await menu.waitFor();
  expect(await phone.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
  await screenshot('phone-dashboard', phone);
  await menu.click();
  expect(await menu.getAttribute('aria-expanded')).toBe('true');
  await phone.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
  await phone.waitForURL('**/calendar');
  await phone.getByRole('navigation', { name: 'Main' }).waitFor({ state: 'hidden' }); // folds again after navigating
  await screenshot('phone-calendar', phone);
  await menu.click();
  await screenshot('phone-menu', phone);
  await phone.close();
});
