// The Posts page as a planner uses it, in a real browser against the real server,
// Temporal and PostgreSQL: newest first, with thumbnails, labels and accounts; search,
// filters by label, status, account and publish day, sort, paging, all in the URL (and
// without JavaScript); a bad link named on the page; a post planned in another zone shows
// that zone's clock beside the editor's. Then the Connections page: a platform
// this server has no OAuth app for is shown greyed, with what its admin must set.
import type { BrowserContext, Page } from 'playwright-core';
import { FakeMastodon } from '../fakes/mastodon';
import {
  apiAsPage,
  connectDemoAndMastodon,
  loadedImage,
  paintPicture,
  screenshot,
  signUpInBrowser,
  startWebApp,
  type WebApp,
} from '../support/browser';

jest.setTimeout(240_000);

const DOCS_URL = 'https://docs.example.org/planrrr/docs';
const DAY_MS = 24 * 60 * 60 * 1000;
const mastodon = new FakeMastodon();
let app: WebApp;
let context: BrowserContext;
let page: Page;
let api: ReturnType<typeof apiAsPage>;
const consoleErrors: string[] = [];

beforeAll(async () => {
  [app] = await Promise.all([startWebApp({ env: { DOCS_URL } }), mastodon.start()]);
  ({ context, page } = await app.newBerlinPage());
  api = apiAsPage(page, app.server.url);
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), mastodon.stop()]);
});

/** The texts of the listed posts, top to bottom. */
const listed = (on = page) => on.locator('.post-list .post-content').allTextContents();

/**
 * Waits until the list shows `expected` (React renders a navigation's data in a
 * transition, a moment after the URL changes), then checks it.
 */
async function expectListed(expected: string[], on = page): Promise<void> {
  const deadline = Date.now() + 10_000;
  let shown = await listed(on);
  while (JSON.stringify(shown) !== JSON.stringify(expected) && Date.now() < deadline) {
    await on.waitForTimeout(100);
    shown = await listed(on);
  }
  expect(shown).toEqual(expected);
}
const row = (text: string) => page.locator('.post-row', { hasText: text });

/** Fills the filter form as a person would and applies it. */
async function applyFilters(values: {
  search?: string;
  status?: string;
  account?: string;
  label?: string;
  from?: string;
  to?: string;
  sort?: string;
}) {
  const form = page.getByRole('search', { name: 'Search and filter posts' });
  await form.getByRole('searchbox', { name: 'Search' }).fill(values.search ?? '');
  await form.getByLabel('Status').selectOption(values.status ?? '');
  await form.getByLabel('Account').selectOption(values.account ?? '');
  await form.getByLabel('Label').selectOption(values.label ?? '');
  await form.getByLabel('From').fill(values.from ?? '');
  await form.getByLabel('To').fill(values.to ?? '');
  if (values.sort) await form.getByLabel('Sort').selectOption({ label: values.sort });
  const before = page.url();
  await form.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL((url) => url.toString() !== before);
}

