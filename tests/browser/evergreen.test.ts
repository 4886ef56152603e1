// The evergreen page in a real browser: a set made with the form fills the account's empty
// queue slot with a copy of its post; Refill now says what it did; Delete asks first.
import type { Page } from 'playwright-core';
import { WEEKDAYS } from '../../domain/queue-slots';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(240_000);

let app: WebApp;
let page: Page;

beforeAll(async () => {
  // the set's workflow books the copies
  app = await startWebApp({ withWorker: true });
  ({ page } = await app.newBerlinPage());
  await signUpInBrowser(page, app.server.url, 'Evie');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();
});

afterAll(async () => {
  await app?.stop();
});

async function apiWrite(method: 'POST' | 'PUT', pathname: string, data: object) {
  const { csrfToken } = await (await page.request.get(`${app.server.url}/api/v1/auth/csrf`)).json();
  const response = await page.request.fetch(`${app.server.url}${pathname}`, { method, data, headers: { 'x-csrf-token': csrfToken } });
  expect(response.ok()).toBe(true);
  return response.json();
}

test('create a set with the form; it books a copy in the empty slot; refill now; delete after confirming', async () => {
  const demo = (await (await page.request.get(`${app.server.url}/api/v1/connections`)).json()).data[0];
  // one slot, every day, two hours from now
  const at = new Date(Date.now() + 2 * 3600_000);
  const time = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  await apiWrite('PUT', `/api/v1/connections/${demo.id}/queue`, { timeZone: 'UTC', slots: WEEKDAYS.map((day) => ({ day, time })) });
  await apiWrite('POST', '/api/v1/posts', { content: 'Our evergreen guide', connectionIds: [], draft: true });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Evergreen' }).click();
  const form = page.getByRole('region', { name: 'New evergreen set' });
  await form.getByRole('button', { name: 'Create set' }).click();
  // nothing chosen: the refusals stand beside their fields
  await form.getByText('Name the set').waitFor();

  await form.getByLabel('Name').fill('Guides');
  await form.getByRole('checkbox', { name: demo.handle }).check();
  await form.getByRole('radio', { name: 'These posts, in this order' }).check();
  await form.getByRole('checkbox', { name: /Our evergreen guide/ }).check();
  await form.getByLabel('Minimum gap, in days').fill('3');
  await form.getByRole('button', { name: 'Create set' }).click();

  const card = page.getByRole('region', { name: 'Guides' });
  await card.getByText('never one again within 3 days on an account').waitFor();
  // the workflow books the first slot; the page shows it once it has
  await card.getByRole('button', { name: 'Refill now Guides' }).click();
  await card.getByRole('status').waitFor();
  await page.reload();
  await card.getByRole('link', { name: 'Our evergreen guide' }).first().waitFor();
  await screenshot(page, 'evergreen');

  await card.getByRole('link', { name: 'Delete Guides' }).click();
  await page.getByRole('form', { name: 'Delete Guides?' }).getByRole('button', { name: 'Delete set' }).click();
  await page.getByText('No evergreen sets yet.').waitFor();
});
