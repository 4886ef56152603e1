// The series page in a real browser: a series made over the API shows its rule, end and
// coming times on its own clock; Pause, Resume and Skip the next one change it, without
// JavaScript's help (plain forms). A series made in the web form: its summary and first
// posts before it is saved, a refusal beside the field it names, an edit that moves the
// coming times, and keeps the media of the thread's parts that the form does not show.
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { FakeMastodon } from '../fakes/mastodon';
import { PNG } from '../support/media-fixtures';

jest.setTimeout(240_000);

let app: WebApp;
let page: Page;
let context: BrowserContext;
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp();
  ({ page, context } = await app.newBerlinPage());
  page.on('console', (message) => {
    // a refused form answers 400, which the browser logs
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
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

/** The page from its top (the summary and the navigation stick to the top as it scrolls), on a laptop and on a phone. */
async function screenshotsAtBothWidths(name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a series made in the form: its summary and first posts before saving, a refusal beside its field, an edit that moves the coming times', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Series' }).click();
  await page.getByRole('link', { name: 'New series' }).click();
  await page.getByRole('heading', { name: 'New series' }).waitFor();
  const summary = page.getByRole('complementary', { name: 'Summary' });
  await summary.getByText('Choose when it repeats (at least one day of the week)').waitFor();

  await page.getByLabel('Name').fill('Midweek tips');
  // the demo channel, the team's only account, is chosen already
  expect(await page.getByRole('checkbox', { name: /demo/i }).isChecked()).toBe(true);
  await page.getByLabel('Text', { exact: true }).fill('Tip {{n}}: plan your week on {{date}}');
  await page.getByLabel('Monday').check();
  await page.getByLabel('Wednesday').check();
  await page.getByLabel('Time', { exact: true }).fill('09:00');
  await page.getByLabel('Time zone').selectOption('Europe/Berlin');
  await page.getByLabel('Starts on').fill('2027-03-01');
  await page.getByLabel('Number of posts').fill('3');
  await summary.getByText('Every week on Monday and Wednesday at 09:00 (Europe/Berlin), from 1 Mar 2027, 3 posts').waitFor();
  expect(await summary.getByRole('listitem').allTextContents()).toEqual([
    'Mon, 1 Mar 2027, 09:00',
    'Wed, 3 Mar 2027, 09:00',
    'Mon, 8 Mar 2027, 09:00',
  ]);
  await screenshotsAtBothWidths('series-new');

  // an end before the start: the summary says so at once, and the server refuses it beside the end date
  await page.getByLabel('End date').fill('2027-02-20');
  await summary.getByText('the end (2027-02-20) is before the start (2027-03-01)').waitFor();
  await page.getByRole('button', { name: 'Create series' }).click();
  const endDate = page.locator('.series-end-choice', { has: page.getByLabel('End date') });
  await endDate.getByRole('listitem').filter({ hasText: 'the end (2027-02-20) is before the start (2027-03-01)' }).waitFor();
  expect(await page.getByLabel('End date').getAttribute('aria-invalid')).toBe('true');
  // the form comes back as it was sent
  expect(await page.getByLabel('Name').inputValue()).toBe('Midweek tips');
  expect(await page.getByLabel('Monday').isChecked()).toBe(true);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'series-refused');

  await page.getByLabel('Number of posts').fill('3');
  expect(await page.getByRole('radio', { name: 'After' }).isChecked()).toBe(true);
  await page.getByRole('button', { name: 'Create series' }).click();
  const card = page.getByRole('region', { name: 'Midweek tips' });
  await card.getByText('Every week on Monday and Wednesday at 09:00 (Europe/Berlin); ends after 3 posts (3 to come)').waitFor();
  expect(await card.getByRole('list').first().getByRole('listitem').allTextContents()).toEqual([
    'Mon, 1 Mar 2027, 09:00',
    'Wed, 3 Mar 2027, 09:00',
    'Mon, 8 Mar 2027, 09:00',
  ]);

  await card.getByRole('link', { name: 'Edit Midweek tips' }).click();
  await page.getByRole('heading', { name: 'Edit Midweek tips' }).waitFor();
  await page.getByText('Your changes apply to the posts still to come.').waitFor();
  await page.getByText('It has not created a post yet.').waitFor();
  await page.getByLabel('Time', { exact: true }).fill('10:30');
  await summary.getByText('Every week on Monday and Wednesday at 10:30 (Europe/Berlin), from 1 Mar 2027, 3 posts').waitFor();
  expect(await summary.getByRole('listitem').allTextContents()).toEqual([
    'Mon, 1 Mar 2027, 10:30',
    'Wed, 3 Mar 2027, 10:30',
    'Mon, 8 Mar 2027, 10:30',
  ]);
  await screenshotsAtBothWidths('series-edit');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await card.getByText('Every week on Monday and Wednesday at 10:30 (Europe/Berlin); ends after 3 posts (3 to come)').waitFor();
  expect(await card.getByRole('list').first().getByRole('listitem').allTextContents()).toEqual([
    'Mon, 1 Mar 2027, 10:30',
    'Wed, 3 Mar 2027, 10:30',
    'Mon, 8 Mar 2027, 10:30',
  ]);
  await screenshot(page, 'series-edited');
  expect(consoleErrors).toEqual([]);
});

