// YouTube's per-video options and LinkedIn's company pages and PDF documents in a real
// browser, against the real server, worker, Temporal and PostgreSQL: the composer shows a
// YouTube account's select, checkbox and list fields and checks them live, and a PDF attached
// for a LinkedIn company page (connected through the OAuth fake) shows as a document card and
// reaches the LinkedIn contract fake as a document post with its title.
import { createDb, type Db } from '../../lib/db';
import { FakeLinkedIn } from '../fakes/linkedin';
import { FAKE_ACCOUNTS, FakeOAuthProvider } from '../fakes/oauth-provider';
import { FakeYouTube } from '../fakes/youtube';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { storeOAuthConnection } from '../support/connections';
import { waitFor } from '../support/harness';
import { MP4, PDF } from '../support/media-fixtures';

jest.setTimeout(240_000);

const provider = new FakeOAuthProvider();
const linkedIn = new FakeLinkedIn(provider);
const youtube = new FakeYouTube();
let app: WebApp;
let db: Db;

beforeAll(async () => {
  await Promise.all([provider.start(), linkedIn.start(), youtube.start()]);
  app = await startWebApp({
    withWorker: true,
    env: { ...provider.env(), LINKEDIN_API_BASE_URL: linkedIn.url, YOUTUBE_API_BASE_URL: youtube.url },
  });
  db = createDb(app.env.config.DATABASE_URL);
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), provider.stop(), linkedIn.stop(), youtube.stop(), db?.$disconnect()]);
});

test("a YouTube account's title, tags, category, privacy and made-for-kids are set under it, checked live, and reach YouTube", async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Yara');
  const teamId = (await (await page.request.get(`${app.server.url}/api/v1/me`)).json()).currentTeamId as string;
  await storeOAuthConnection(db, app.env, {
    teamId,
    platform: 'YOUTUBE',
    handle: '@yara',
    credentials: { channelId: 'UC1', accessToken: 'yt-token' },
  });

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor();
  await page.getByLabel('Text', { exact: true }).fill('Everything we shipped this week');
  await page.locator('input[type="file"]').setInputFiles({ name: 'launch.mp4', mimeType: 'video/mp4', buffer: MP4 });
  const options = page.getByRole('group', { name: 'Options for YouTube @yara' });
  await options.getByLabel('Tags').fill(`planrrr, ${'x'.repeat(500)}`);
  await options
    .getByRole('status')
    .getByText(/YouTube: tags are at most 500 characters together/)
    .waitFor();
  expect(await page.getByRole('button', { name: 'Publish now' }).isDisabled()).toBe(true);

  await options.getByLabel('Title').fill('Launch week');
  await options.getByLabel('Tags').fill('planrrr, launch week');
  await options.getByLabel('Category').selectOption({ label: 'Science & Technology' });
  await options.getByLabel('Privacy').selectOption({ label: 'Unlisted' });
  await options.getByLabel('Made for kids').check();
  await screenshot(page, 'composer-youtube-options');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);

  const video = await waitFor(
    async () => youtube.videos.find((candidate) => candidate.title === 'Launch week'),
    (found) => found !== undefined,
    60_000,
  );
  expect(video).toMatchObject({
    description: 'Everything we shipped this week',
    tags: ['planrrr', 'launch week'],
    categoryId: '28',
    privacyStatus: 'unlisted',
    selfDeclaredMadeForKids: true,
  });
});

test('a PDF for a LinkedIn company page shows as a document card and publishes as a document post with its title', async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Lia');
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('link', { name: 'Connect LinkedIn' }).click();
  await page.waitForURL('**/connections?oauth=connected*');
  const [acmeCorp] = FAKE_ACCOUNTS.linkedinOrganizations;

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor();
  await page.getByRole('checkbox', { name: new RegExp(acmeCorp!.localizedName) }).check();
  await page.getByLabel('Text', { exact: true }).fill('Our quarter in numbers');
  await page.locator('input[type="file"]').setInputFiles({ name: 'Quarterly report.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('img', { name: 'PDF document: Quarterly report.pdf' }).first().waitFor();
  const options = page.getByRole('group', { name: `Options for LinkedIn ${acmeCorp!.vanityName}` });
  await options.getByLabel('Document title').fill('Q3 2026');
  await screenshot(page, 'composer-linkedin-pdf');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);

  const post = await waitFor(
    async () => linkedIn.posts.find((candidate) => candidate.commentary === 'Our quarter in numbers'),
    (found) => found !== undefined,
    60_000,
  );
  expect(post).toMatchObject({
    author: `urn:li:organization:${acmeCorp!.id}`,
    content: { media: { id: expect.stringMatching(/^urn:li:document:/), title: 'Q3 2026' } },
  });
});
