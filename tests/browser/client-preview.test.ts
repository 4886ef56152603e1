// A client preview link, walked in a real browser: an editor shares a post from its page and
// a week from the calendar, copies the link shown once; a client without an account (and
// without JavaScript) opens it and sees the posts as each account will publish them, with
// the picture, the time in the editor's zone, and nothing of the app; a team member opening
// it sees the same, not their session; revoked, it says so. Desktop and phone width.
import type { Page } from 'playwright-core';
import { gridDays, shiftAnchor, todayIn } from '../../web/utils/calendar';
import { instantFromLocal } from '../../web/utils/time';
import { apiAsPage, EDITOR_TIME_ZONE, paintPicture, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(180_000);

let app: WebApp;
let page: Page;
let api: ReturnType<typeof apiAsPage>;
let picture: Buffer;
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp({ withWorker: true });
  let context;
  ({ context, page } = await app.newBerlinPage());
  api = apiAsPage(page, app.server.url);
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await signUpInBrowser(page, app.server.url, 'Petra');
  picture = await paintPicture(context, 'Spring sale', '#f97316,#db2777');
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await app?.stop();
});

/** Next week's Monday in Berlin (YYYY-MM-DD). */
function nextMonday(): string {
  return shiftAnchor('week', gridDays('week', todayIn(EDITOR_TIME_ZONE))[0]!, 1);
}

/** The instant of a wall-clock time on that Monday, or days after it, in Berlin. */
function berlinTime(monday: string, daysAfter: number, time: string): string {
  return instantFromLocal(`${shiftDays(monday, daysAfter)}T${time}`, EDITOR_TIME_ZONE)!;
}

function shiftDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

