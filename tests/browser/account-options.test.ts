// Per-account platform options in a real browser, against the real server, worker, Temporal
// and PostgreSQL: Reddit connected through the OAuth fake on the Connections page, then the
// composer asks for the account's subreddit and title under it, refuses to send without
// them, and the post reaches the Reddit contract fake in that subreddit with that title;
// a Pinterest account's board is chosen from the boards the composer reads for it; a TikTok
// video sent to the creator's inbox, which the post page names instead of a link.
import { FAKE_ACCOUNTS, FakeOAuthProvider } from '../fakes/oauth-provider';
import { FakePinterest } from '../fakes/pinterest';
import { FakeReddit } from '../fakes/reddit';
import { FakeTikTok } from '../fakes/tiktok';
import { MP4 } from '../support/media-fixtures';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { waitFor } from '../support/harness';

jest.setTimeout(240_000);

const provider = new FakeOAuthProvider();
const reddit = new FakeReddit(provider);
const pinterest = new FakePinterest(provider);
const tiktok = new FakeTikTok(provider);
let app: WebApp;

beforeAll(async () => {
  await Promise.all([provider.start(), reddit.start(), pinterest.start(), tiktok.start()]);
  app = await startWebApp({
    withWorker: true,
    env: {
      ...provider.env(),
      REDDIT_API_BASE_URL: reddit.url,
      PINTEREST_API_BASE_URL: pinterest.url,
      TIKTOK_API_BASE_URL: tiktok.url,
      REDDIT_USER_AGENT: 'web:planrrr:test (by /u/planrrr)',
    },
  });
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), provider.stop(), reddit.stop(), pinterest.stop(), tiktok.stop()]);
});

test('an editor connects Reddit, gives the post its subreddit and title under the account, and Reddit receives them', async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Rosa');
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('link', { name: 'Connect Reddit' }).click();
  await page.waitForURL('**/connections?oauth=connected*');

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated: the live checks run
  await page.getByLabel('Text', { exact: true }).fill('What we shipped this week');
  const options = page.getByRole('group', { name: `Options for Reddit u/${FAKE_ACCOUNTS.reddit.name}` });
  await options.waitFor();
  // without a subreddit and a title the rules refuse, beside each field
  await options.getByRole('status').getByText('Reddit: subreddit is required').waitFor();
  expect(await page.getByRole('button', { name: 'Publish now' }).isDisabled()).toBe(true);

  await options.getByLabel('Subreddit').fill('r/planrrr');
  await options.getByLabel('Title').fill('Weekly update');
  await screenshot(page, 'composer-reddit-options');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);

  const published = await waitFor(
    async () => reddit.posts.find((candidate) => candidate.text === 'What we shipped this week'),
    (post) => post !== undefined,
    60_000,
  );
  expect(published).toMatchObject({ subreddit: 'planrrr', title: 'Weekly update', kind: 'self' });
});

test("a Pinterest account's board is chosen from its boards, read for it when it is chosen", async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Paloma');
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('link', { name: 'Connect Pinterest' }).click();
  await page.waitForURL('**/connections?oauth=connected*');

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor();
  await page.getByLabel('Text', { exact: true }).fill('Our lemon tart');
  const options = page.getByRole('group', { name: `Options for Pinterest ${FAKE_ACCOUNTS.pinterest.username}` });
  await options.getByRole('status').getByText('Pinterest: boardId is required').waitFor();
  const board = options.getByLabel('Board');
  await board.locator('option', { hasText: 'Recipes' }).waitFor({ state: 'attached' });
  expect(await board.locator('option').allTextContents()).toEqual(['Choose a board', 'Garden', 'Recipes']);
  await board.selectOption({ label: 'Recipes' });
  await screenshot(page, 'composer-pinterest-board');
  expect(await options.getByText('Pinterest: boardId is required').count()).toBe(0);
});

test("a TikTok video goes to the creator's inbox: the mode under the account, and the post page says where it went", async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Tamsin');
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('link', { name: 'Connect TikTok' }).click();
  await page.waitForURL('**/connections?oauth=connected*');

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor();
  await page.getByLabel('Text', { exact: true }).fill('Behind the counter');
  const options = page.getByRole('group', { name: `Options for TikTok ${FAKE_ACCOUNTS.tiktok.display_name}` });
  await options
    .getByRole('status')
    .getByText(/TikTok: mode must be 'direct'/)
    .waitFor();
  await page.locator('input[type="file"]').setInputFiles({ name: 'counter.mp4', mimeType: 'video/mp4', buffer: MP4 });
  await options.getByLabel('Mode').selectOption('inbox');
  const publish = page.getByRole('button', { name: 'Publish now' });
  await waitFor(
    () => publish.isEnabled(),
    (enabled) => enabled,
    30_000,
  );
  await screenshot(page, 'composer-tiktok-inbox');
  await publish.click();
  await page.waitForURL(/\/posts\/[^/]+$/);

  await waitFor(
    async () => {
      await page.reload();
      return page.getByText('Sent to the TikTok inbox: finish the post in the TikTok app').count();
    },
    (count) => count === 1,
    60_000,
    1_000,
  );
  expect(tiktok.videos.filter((video) => video.mode === 'inbox')).toHaveLength(1);
  await screenshot(page, 'post-sent-to-tiktok-inbox');
});