/** The Berlin calendar day of an instant, as a date field takes it. */
const berlinDay = (instant: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(instant);

const SALE = 'Spring sale starts Monday: 20% off everything in the shop';
const IDEA = 'Idea: a thread about how the spring sale came together';
const STUDIO = 'Behind the scenes at the studio this week';

test('a planner finds posts by text, label, status, account and day, newest first, and pages through them', async () => {
  await signUpInBrowser(page, app.server.url, 'Petra');
  await page.getByRole('link', { name: 'Posts' }).click();
  await page.getByText('Connect an account first').waitFor();
  await connectDemoAndMastodon(page, mastodon.url);

  const connections: Array<{ id: string; platform: string }> = (await api.get('/api/v1/connections')).data;
  const demo = connections.find((connection) => connection.platform === 'DEMO')!.id;
  const mastodonAccount = connections.find((connection) => connection.platform === 'MASTODON')!.id;
  const label = await api.post('/api/v1/labels', { name: 'Spring sale', colour: '#e4572e' });
  const picture = await paintPicture(context, 'SALE', '#f97316,#ec4899');
  const image = await api.upload('/api/v1/media', { name: 'sale.png', mimeType: 'image/png', buffer: picture });
  const now = Date.now();
  const studioAt = new Date(now + DAY_MS);
  // planned from New York: at 14:00 UTC, the same day there as in Berlin
  const saleAt = new Date(`${new Date(now + 3 * DAY_MS).toISOString().slice(0, 10)}T14:00:00Z`);
  await api.post('/api/v1/posts', { content: STUDIO, publishAt: studioAt.toISOString(), connectionIds: [demo] });
  await api.post('/api/v1/posts', {
    content: SALE,
    publishAt: saleAt.toISOString(),
    timeZone: 'America/New_York',
    connectionIds: [demo, mastodonAccount],
    media: [image.id],
    labelIds: [label.id],
  });
  await api.post('/api/v1/posts', {
    content: IDEA,
    publishAt: new Date(now + 5 * DAY_MS).toISOString(),
    connectionIds: [demo],
    draft: true,
  });

  // Newest publish time first, each with its status, accounts, labels and first image.
  await page.goto(`${app.server.url}/posts`);
  await expectListed([IDEA, SALE, STUDIO]);
  await row(IDEA).getByText('Draft', { exact: true }).waitFor();
  expect(await row(IDEA).getAttribute('class')).toContain('post-row-draft');
  await row(SALE).getByText('Scheduled', { exact: true }).waitFor();
  await row(SALE).getByRole('list', { name: 'Labels' }).getByText('Spring sale').waitFor();
  await row(SALE).getByRole('list', { name: 'Accounts' }).getByText('@alice', { exact: false }).waitFor();
  expect(await loadedImage(row(SALE).locator('.post-thumbnail img'))).toEqual({
    naturalWidth: 480,
    src: `/api/v1/media/${image.id}/content`,
  });
  expect(await row(STUDIO).locator('.post-thumbnail').count()).toBe(0);
  // the time in Berlin, the editor's zone, and on New York's clock, where the sale was planned
  const clock = (timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, timeStyle: 'short' }).format(saleAt);
  expect(await row(SALE).locator('time').textContent()).toContain(clock('Europe/Berlin'));
  expect(await row(SALE).locator('.time-zone').textContent()).toBe(`(${clock('America/New_York')} in America/New_York)`);
  expect(await row(STUDIO).locator('.time-zone').count()).toBe(0);
  await page.getByRole('link', { name: 'New post' }).waitFor();
  await page.getByRole('link', { name: 'This team’s workflows in the Temporal Web UI' }).waitFor();
  await screenshot(page, 'posts-list');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'posts-list-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Search in the text, ignoring case; the URL holds the search, so it can be shared.
  await applyFilters({ search: 'spring' });
  expect(new URL(page.url()).searchParams.get('q')).toBe('spring');
  await expectListed([IDEA, SALE]);
  expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('spring');

  await applyFilters({ label: label.id });
  await expectListed([SALE]);
  await screenshot(page, 'posts-list-by-label');

  await applyFilters({ status: 'DRAFT' });
  await expectListed([IDEA]);

  await applyFilters({ account: mastodonAccount });
  await expectListed([SALE]);

  // A publish day in the user's zone (Berlin), both ends included.
  await applyFilters({ from: berlinDay(studioAt), to: berlinDay(studioAt) });
  await expectListed([STUDIO]);

  await applyFilters({ sort: 'Oldest first' });
  await expectListed([STUDIO, SALE, IDEA]);
  await applyFilters({ sort: 'Recently created' });
  await expectListed([IDEA, SALE, STUDIO]);

  await applyFilters({ search: 'zebra', status: 'SCHEDULED' });
  await page.getByText('No posts match these filters.').waitFor();
  await screenshot(page, 'posts-list-no-match');
  await page.getByRole('main').getByRole('link', { name: 'Clear filters' }).first().click();
  await page.waitForURL((url) => url.search === '');
  await expectListed([IDEA, SALE, STUDIO]);

  // A link with values the form never sends is explained on the page, not a server error.
  const bad = await page.goto(`${app.server.url}/posts?status=LOST&from=yesterday`);
  expect(bad?.status()).toBe(200);
  const alert = page.getByRole('alert');
  await alert.getByText(/^Status must be one of DRAFT, PENDING_APPROVAL, SCHEDULED/).waitFor();
  await alert.getByText('From must be a date such as 2026-12-31').waitFor();
  await screenshot(page, 'posts-list-bad-link');

  // Paging: 50 posts a page, the next one continuing where it ended.
  for (let index = 1; index <= 50; index += 1) {
    await api.post('/api/v1/posts', {
      content: `Filler ${String(index).padStart(2, '0')}`,
      publishAt: new Date(now + 60 * 60 * 1000 + index * 60 * 1000).toISOString(),
      connectionIds: [demo],
      draft: true,
    });
  }
  await page.goto(`${app.server.url}/posts`);
  const first = await listed();
  expect(first).toHaveLength(50);
  expect(first.slice(0, 4)).toEqual([IDEA, SALE, STUDIO, 'Filler 50']);
  expect(await page.getByRole('link', { name: 'Back to the start' }).count()).toBe(0);
  await page.getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL(/cursor=/);
  await expectListed(['Filler 03', 'Filler 02', 'Filler 01']);
  expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
  await page.getByRole('link', { name: 'Back to the start' }).click();
  await page.waitForURL((url) => !url.search.includes('cursor'));
  await expectListed(first);
});