test('a shared post and week open for a client without an account, read-only, and a revoked link says so', async () => {
  const demo = await api.post('/api/v1/connections', { platform: 'demo', name: 'Bakery Berlin' });
  const media = await api.upload(
    '/api/v1/media',
    { name: 'sale.png', mimeType: 'image/png', buffer: picture },
    { altText: 'The spring sale poster' },
  );
  const monday = nextMonday();
  const sale = await api.post('/api/v1/posts', {
    content: 'Our spring sale starts Monday: 20% off every loaf 🥖',
    publishAt: berlinTime(monday, 0, '09:00'),
    timeZone: EDITOR_TIME_ZONE,
    connectionIds: [demo.id],
    media: [media.id],
  });
  await api.post('/api/v1/posts', {
    content: 'Wednesday: meet our bakers at the market',
    publishAt: berlinTime(monday, 2, '12:00'),
    connectionIds: [demo.id],
    draft: true,
  });

  // From the post's page: Share preview, name it, make the link, copy it.
  await page.goto(`${app.server.url}/posts/${sale.id}`);
  await page.getByRole('link', { name: 'Share preview' }).click();
  await page.waitForURL(`**/previews?post=${sale.id}`);
  await page.getByText('Of the post “Our spring sale').waitFor();
  await page.getByLabel('Name').fill('Spring sale for the bakery');
  await page.getByLabel('comment on posts').check();
  await screenshot(page, 'client-preview-share-post');
  await page.getByRole('button', { name: 'Make the link' }).click();
  const postLink = await page.getByLabel('Preview link').inputValue();
  expect(postLink).toMatch(new RegExp(`^${app.server.url}/preview/[\\w-]{40,}$`));
  await page
    .getByRole('row', { name: /Spring sale for the bakery/ })
    .getByText('Active')
    .waitFor();
  await screenshot(page, 'client-preview-link-made');

  // From the calendar's week: Share preview, with the defaults.
  await page.goto(`${app.server.url}/calendar?view=week&date=${monday}`);
  await page.getByRole('link', { name: 'Share preview' }).click();
  await page.getByText(/Of the week of/).waitFor();
  await page.getByLabel('approve posts').check();
  await page.getByRole('button', { name: 'Make the link' }).click();
  const weekLink = await page.getByLabel('Preview link').inputValue();

  // The client: another browser, no cookies, no JavaScript.
  const client = await app.browser.newContext({
    timezoneId: 'America/New_York',
    javaScriptEnabled: false,
    viewport: { width: 1280, height: 900 },
  });
  const clientPage = await client.newPage();
  const response = await clientPage.goto(postLink);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['x-robots-tag']).toContain('noindex');
  expect(await clientPage.locator('meta[name="robots"]').getAttribute('content')).toContain('noindex');
  await clientPage.getByRole('heading', { name: 'Spring sale for the bakery' }).waitFor();
  const preview = clientPage.getByRole('article', { name: 'Preview on Demo channel' });
  await preview.getByText('Our spring sale starts Monday: 20% off every loaf 🥖').waitFor();
  await preview.getByText('Bakery Berlin').waitFor();
  // the picture loads without a session, through its signed URL
  const src = await preview.getByRole('img', { name: 'The spring sale poster' }).getAttribute('src');
  const bytes = await client.request.get(new URL(src!, app.server.url).toString());
  expect(bytes.status()).toBe(200);
  expect(bytes.headers()['content-type']).toBe('image/png');
  // the time on the editor's wall clock (their browser's zone), named on the page
  await clientPage.getByText(/Times are in Europe\/Berlin/).waitFor();
  await clientPage.getByRole('heading', { name: /^Monday \d+ \w+.* 09:00$/ }).waitFor();
  // nothing of the app: no navigation, no log-in; only what the link allows (comments, not approval)
  expect(await clientPage.getByRole('navigation').count()).toBe(0);
  expect(await clientPage.getByRole('link', { name: 'Log in' }).count()).toBe(0);
  expect(await clientPage.getByRole('form', { name: 'Approve this post' }).count()).toBe(0);
  expect(await clientPage.getByText('Wednesday: meet our bakers').count()).toBe(0);
  await screenshot(clientPage, 'client-preview-post-desktop');

  // The client comments under their name, without JavaScript.
  const commentForm = clientPage.getByRole('form', { name: 'Comment on this post' });
  await commentForm.getByLabel('Your name').fill('Anna from the bakery');
  await commentForm.getByLabel('Comment').fill('Can we say 25% instead?');
  await commentForm.getByRole('button', { name: 'Send comment' }).click();
  await clientPage.getByText('Sent to the team.').waitFor();
  await clientPage.getByRole('list', { name: 'Sent to the team' }).getByText('Can we say 25% instead?').waitFor();
  await screenshot(clientPage, 'client-preview-commented');

  // The week, resolved now: both posts, in time order.
  await clientPage.goto(weekLink);
  await clientPage.getByText('Wednesday: meet our bakers at the market').waitFor();
  const headings = await clientPage.getByRole('heading', { level: 2 }).allTextContents();
  expect(headings).toHaveLength(2);
  expect(headings[0]).toMatch(/^Monday/);
  expect(headings[1]).toMatch(/^Wednesday/);
  // the comment was sent through the other link: this one does not show it
  expect(await clientPage.getByText('Can we say 25% instead?').count()).toBe(0);
  await clientPage.setViewportSize({ width: 390, height: 844 });
  await screenshot(clientPage, 'client-preview-week-phone');

  // The client approves Monday's post. Approval is off in this team: the team has their word.
  const approveForm = clientPage.getByRole('form', { name: 'Approve this post' }).first();
  await approveForm.getByLabel('Your name').fill('Anna from the bakery');
  await approveForm.getByRole('button', { name: 'Approve this post' }).click();
  await clientPage.getByText('Thank you: the team has your approval.').waitFor();
  await screenshot(clientPage, 'client-preview-approved-phone');

  // The team reads both on the post's page, under the client's name.
  await page.goto(`${app.server.url}/posts/${sale.id}`);
  const thread = page.locator('#comments');
  await thread.getByText('Can we say 25% instead?').waitFor();
  await thread.getByText('Approved by the client').waitFor();
  expect(await thread.getByText('Anna from the bakery (client)').count()).toBe(2);

  // A team member opening the link sees the client's page, not their session.
  await page.goto(postLink);
  await page.getByRole('heading', { name: 'Spring sale for the bakery' }).waitFor();
  expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);

  // Revoked: the client's next visit says so.
  await page.goto(`${app.server.url}/previews`);
  await page.getByRole('button', { name: 'Revoke Spring sale for the bakery' }).click();
  await page
    .getByRole('row', { name: /Spring sale for the bakery/ })
    .getByText('Revoked')
    .waitFor();
  const gone = await clientPage.goto(postLink);
  expect(gone?.status()).toBe(410);
  await clientPage.getByRole('heading', { name: 'This preview link was revoked' }).waitFor();
  expect(await clientPage.getByText('Our spring sale').count()).toBe(0);
  await screenshot(clientPage, 'client-preview-revoked-phone');
  await client.close();
});
