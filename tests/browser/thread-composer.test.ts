// A thread with a first comment, composed in a real browser against the real server,
// worker, Temporal and PostgreSQL, for a Mastodon and a Bluesky account (their contract
// fakes): a text too long for Bluesky split into parts at sentence boundaries, a counter
// per part and account, previews of every part and the comment, then the thread published
// on both platforms, each part replying to the one before and the comment after the last,
// and the post page listing the parts and the comment's status. At desktop and phone width.
import type { Page } from 'playwright-core';
import { FakeBluesky } from '../fakes/bluesky';
import { FakeMastodon } from '../fakes/mastodon';
import { apiAsPage, berlinWallClock, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(240_000);

const mastodon = new FakeMastodon();
const bluesky = new FakeBluesky();
let app: WebApp;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  await Promise.all([mastodon.start(), bluesky.start()]);
  app = await startWebApp({ withWorker: true, env: { BLUESKY_DEFAULT_SERVICE_URL: bluesky.url } });
  ({ page } = await app.newBerlinPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), mastodon.stop(), bluesky.stop()]);
});

/** A sentence of 200 characters: a capital after a full stop is where the next sentence starts */
const sentence = (word: string) => `${word[0]!.toUpperCase()}${word.slice(1)} ${`${word} `.repeat(38)}${word}.`;

test('a three-part thread with a first comment is composed for Mastodon and Bluesky and published on both', async () => {
  await signUpInBrowser(page, app.server.url, 'Tessa');
  const api = apiAsPage(page, app.server.url);
  await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  await api.post('/api/v1/connections', { platform: 'bluesky', handle: 'alice.bsky.social', appPassword: 'alice-app-password' });

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated: the live checks run
  await page.getByRole('checkbox', { name: /Mastodon/ }).check();
  await page.getByRole('checkbox', { name: /Bluesky/ }).check();

  // three sentences of 200 characters: too long for Bluesky's 300 in one post
  const [first, second, third] = [sentence('tick'), sentence('tock'), sentence('ting')];
  await page.getByLabel('Text', { exact: true }).fill(`${first} ${second} ${third}`);
  await page.getByTestId('counter-BLUESKY').getByText('602/300').waitFor();
  await page.getByRole('button', { name: 'Split into parts' }).click();
  expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(first);
  expect(await page.getByRole('textbox', { name: 'Part 2' }).inputValue()).toBe(second);
  expect(await page.getByRole('textbox', { name: 'Part 3' }).inputValue()).toBe(third);
  await page.getByTestId('counter-BLUESKY-part-3').getByText('200/300').waitFor();
  await page.getByTestId('counter-MASTODON-part-2').getByText('200/500').waitFor();

  await page.getByRole('textbox', { name: 'First comment' }).fill('Sources and thanks in this comment');
  const preview = page.getByRole('article', { name: 'Preview on Bluesky' });
  await preview.getByLabel('Part 3').getByText(third).waitFor();
  await preview.getByLabel('First comment').getByText('Sources and thanks in this comment').waitFor();
  await screenshot(page, 'composer-thread-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'composer-thread-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.locator('input[type="datetime-local"]').fill(berlinWallClock(new Date(Date.now() + 10_000), { seconds: true }));
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  await page.getByRole('heading', { name: /^Post/ }).getByText('Published', { exact: true }).waitFor({ timeout: 120_000 });
  await page.getByTestId('comment-BLUESKY').getByText('Published').waitFor();
  await page.getByTestId('comment-MASTODON').getByText('Published').waitFor();
  expect(await page.getByRole('link', { name: 'View part 3' }).count()).toBe(2);
  await screenshot(page, 'post-thread-published-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'post-thread-published-phone');

  // Mastodon: the three parts, each replying to the one before, then the comment
  const texts = [first, second, third, 'Sources and thanks in this comment'];
  const statuses = texts.map((text) => mastodon.statuses.filter((status) => status.content === text));
  expect(statuses.map((each) => each.length)).toEqual([1, 1, 1, 1]);
  for (let index = 1; index < 4; index += 1) expect(statuses[index]![0]!.inReplyToId).toBe(statuses[index - 1]![0]!.id);
  // Bluesky: the same, as replies with the first part as their root
  const records = texts.map((text) => bluesky.posts.filter((post) => post.record.text === text));
  expect(records.map((each) => each.length)).toEqual([1, 1, 1, 1]);
  const root = bluesky.refOf(records[0]![0]!);
  for (let index = 1; index < 4; index += 1)
    expect(records[index]![0]!.record.reply).toEqual({ root, parent: bluesky.refOf(records[index - 1]![0]!) });
  expect(consoleErrors).toEqual([]);
});
