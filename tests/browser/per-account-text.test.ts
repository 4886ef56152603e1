// Per-account text in a real browser, against the real server, worker, Temporal and
// PostgreSQL, with a contract fake of Mastodon: one account customized in the composer
// (its own counter, rules and preview), scheduled a little ahead, and each account
// receiving its own text; the post page then shows and edits the override.
import type { BrowserContext, Page } from 'playwright-core';
import { FakeMastodon } from '../fakes/mastodon';
import { berlinWallClock, connectDemoAndMastodon, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(240_000);

const mastodon = new FakeMastodon();
let app: WebApp;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [app] = await Promise.all([startWebApp({ withWorker: true }), mastodon.start()]);
  ({ context, page } = await app.newBerlinPage());
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), mastodon.stop()]);
});

test('an editor gives Mastodon its own text: its counter and preview follow it, and each account publishes its own text', async () => {
  await signUpInBrowser(page, app.server.url, 'Ines');

  await connectDemoAndMastodon(page, mastodon.url);

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated: the live checks run
  await page.getByRole('checkbox', { name: /Demo/ }).check();
  await page.getByRole('checkbox', { name: /Mastodon/ }).check();
  const mainText = 'Short and sweet for everyone';
  await page.getByLabel('Text', { exact: true }).fill(mainText);

  // The disclosure opens Mastodon's own text, prefilled with the main text.
  const customize = page.getByRole('button', { name: /^Customize for Mastodon/ });
  expect(await customize.getAttribute('aria-expanded')).toBe('false');
  await customize.click();
  expect(await customize.getAttribute('aria-expanded')).toBe('true');
  const own = page.getByLabel(/^Custom version for Mastodon/);
  expect(await own.inputValue()).toBe(mainText);
  await page.waitForFunction(() => document.activeElement?.getAttribute('name')?.startsWith('override.'));

  // Too long for Mastodon in its own text only: its counter and rule say so; the demo's do not.
  await own.fill('m'.repeat(501));
  const ownCounter = page.locator('[data-testid^="override-counter-"]');
  await ownCounter.getByText('501/500').waitFor();
  expect(await ownCounter.getAttribute('class')).toContain('counter-over');
  await page.getByRole('status').getByText('Mastodon: Mastodon allows 500 characters (links count 23); this post has 501').waitFor();
  expect(await page.getByTestId('counter-DEMO').textContent()).toContain(`${mainText.length}/10000`);
  expect(await page.getByRole('button', { name: 'Schedule' }).isDisabled()).toBe(true);

  const mastodonText = 'A longer note for the Mastodon crowd, with a little more detail';
  await own.fill(mastodonText);
  await ownCounter.getByText(`${mastodonText.length}/500`).waitFor();
  expect(await page.getByRole('button', { name: 'Schedule' }).isEnabled()).toBe(true);
  await page.getByRole('article', { name: 'Preview on Mastodon' }).getByText(mastodonText).waitFor();
  await page.getByRole('article', { name: 'Preview on Demo channel' }).getByText(mainText).waitFor();

  // Customizing the demo channel and changing one's mind: back to the main text.
  const customizeDemo = page.getByRole('button', { name: /^Customize for Demo/ });
  await customizeDemo.click();
  await page.getByLabel(/^Custom version for Demo/).fill('Demo only');
  await page.getByRole('article', { name: 'Preview on Demo channel' }).getByText('Demo only').waitFor();
  await page.getByRole('button', { name: /^Use the main text for Demo/ }).click();
  expect(await customizeDemo.getAttribute('aria-expanded')).toBe('false');
  expect(await page.getByLabel(/^Custom version for Demo/).count()).toBe(0);
  await page.getByRole('article', { name: 'Preview on Demo channel' }).getByText(mainText).waitFor();
  await screenshot(page, 'composer-per-account-text');

  const publishAt = new Date(Date.now() + 10_000);
  await page.locator('input[type="datetime-local"]').fill(berlinWallClock(publishAt, { seconds: true }));
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  await page.getByText(`Own text: ${mastodonText}`).waitFor();
  // the post's own status: an account's row says Published as soon as that account has
  await page.getByRole('heading', { name: /^Post/ }).getByText('Published', { exact: true }).waitFor({ timeout: 90_000 });
  await screenshot(page, 'post-per-account-text-published');

  expect(mastodon.statuses.map((status) => status.content)).toEqual([mastodonText]);
  const postId = page.url().split('/').at(-1)!;
  const post = await (await page.request.get(`${app.server.url}/api/v1/posts/${postId}`)).json();
  const demoTarget = post.targets.find((target: { platform: string }) => target.platform === 'DEMO');
  expect(demoTarget.content).toBeNull();
  const feed = await (await page.request.get(`${app.server.url}/api/v1/connections/${demoTarget.connectionId}/demo-feed`)).json();
  expect(feed.items.map((item: { content: string }) => item.content)).toEqual([mainText]);
});

