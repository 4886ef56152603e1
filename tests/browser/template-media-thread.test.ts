// A template's media and thread parts on the Templates page, in a real browser against the
// real server and a contract fake of Mastodon: an image uploaded (with its alt text) and a
// second thread part added with the composer's own fields, both kept when the template is
// edited, then the template used from the composer, which gets the image and the part; and a
// template's platform options (a Reddit account's subreddit and title) filling the composer.
import type { Page } from 'playwright-core';
import { createDb, type Db } from '../../lib/db';
import { FakeMastodon } from '../fakes/mastodon';
import { storeOAuthConnection } from '../support/connections';
import { PNG } from '../support/media-fixtures';
import { apiAsPage, connectDemoAndMastodon, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(240_000);

const mastodon = new FakeMastodon();
let app: WebApp;
let page: Page;
let db: Db;
const consoleErrors: string[] = [];

beforeAll(async () => {
  [app] = await Promise.all([startWebApp(), mastodon.start()]);
  db = createDb(app.env.config.DATABASE_URL);
  ({ page } = await app.newBerlinPage());
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await signUpInBrowser(page, app.server.url, 'Hedda');
  await connectDemoAndMastodon(page, mastodon.url);
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), mastodon.stop(), db?.$disconnect()]);
});

interface TemplateView {
  id: string;
  name: string;
  media: string[];
  thread: Array<{ content: string; media?: string[] }>;
}

test('a template gets an image and a second thread part on the Templates page, keeps them when edited, and fills the composer with them', async () => {
  const api = apiAsPage(page, app.server.url);
  const templateNamed = async (name: string) =>
    ((await api.get('/api/v1/templates')).data as TemplateView[]).find((template) => template.name === name)!;

  await page.goto(`${app.server.url}/templates`);
  const newTemplate = page.getByRole('form', { name: 'New template' });
  await newTemplate.getByTestId('dropzone').waitFor(); // hydrated
  await newTemplate.getByLabel('Name').fill('Launch thread');
  await newTemplate.getByLabel('Text', { exact: true }).fill('We launch today at {{place|the office}}.');
  await newTemplate.getByRole('checkbox', { name: /Alice/ }).check();
  await newTemplate.locator('input[type="file"]').setInputFiles({ name: 'launch.png', mimeType: 'image/png', buffer: PNG });
  await newTemplate.locator('img[data-uploaded]').waitFor();
  await newTemplate.getByLabel('Alt text').fill('Our launch poster');
  await newTemplate.getByRole('button', { name: 'Add a part' }).click();
  await newTemplate.getByLabel('Part 2').fill('Doors open at nine.');
  // the part is counted for the chosen account, as in the composer
  await newTemplate.getByTestId('counter-MASTODON-part-2').getByText('19/500').waitFor();
  await screenshot(page, 'template-media-thread-new');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'template-media-thread-new-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
  await newTemplate.getByRole('button', { name: 'Add template' }).click();
  await page.getByRole('listitem', { name: 'Launch thread', exact: true }).waitFor();

  const created = await templateNamed('Launch thread');
  expect(created.media).toHaveLength(1);
  expect(created.thread).toEqual([{ content: 'Doors open at nine.' }]);
  const image = await api.get(`/api/v1/media/${created.media[0]}`);
  expect(image).toMatchObject({ fileName: 'launch.png', altText: 'Our launch poster' });

  // the edit form shows the image and the part; a changed part is saved, the image kept
  await page.getByRole('listitem', { name: 'Launch thread', exact: true }).getByRole('link', { name: 'Edit Launch thread' }).click();
  const edit = page.getByRole('form', { name: 'Edit Launch thread' });
  await edit.locator('img[data-uploaded]').waitFor();
  expect(await edit.getByLabel('Alt text').inputValue()).toBe('Our launch poster');
  expect(await edit.getByLabel('Part 2').inputValue()).toBe('Doors open at nine.');
  await edit.getByRole('button', { name: 'Add a part' }).click();
  await edit.getByLabel('Part 3').fill('See you there.');
  await screenshot(page, 'template-media-thread-edit');
  await edit.getByRole('button', { name: 'Save' }).click();
  await edit.waitFor({ state: 'detached' });
  const edited = await templateNamed('Launch thread');
  expect(edited.media).toEqual(created.media);
  expect(edited.thread).toEqual([
    { content: 'Doors open at nine.', media: [] },
    { content: 'See you there.', media: [] },
  ]);

  // used from the composer: the image and the parts are there, editable
  await page.getByRole('listitem', { name: 'Launch thread', exact: true }).getByRole('link', { name: 'Use Launch thread' }).click();
  await page.getByRole('heading', { name: 'Use “Launch thread”' }).waitFor();
  await page.getByRole('button', { name: 'Fill the composer' }).click();
  await page.waitForFunction(() =>
    (document.getElementById('content') as HTMLTextAreaElement | null)?.value.startsWith('We launch today at the office.'),
  );
  await page.locator('img[data-uploaded]').waitFor();
  expect(await page.getByLabel('Alt text').inputValue()).toBe('Our launch poster');
  // (the previews show the parts too)
  expect(await page.getByRole('textbox', { name: 'Part 2' }).inputValue()).toBe('Doors open at nine.');
  expect(await page.getByRole('textbox', { name: 'Part 3' }).inputValue()).toBe('See you there.');
  expect(await page.getByRole('checkbox', { name: /Alice/ }).isChecked()).toBe(true);
  await screenshot(page, 'template-media-thread-composer');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'template-media-thread-composer-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("a template's platform options fill the composer under their account", async () => {
  const api = apiAsPage(page, app.server.url);
  const reddit = await storeOAuthConnection(db, app.env, {
    teamId: (await api.get('/api/v1/me')).currentTeamId,
    platform: 'REDDIT',
    handle: 'u/hedda',
    credentials: { username: 'hedda', accessToken: 'reddit-token' },
  });
  const template = await api.post('/api/v1/templates', {
    name: 'Reddit weekly',
    content: 'What we shipped this week',
    connectionIds: [reddit],
    targetOptions: [{ connectionId: reddit, reddit: { subreddit: 'planrrr', title: 'Weekly update' } }],
  });
  // without variables the template fills the composer at once
  await page.goto(`${app.server.url}/compose?template=${template.id}`);
  await page.getByTestId('dropzone').waitFor();
  const options = page.getByRole('group', { name: 'Options for Reddit u/hedda' });
  expect(await options.getByLabel('Subreddit').inputValue()).toBe('planrrr');
  expect(await options.getByLabel('Title').inputValue()).toBe('Weekly update');
});