test('without JavaScript the filters are a plain form: the search still narrows the list', async () => {
  const plainContext = await app.browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() });
  try {
    const plain = await plainContext.newPage();
    await plain.goto(`${app.server.url}/posts`);
    await plain.getByRole('searchbox', { name: 'Search' }).fill('studio');
    await plain.getByRole('button', { name: 'Apply' }).click();
    await plain.waitForURL(/q=studio/);
    await expectListed([STUDIO], plain);
  } finally {
    await plainContext.close();
  }
});

test('a platform this server has no OAuth app for is shown greyed, with what its admin must set and where that is explained', async () => {
  await page.goto(`${app.server.url}/connections`);
  const connect = page.getByRole('region', { name: 'Connect an account' });
  for (const [name, variables] of [
    ['X', 'X_CLIENT_ID and X_CLIENT_SECRET'],
    ['Facebook', 'FACEBOOK_APP_ID and FACEBOOK_APP_SECRET'],
    ['Instagram', 'FACEBOOK_APP_ID and FACEBOOK_APP_SECRET'],
    ['YouTube', 'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET'],
    ['LinkedIn', 'LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET'],
  ] as const) {
    const option = connect.getByRole('listitem').filter({ hasText: `${name} needs` });
    await option.getByText('Not set up on this server').waitFor();
    expect(await option.locator('.hint').textContent()).toContain(`its administrator sets ${variables}, then restarts planrrr.`);
    expect(await option.getByRole('link', { name: 'Registering the OAuth apps' }).getAttribute('href')).toBe(
      `${DOCS_URL}/platforms.md#registering-the-oauth-apps`,
    );
    expect(await connect.getByRole('link', { name: `Connect ${name}` }).count()).toBe(0);
  }
  await connect.getByText('Instagram needs a Facebook app registered for this server').waitFor();
  // the platforms that need no app are there to connect, as before
  await page.getByRole('button', { name: 'Connect Mastodon' }).waitFor();
  await page.getByRole('button', { name: 'Connect Bluesky' }).waitFor();
  await page.getByRole('button', { name: 'Add another demo channel' }).waitFor();
  await screenshot(page, 'connections-unconfigured-platforms');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'connections-unconfigured-platforms-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
});
