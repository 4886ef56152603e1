// Instagram's format in a real browser, against the real server: Instagram connected through
// the OAuth fake, then the composer offers the account's format under it, previews a feed post
// of two images as a carousel of 2, and a Story as a Story without its caption; the rules
// refuse two images for a Story beside the option, live, as the API would.
import { FakeOAuthProvider } from '../fakes/oauth-provider';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { JPEG } from '../support/media-fixtures';

jest.setTimeout(240_000);

const provider = new FakeOAuthProvider();
let app: WebApp;

beforeAll(async () => {
  await provider.start();
  app = await startWebApp({ env: provider.env() });
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), provider.stop()]);
});

test("an Instagram account's format is chosen under it, and the preview shows a carousel's count and a Story without its caption", async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Ines');
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('link', { name: 'Connect Instagram' }).click();
  await page.waitForURL('**/connections?oauth=connected*');

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated: the live checks run
  await page.getByRole('checkbox', { name: /Instagram/ }).check();
  await page.getByLabel('Text', { exact: true }).fill('Our new lemon tart #baking');
  for (const name of ['first.jpg', 'second.jpg']) {
    await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'image/jpeg', buffer: JPEG });
  }
  await page.locator('.attachment img[data-uploaded]').nth(1).waitFor();

  const preview = page.getByRole('article', { name: 'Preview on Instagram' });
  await preview.getByText('Carousel of 2').waitFor();
  await preview.getByText('Our new lemon tart #baking').waitFor();

  const options = page.getByRole('group', { name: /^Options for Instagram/ });
  const format = options.getByLabel('Format');
  expect(await format.locator('option').allTextContents()).toEqual([
    'Feed post (a carousel with 2 to 10 media)',
    'Reel (one video)',
    'Story (one image or video, no caption)',
  ]);
  await format.selectOption('story');
  await preview.getByText('Story', { exact: true }).waitFor();
  await preview.getByText('Instagram shows no text on a Story: the text is not published there.').waitFor();
  expect(await preview.getByText('Our new lemon tart #baking').count()).toBe(0);
  await page.getByRole('status').getByText('An Instagram Story takes at most one image or video, this post has 2').first().waitFor();
  expect(await page.getByRole('button', { name: 'Publish now' }).isDisabled()).toBe(true);
  await screenshot(page, 'composer-instagram-story');
});