test('without JavaScript the series form is a plain form: every rule field is there, the server names what is missing', async () => {
  const plainContext = await app.browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() });
  try {
    const plain = await plainContext.newPage();
    await plain.goto(`${app.server.url}/series/new`);
    await plain.getByLabel('Name').fill('Plain Fridays');
    await plain.getByLabel('Text', { exact: true }).fill('Friday note {{n}}');
    await plain.getByLabel('Starts on').fill('2027-04-01');
    // weekly by default, and no day chosen yet
    await plain.getByRole('button', { name: 'Create series' }).click();
    const days = plain.getByRole('group', { name: 'On (weekly)' });
    await days.getByText('choose at least one day of the week').waitFor();
    expect(await plain.getByLabel('Name').inputValue()).toBe('Plain Fridays');
    await screenshot(plain, 'series-no-javascript-refused');

    await plain.getByLabel('Friday').check();
    await plain.getByRole('button', { name: 'Create series' }).click();
    await plain.waitForURL(/\/series(#.*)?$/);
    const card = plain.getByRole('region', { name: 'Plain Fridays' });
    // the zone is the profile's: the browser's at sign-up
    await card.getByText('Every week on Friday at 09:00 (Europe/Berlin); no end').waitFor();
    await card.getByRole('listitem').first().filter({ hasText: 'Fri, 2 Apr 2027, 09:00' }).waitFor();
  } finally {
    await plainContext.close();
  }
});

test("editing a series in the form keeps the media of its thread's parts, which the form does not show", async () => {
  // threads are published on Mastodon (the demo feed takes single posts)
  const mastodon = await new FakeMastodon().start();
  const toot = await apiWrite('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  const { csrfToken } = await (await page.request.get(`${app.server.url}/api/v1/auth/csrf`)).json();
  const uploaded = await page.request.post(`${app.server.url}/api/v1/media`, {
    multipart: { file: { name: 'photo.png', mimeType: 'image/png', buffer: PNG } },
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(uploaded.status()).toBe(201);
  const mediaId = (await uploaded.json()).id;
  const series = await apiWrite('/api/v1/series', {
    name: 'Friday threads',
    content: 'Thread {{n}} starts here',
    connectionIds: [toot.id],
    thread: [
      { content: 'The picture', media: [mediaId] },
      { content: 'The end', media: [] },
    ],
    rule: { frequency: 'weekly', days: ['FRIDAY'] },
    time: '09:00',
    timeZone: 'Europe/Berlin',
    startDate: '2027-03-01',
    end: { type: 'after', count: 2 },
  });
  const threadOf = async () =>
    (await (await page.request.get(`${app.server.url}/api/v1/series/${series.id}`)).json()).thread as Array<{
      content: string;
      media: string[];
    }>;

  const edit = async (change: () => Promise<void>) => {
    await page.goto(`${app.server.url}/series`);
    const card = page.getByRole('region', { name: 'Friday threads' });
    await card.getByRole('link', { name: 'Edit Friday threads' }).click();
    await page.getByRole('heading', { name: 'Edit Friday threads' }).waitFor();
    await change();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await card.waitFor();
  };
  // a change elsewhere leaves the parts as they are
  await edit(() => page.getByLabel('Time', { exact: true }).fill('10:30'));
  expect(await threadOf()).toEqual([
    { content: 'The picture', media: [mediaId] },
    { content: 'The end', media: [] },
  ]);
  // a part's new text keeps the part's media
  await edit(() => page.getByLabel('Part 2').fill('The picture, described'));
  expect(await threadOf()).toEqual([
    { content: 'The picture, described', media: [mediaId] },
    { content: 'The end', media: [] },
  ]);
  await mastodon.stop();
});
