// The queue page and "Add to queue" in the composer, in a real browser against the real
// server, worker, Temporal and PostgreSQL: slots set (a bad one named first), two posts
// added to the queue from the composer land in the coming slots, and one moves up.
import type { Page } from 'playwright-core';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(240_000);

let app: WebApp;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp({ withWorker: true });
  ({ page } = await app.newBerlinPage());
  page.on('console', (message) => {
    // the answer to the refused slot is a 400, which the browser logs
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await signUpInBrowser(page, app.server.url, 'Queenie');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();
});

afterAll(async () => {
  await app?.stop();
});

async function addToQueue(text: string): Promise<void> {
  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated
  await page.getByLabel('Text', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Add to queue' }).click();
  await page.waitForURL(/\/queue\?account=/);
}

test('slots are set on the queue page, the composer adds posts to the queue, and a post moves up', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' }).click();
  await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
  // the account's queue starts in the user's zone, without slots
  expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
  await page.getByText('No slots yet.').waitFor();

  const slots = page.getByRole('textbox', { name: 'Slots' });
  await slots.fill('mon 25:00');
  await page.getByRole('button', { name: 'Save slots' }).click();
  await page.getByText('time must be HH:MM between 00:00 and 23:59, e.g. 09:30').waitFor();

  await slots.fill(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].flatMap((day) => [`${day} 09:00`, `${day} 18:30`]).join('\n'));
  await page.getByRole('button', { name: 'Save slots' }).click();
  await page.getByRole('status').getByText('0 queued posts moved').waitFor();
  await page.locator('.queue-slot').nth(19).waitFor();
  expect(await page.locator('.queue-slot').count()).toBe(20);

  await addToQueue('First in the queue');
  await addToQueue('Second in the queue');
  const booked = page.locator('.queue-slot').filter({ has: page.getByRole('link') });
  expect(await booked.allTextContents()).toEqual([
    expect.stringContaining('First in the queue'),
    expect.stringContaining('Second in the queue'),
  ]);
  await screenshot(page, 'queue-two-posts');

  await page.getByRole('button', { name: 'Move up Second in the queue' }).click();
  await page.getByRole('status').getByText('2 queued posts moved').waitFor();
  expect(await booked.allTextContents()).toEqual([
    expect.stringContaining('Second in the queue'),
    expect.stringContaining('First in the queue'),
  ]);
  await screenshot(page, 'queue-moved-up');
  expect(consoleErrors).toEqual([]);
});