test("editing a scheduled post in the composer shows an account's own text and can clear it", async () => {
  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated: the live checks run
  await page.getByRole('checkbox', { name: /Demo/ }).check();
  await page.getByRole('checkbox', { name: /Mastodon/ }).check();
  await page.getByLabel('Text', { exact: true }).fill('Main text, later');
  await page.getByRole('button', { name: /^Customize for Mastodon/ }).click();
  await page.getByLabel(/^Custom version for Mastodon/).fill('Mastodon text, later');
  await page.locator('input[type="datetime-local"]').fill(berlinWallClock(new Date(Date.now() + 60 * 60 * 1000), { seconds: true }));
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  const postId = page.url().split('/').at(-1)!;
  await page.getByText('Own text: Mastodon text, later').waitFor();

  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.waitForURL(`**/posts/${postId}/edit`);
  await page.getByTestId('dropzone').waitFor(); // hydrated
  expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe('Main text, later');
  // an account with its own text opens with it shown
  const customize = page.getByRole('button', { name: /^Customize for Mastodon/ });
  if ((await customize.getAttribute('aria-expanded')) !== 'true') await customize.click();
  expect(await page.getByLabel(/^Custom version for Mastodon/).inputValue()).toBe('Mastodon text, later');
  await page.getByRole('button', { name: /^Use the main text/ }).click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(`**/posts/${postId}`);
  await page.getByText('Own text:').waitFor({ state: 'detached' });
  const post = await (await page.request.get(`${app.server.url}/api/v1/posts/${postId}`)).json();
  expect(post.targets.map((target: { content: string | null }) => target.content)).toEqual([null, null]);
  expect(post.content).toBe('Main text, later');
});

test("without JavaScript an account's own text is a plain field: the server checks it and answers beside it", async () => {
  const plainContext = await app.browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() });
  try {
    const plain = await plainContext.newPage();
    await plain.goto(`${app.server.url}/compose`);
    await plain.getByRole('checkbox', { name: /Demo/ }).check();
    await plain.getByRole('checkbox', { name: /Mastodon/ }).check();
    await plain.getByLabel('Text', { exact: true }).fill('Fits everywhere');
    await plain.getByText(/^Customize for Mastodon/).click();
    await plain.getByLabel(/^Custom version for Mastodon/).fill('z'.repeat(600));
    await plain.getByRole('button', { name: 'Publish now' }).click();
    await plain.getByText('Mastodon: Mastodon allows 500 characters (links count 23); this post has 600').waitFor();
    // the refusal is beside Mastodon's own text, which comes back as it was sent
    const own = plain.getByLabel(/^Custom version for Mastodon/);
    expect(await own.inputValue()).toBe('z'.repeat(600));
    expect(await own.getAttribute('aria-invalid')).toBe('true');
    expect(await plain.getByLabel('Text', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    await screenshot(plain, 'composer-per-account-text-no-javascript');
  } finally {
    await plainContext.close();
  }
});
