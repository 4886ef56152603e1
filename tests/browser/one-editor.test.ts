// One editor for every post, walked as a planner would in a real browser against the real
// server, worker, Temporal and PostgreSQL: an idea saved with text alone, found in drafts,
// opened in the composer, given an image, a label, a time and its own time zone, scheduled,
// seen on the calendar with its thumbnail; every problem named at once before sending;
// cancelling asks first and restoring brings the post back; duplicating opens the copy in
// the composer; deleting a draft asks first. At desktop and phone width, with no console error.
import type { Page } from 'playwright-core';
import { PNG } from '../support/media-fixtures';
import { apiAsPage, loadedImage, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { waitFor } from '../support/harness';

jest.setTimeout(240_000);

let app: WebApp;
let page: Page;
let api: ReturnType<typeof apiAsPage>;
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp({ withWorker: true });
  ({ page } = await app.newBerlinPage());
  api = apiAsPage(page, app.server.url);
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await signUpInBrowser(page, app.server.url, 'Ines');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await app?.stop();
});

/** A day `days` ahead, as the date part of a datetime-local value. */
function dayAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function openComposer(url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('dropzone').waitFor(); // hydrated: the composer's checks run
}

test('an idea is saved with text alone, found in drafts, planned in the composer and scheduled', async () => {
  const label = await api.post('/api/v1/labels', { name: 'Launch', colour: '#d97706' });

  // Every problem at once, before anything is sent: no text, no time, no account.
  await openComposer(`${app.server.url}/compose`);
  await page.getByRole('checkbox', { name: /Demo/ }).uncheck();
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.getByText('Write something to publish').waitFor();
  await page.getByText('Choose at least one account to publish to').waitFor();
  await page.getByText('Choose when to publish').waitFor();
  expect(page.url()).toBe(`${app.server.url}/compose`);
  await screenshot(page, 'composer-every-problem-at-once');

  // An idea: text alone is a draft.
  await page.getByLabel('Text', { exact: true }).fill('Teaser for the spring launch');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  const postId = page.url().split('/').at(-1)!;
  const heading = page.getByRole('heading', { name: /^Post/ });
  await heading.getByText('Draft').waitFor();
  await page.getByText('No date yet').waitFor();
  // a draft has no workflow: nothing says the scheduler did not answer, nothing links to an empty Web UI page
  expect(await page.getByText('The scheduler did not answer').count()).toBe(0);
  expect(await page.getByRole('link', { name: 'Open in Temporal Web UI' }).count()).toBe(0);

  // Found among the drafts.
  await page.goto(`${app.server.url}/posts?status=DRAFT`);
  await page.getByRole('link', { name: 'Teaser for the spring launch' }).click();
  await page.waitForURL(`**/posts/${postId}`);

  // Planned in the composer: an account, an image, a label, a time in New York's zone.
  await page.getByRole('link', { name: 'Edit draft' }).click();
  await page.waitForURL(`**/posts/${postId}/edit`);
  await page.getByTestId('dropzone').waitFor();
  expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe('Teaser for the spring launch');
  await page.getByRole('checkbox', { name: /Demo/ }).check();
  await page.locator('input[type="file"]').setInputFiles({ name: 'teaser.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('img[data-uploaded]').waitFor();
  await page.getByRole('checkbox', { name: 'Launch' }).check();
  const day = dayAhead(3);
  await page.locator('input[name="publishAt"]').fill(`${day}T09:00`);
  await page.getByLabel('Time zone').selectOption('America/New_York');
  await screenshot(page, 'composer-editing-a-draft');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(`**/posts/${postId}`);
  await heading.getByText('Scheduled').waitFor();

  const post = await api.get(`/api/v1/posts/${postId}`);
  expect(post).toMatchObject({ status: 'SCHEDULED', timeZone: 'America/New_York', labels: [{ id: label.id, name: 'Launch' }] });
  expect(post.media).toHaveLength(1);
  // 09:00 in New York
  expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', timeStyle: 'short' }).format(new Date(post.publishAt))).toBe(
    '09:00',
  );
  // the page shows the image, the label and the zone the time was chosen in
  expect((await loadedImage(page.locator('.post-media img'))).naturalWidth).toBeGreaterThan(0);
  await page.locator('.label-chips').getByText('Launch').waitFor();
  await page.getByText(/\(09:00 in America\/New_York\)/).waitFor();
  await screenshot(page, 'post-scheduled-from-a-draft');

  // On the calendar, on its day (in Berlin), with its thumbnail.
  await page.goto(`${app.server.url}/calendar?view=month&date=${day}`);
  const chip = page.locator(`li[data-post-id="${postId}"]`);
  await chip.waitFor();
  expect((await loadedImage(chip.locator('img'))).naturalWidth).toBeGreaterThan(0);

  // A scheduled post is edited in the same composer; its changes reach the workflow.
  await page.goto(`${app.server.url}/posts/${postId}`);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.getByTestId('dropzone').waitFor();
  expect(await page.locator('input[name="publishAt"]').inputValue()).toBe(`${day}T09:00`);
  expect(await page.getByLabel('Time zone').inputValue()).toBe('America/New_York');
  await page.getByLabel('Text', { exact: true }).fill('Teaser for the spring launch: three days to go');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(`**/posts/${postId}`);
  await page.locator('.post-content').getByText('three days to go').waitFor();
  expect((await api.get(`/api/v1/posts/${postId}`)).workflow.content).toBe('Teaser for the spring launch: three days to go');
});

test('cancelling asks first, and a cancelled post is restored; a duplicate opens in the composer; deleting a draft asks first', async () => {
  const created = await api.post('/api/v1/posts', {
    content: 'Webinar reminder',
    publishAt: new Date(Date.now() + 86_400_000).toISOString(),
    connectionIds: [(await api.get('/api/v1/connections')).data[0].id],
  });
  await page.goto(`${app.server.url}/posts/${created.id}`);
  await page.getByText('Cancel this post…').click();
  await screenshot(page, 'post-cancel-asks-first');
  await page.getByRole('button', { name: 'Yes, cancel it' }).click();
  const heading = page.getByRole('heading', { name: /^Post/ });
  await heading.getByText('Cancelled').waitFor();

  // Restored as a draft (the cancelled run may take a moment to close)
  await page.getByRole('button', { name: 'Restore' }).click();
  await heading.getByText('Draft').waitFor();
  expect((await api.get(`/api/v1/posts/${created.id}`)).status).toBe('DRAFT');

  // Duplicate: the copy opens in the composer as a new draft
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await page.waitForURL(/\/posts\/[^/]+\/edit$/);
  const copyId = page.url().split('/').at(-2)!;
  expect(copyId).not.toBe(created.id);
  await page.getByRole('heading', { name: 'Edit draft' }).waitFor();
  expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe('Webinar reminder');

  // Deleting the copy asks first
  await page.goto(`${app.server.url}/posts/${copyId}`);
  await page.getByText('Delete draft…').click();
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  await page.waitForURL('**/posts?status=DRAFT');
  await waitFor(
    () => page.request.get(`${app.server.url}/api/v1/posts/${copyId}`),
    (response) => response.status() === 404,
    10_000,
  );
});

test('the composer and the editor at phone width', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await openComposer(`${app.server.url}/compose`);
    await screenshot(page, 'composer-new-post-phone');
    const [draft] = (await api.get('/api/v1/posts?status=DRAFT')).data;
    await openComposer(`${app.server.url}/posts/${draft.id}/edit`);
    await screenshot(page, 'composer-editing-phone');
    // nothing wider than the screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});
