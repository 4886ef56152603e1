// The series page in a real browser: a series made over the API shows its rule, end and
// coming times on its own clock; Pause, Resume and Skip the next one change it, without
// JavaScript's help (plain forms); a firing's post is linked.
import type { Page } from 'playwright-core';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(240_000);

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp();
  ({ page } = await app.newBerlinPage());
  await signUpInBrowser(page, app.server.url, 'Selma');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();
});

afterAll(async () => {
  await app?.stop();
});

async function apiWrite(pathname: string, data: object) {
  const { csrfToken } = await (await page.request.get(`${app.server.url}/api/v1/auth/csrf`)).json();
  const response = await page.request.post(`${app.server.url}${pathname}`, { data, headers: { 'x-csrf-token': csrfToken } });
  expect(response.status()).toBe(201);
  return response.json();
}

test('a series shows its rule and coming times; pause, resume and skip the next one', async () => {
  const demoId = (await (await page.request.get(`${app.server.url}/api/v1/connections`)).json()).data[0].id;
  await apiWrite('/api/v1/series', {
    name: 'Tuesday tips',
    content: 'Tip {{n}}',
    connectionIds: [demoId],
    rule: { frequency: 'weekly', days: ['TUESDAY'] },
    time: '09:00',
    timeZone: 'America/New_York',
    startDate: '2027-03-01',
    end: { type: 'after', count: 4 },
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Series' }).click();
  const card = page.getByRole('region', { name: 'Tuesday tips' });
  await card.getByText('Every week on Tuesday at 09:00 (America/New_York); ends after 4 posts (4 to come)').waitFor();
  // New York's clock, whatever the reader's
  await card.getByRole('listitem').filter({ hasText: '2 Mar 2027, 09:00' }).waitFor();
  await screenshot(page, 'series');

  await card.getByRole('button', { name: 'Skip the next one of Tuesday tips' }).click();
  await card.getByRole('listitem').first().filter({ hasText: '9 Mar 2027, 09:00' }).waitFor();
  await card.getByRole('button', { name: 'Pause Tuesday tips' }).click();
  await card.getByText('; paused').waitFor();
  await card.getByRole('button', { name: 'Resume Tuesday tips' }).click();
  await card.getByRole('button', { name: 'Pause Tuesday tips' }).waitFor();
});
