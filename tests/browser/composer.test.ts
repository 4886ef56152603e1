// The composer in a real browser, against the real server, worker, Temporal and PostgreSQL,
// with a contract fake of Mastodon: live per-platform counters and rule errors, an image
// uploaded with its thumbnail and previews, a draft saved, a post published now; and the
// same rules refused by the server when JavaScript is off.
import type { BrowserContext, Page } from 'playwright-core';
import { FakeMastodon } from '../fakes/mastodon';
import {
  berlinWallClock,
  connectDemoAndMastodon,
  loadedImage,
  paintPicture,
  screenshot,
  signUpInBrowser,
  startWebApp,
  type WebApp,
} from '../support/browser';

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

const pictureToUpload = () => paintPicture(context, 'planrrr', '#f97316,#8b5cf6');

const counter = (platform: string) => page.getByTestId(`counter-${platform}`);

test('an editor composes for the demo channel and Mastodon: counters, rules, an image, previews, a draft, and a post published now', async () => {
  await signUpInBrowser(page, app.server.url, 'Cora');

  await connectDemoAndMastodon(page, mastodon.url);

  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('link', { name: 'Compose a post' }).click();
  await page.waitForURL('**/compose');
  await page.getByRole('checkbox', { name: /Demo/ }).check();
  await page.getByRole('checkbox', { name: /Mastodon/ }).check();

  // Over Mastodon's 500 characters: its counter turns red with the rule's message, and the
  // post cannot be scheduled; the demo channel (10,000) is still fine.
  await page.getByLabel('Text').fill('x'.repeat(501));
  await counter('MASTODON').getByText('501/500').waitFor();
  expect(await counter('MASTODON').getAttribute('class')).toContain('counter-over');
  expect(await counter('DEMO').getAttribute('class')).not.toContain('counter-over');
  expect(await counter('MASTODON').evaluate((element) => getComputedStyle(element).color)).toBe('rgb(185, 28, 28)');
  await page.getByRole('status').getByText('Mastodon: Mastodon allows 500 characters (links count 23); this post has 501').waitFor();
  expect(await page.getByRole('button', { name: 'Schedule' }).isDisabled()).toBe(true);
  expect(await page.getByRole('button', { name: 'Publish now' }).isDisabled()).toBe(true);
  await screenshot(page, 'composer-over-limit');

  // A link counts 23 on Mastodon, whatever its length: the same module the API checks with.
  const text = `Fresh from the composer https://example.com/${'a'.repeat(60)}`;
  await page.getByLabel('Text').fill(text);
  await counter('MASTODON').getByText('47/500').waitFor();
  expect(await page.getByRole('button', { name: 'Schedule' }).isEnabled()).toBe(true);

  // An image through the file input: progress, then its thumbnail from the API.
  await page.locator('input[type="file"]').setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: await pictureToUpload() });
  const thumbnail = page.locator('.attachment img[data-uploaded]');
  expect(await loadedImage(thumbnail)).toEqual({ naturalWidth: 480, src: expect.stringMatching(/^\/api\/v1\/media\/[^/]+\/content$/) });
  await page.getByLabel('Alt text').fill('An orange-to-violet gradient with the word planrrr');

  // And one dropped on the drop zone, then removed again.
  const dropped = await page.evaluateHandle(async () => {
    const bytes = await (await fetch(document.querySelector<HTMLImageElement>('.attachment img')!.src)).blob();
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
    return transfer;
  });
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dropped });
  await page.locator('.attachment img[data-uploaded]').nth(1).waitFor();
  await page.getByRole('button', { name: 'Move earlier dropped.png' }).click();
  expect(await page.locator('.attachment-name').allTextContents()).toEqual(['dropped.png', 'gradient.png']);
  await page.getByRole('button', { name: 'Remove dropped.png' }).click();
  expect(await page.locator('.attachment-name').allTextContents()).toEqual(['gradient.png']);

  // A preview per chosen platform, with the text, the image and the handle.
  const mastodonPreview = page.getByRole('article', { name: 'Preview on Mastodon' });
  await mastodonPreview.getByText('Fresh from the composer').waitFor();
  await mastodonPreview.getByText('@alice', { exact: false }).waitFor();
  await mastodonPreview.locator('img.preview-media').waitFor();
  await page.getByRole('article', { name: 'Preview on Demo channel' }).getByText('Fresh from the composer').waitFor();
  await screenshot(page, 'composer-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'composer-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Save it as a draft with a planned time: nothing is scheduled, and the image and its alt
  // text come along (a draft without a time: one-editor.test.ts).
  await page.locator('input[type="datetime-local"]').fill(berlinWallClock(new Date(Date.now() + 24 * 60 * 60 * 1000)));
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  await page.getByText('Draft', { exact: true }).first().waitFor();
  const draftId = page.url().split('/').at(-1)!;
  const draft = await (await page.request.get(`${app.server.url}/api/v1/posts/${draftId}`)).json();
  expect(draft).toMatchObject({ status: 'DRAFT', content: text });
  expect(draft.media).toEqual([
    expect.objectContaining({ altText: 'An orange-to-violet gradient with the word planrrr', mimeType: 'image/png' }),
  ]);

  // Publish one now, and watch it publish to both accounts.
  await page.goto(`${app.server.url}/compose`);
  await page.getByRole('checkbox', { name: /Demo/ }).check();
  await page.getByRole('checkbox', { name: /Mastodon/ }).check();
  await page.getByLabel('Text').fill('Published now from the composer');
  await page.locator('input[type="file"]').setInputFiles({ name: 'now.png', mimeType: 'image/png', buffer: await pictureToUpload() });
  await page.locator('.attachment img[data-uploaded]').waitFor();
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  // the post's own status: an account's row says Published as soon as that account has
  await page.getByRole('heading', { name: /^Post/ }).getByText('Published', { exact: true }).waitFor({ timeout: 90_000 });
  expect(mastodon.statuses.map((status) => status.content)).toContain('Published now from the composer');
  expect(mastodon.attachments).toHaveLength(1);
  await screenshot(page, 'composer-published');
});

test('without JavaScript the composer is a plain form: the server refuses what Mastodon would, beside the text', async () => {
  const plainContext = await app.browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() });
  try {
    const plain = await plainContext.newPage();
    await plain.goto(`${app.server.url}/compose`);
    await plain.getByRole('checkbox', { name: /Mastodon/ }).check();
    await plain.getByLabel('Text').fill('y'.repeat(600));
    await plain.getByRole('button', { name: 'Publish now' }).click();
    await plain.getByText('Mastodon: Mastodon allows 500 characters (links count 23); this post has 600').waitFor();
    expect(await plain.getByLabel('Text').inputValue()).toBe('y'.repeat(600));
    await screenshot(plain, 'composer-no-javascript-refused');

    await plain.getByLabel('Text').fill('Scheduled without JavaScript');
    await plain.locator('input[type="datetime-local"]').fill(berlinWallClock(new Date(Date.now() + 60 * 60 * 1000)));
    await plain.getByRole('button', { name: 'Schedule' }).click();
    await plain.waitForURL(/\/posts\/[^/]+$/);
    await plain.getByText('Scheduled', { exact: true }).first().waitFor();
  } finally {
    await plainContext.close();
  }
});
