// Labels, the dashboard and analytics in a real browser: labels made, renamed, recoloured and
// deleted (with a confirmation) on /labels; a labelled post with an image on the dashboard
// with its thumbnail and chip (and a post planned in New York with that clock beside
// Berlin's), drafts in their own section, the same count of scheduled posts
// on the dashboard and in analytics, analytics filtered by label; and a published image in
// the demo feed. Posts are made over the API: the composer is tested in its own file.
import type { BrowserContext, Page } from 'playwright-core';
import { apiAsPage, loadedImage, paintPicture, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { waitFor } from '../support/harness';

jest.setTimeout(240_000);

let app: WebApp;
let context: BrowserContext;
let page: Page;
let api: ReturnType<typeof apiAsPage>;
let demoId: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp({ withWorker: true });
  ({ context, page } = await app.newBerlinPage());
  api = apiAsPage(page, app.server.url);
  page.on('console', (message) => {
    // refused forms answer 4xx on purpose; anything else logged as an error is a bug
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await signUpInBrowser(page, app.server.url, 'Lotta');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();
  demoId = (await api.get('/api/v1/connections')).data[0].id;
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await app?.stop();
});

async function uploadImage(text: string, colours: string, altText: string): Promise<string> {
  const picture = await paintPicture(context, text, colours);
  return (await api.upload('/api/v1/media', { name: `${text}.png`, mimeType: 'image/png', buffer: picture }, { altText })).id;
}

async function atPhoneWidth(name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const labelRow = (name: string) => page.getByRole('listitem', { name, exact: true });

test('an editor creates labels (a taken name is refused beside the field), renames and recolours one, and deletes one after confirming', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Labels' }).click();
  await page.getByRole('heading', { name: 'Labels', level: 1 }).waitFor();
  await page.getByText('No labels yet: add the first one above.').waitFor();

  const newLabel = page.getByRole('region', { name: 'New label' });
  for (const name of ['Spring sale', 'Evergreen', 'Webinar']) {
    await newLabel.getByLabel('Name').fill(name);
    await newLabel.getByRole('button', { name: 'Add label' }).click();
    await labelRow(name).waitFor();
  }

  // the same name in other letters is taken: said beside the name, which keeps what was typed
  await newLabel.getByLabel('Name').fill('spring SALE');
  await newLabel.getByRole('button', { name: 'Add label' }).click();
  const taken = newLabel.getByText('The team already has a label named "spring SALE" (ignoring case).');
  await taken.waitFor();
  expect(await newLabel.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
  expect(await newLabel.getByLabel('Name').inputValue()).toBe('spring SALE');
  await screenshot(page, 'labels-name-taken');
  await atPhoneWidth('labels-name-taken');

  // a browser without a colour picker shows a text field: a colour that is not #rrggbb is named beside it
  await newLabel.getByLabel('Name').fill('Odd colour');
  await newLabel.getByLabel('Colour').evaluate((input: HTMLInputElement) => {
    input.type = 'text';
    input.value = 'red';
  });
  await newLabel.getByRole('button', { name: 'Add label' }).click();
  await newLabel.getByText('colour must be #rrggbb, e.g. #1e90ff').waitFor();
  expect(await labelRow('Odd colour').count()).toBe(0);

  // rename and recolour
  await labelRow('Spring sale').getByRole('link', { name: 'Edit Spring sale' }).click();
  const editing = labelRow('Spring sale');
  await editing.getByLabel('Name').fill('Spring campaign');
  await editing.getByLabel('Colour').fill('#db2777');
  await screenshot(page, 'labels-edit');
  await atPhoneWidth('labels-edit');
  await editing.getByRole('button', { name: 'Save' }).click();
  await labelRow('Spring campaign').waitFor();
  const labels = (await api.get('/api/v1/labels')).data as Array<{ name: string; colour: string }>;
  expect(labels.map(({ name, colour }) => ({ name, colour }))).toContainEqual({ name: 'Spring campaign', colour: '#db2777' });
  expect(page.url()).toBe(`${app.server.url}/labels`);

  // deleting asks first; "Keep it" keeps it
  await labelRow('Webinar').getByRole('link', { name: 'Delete Webinar' }).click();
  const confirmation = page.getByRole('form', { name: 'Delete Webinar?' });
  await confirmation.getByText('No post wears it.').waitFor();
  await screenshot(page, 'labels-confirm-delete');
  await atPhoneWidth('labels-confirm-delete');
  await confirmation.getByRole('link', { name: 'Keep it' }).click();
  await confirmation.waitFor({ state: 'detached' });
  await labelRow('Webinar').waitFor();
  await labelRow('Webinar').getByRole('link', { name: 'Delete Webinar' }).click();
  await page.getByRole('form', { name: 'Delete Webinar?' }).getByRole('button', { name: 'Delete label' }).click();
  await labelRow('Webinar').waitFor({ state: 'detached' });
  expect(((await api.get('/api/v1/labels')).data as Array<{ name: string }>).map((label) => label.name)).toEqual([
    'Evergreen',
    'Spring campaign',
  ]);
  await screenshot(page, 'labels');
  await atPhoneWidth('labels');
});

test('the dashboard shows a labelled post’s thumbnail and chip, drafts apart, and as many scheduled posts as analytics; analytics filters by label', async () => {
  const labels = (await api.get('/api/v1/labels')).data as Array<{ id: string; name: string }>;
  const spring = labels.find((label) => label.name === 'Spring campaign')!;
  const evergreen = labels.find((label) => label.name === 'Evergreen')!;
  const image = await uploadImage('Spring', '#f97316,#db2777', 'Blossoms in orange and pink');
  const tomorrow = (minutes: number) => new Date(Date.now() + 24 * 3600_000 + minutes * 60_000).toISOString();
  await api.post('/api/v1/posts', {
    content: 'Spring sale starts tomorrow: 20% off everything',
    publishAt: tomorrow(0),
    connectionIds: [demoId],
    media: [image],
    labelIds: [spring.id, evergreen.id],
  });
  // planned from New York: at 14:00 UTC the day after tomorrow, the same day there as in Berlin
  const easterAt = new Date(`${new Date(Date.now() + 2 * 24 * 3600_000).toISOString().slice(0, 10)}T14:00:00Z`);
  await api.post('/api/v1/posts', {
    content: 'Our opening hours over Easter',
    publishAt: easterAt.toISOString(),
    timeZone: 'America/New_York',
    connectionIds: [demoId],
  });
  await api.post('/api/v1/posts', {
    content: 'Idea: a behind-the-scenes video',
    publishAt: tomorrow(24 * 60),
    connectionIds: [demoId],
    labelIds: [evergreen.id],
    draft: true,
  });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const upcoming = page.getByRole('region', { name: 'Upcoming' });
  await upcoming.getByText('2 posts scheduled:').waitFor();
  const labelled = upcoming.getByRole('listitem').filter({ hasText: 'Spring sale starts tomorrow' });
  expect(await loadedImage(labelled.getByRole('img', { name: 'Blossoms in orange and pink' }))).toEqual({
    naturalWidth: 480,
    src: `/api/v1/media/${image}/content`,
  });
  expect(await labelled.getByRole('list', { name: 'Labels' }).getByRole('listitem').allTextContents()).toEqual([
    'Evergreen',
    'Spring campaign',
  ]);
  // the time in Berlin, the editor's zone, and on New York's clock, where it was planned
  const clock = (timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, timeStyle: 'short' }).format(easterAt);
  const easter = upcoming.getByRole('listitem').filter({ hasText: 'Our opening hours over Easter' });
  expect(await easter.locator('time').textContent()).toContain(clock('Europe/Berlin'));
  expect(await easter.locator('.time-zone').textContent()).toBe(`(${clock('America/New_York')} in America/New_York)`);
  expect(await labelled.locator('.time-zone').count()).toBe(0);
  const drafts = page.getByRole('region', { name: 'Drafts' });
  const idea = drafts.getByRole('link', { name: 'Idea: a behind-the-scenes video' });
  await idea.waitFor();
  expect(await drafts.getByRole('listitem').filter({ hasText: 'behind-the-scenes' }).getByText('Draft', { exact: true }).count()).toBe(1);
  expect(await upcoming.getByText('behind-the-scenes').count()).toBe(0);
  await screenshot(page, 'dashboard-labels-drafts');
  await atPhoneWidth('dashboard-labels-drafts');
  expect(await idea.getAttribute('href')).toMatch(/^\/posts\/[^/]+$/);

  // analytics agrees with the dashboard: both posts are due after its range, and still counted as upcoming
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
  await page.waitForURL('**/analytics');
  expect(await page.getByTestId('scheduled-upcoming').textContent()).toBe('2');
  await page.getByLabel('Label', { exact: true }).selectOption({ label: 'Spring campaign' });
  await page.waitForURL(`**/analytics?*label=${spring.id}*`);
  await waitFor(
    async () => page.getByTestId('scheduled-upcoming').textContent(),
    (shown) => shown === '1',
    10_000,
  );
  await page.locator('p.hint .label-chip', { hasText: 'Spring campaign' }).waitFor();
  await screenshot(page, 'analytics-by-label');
  await atPhoneWidth('analytics-by-label');
});

test('the demo feed shows the images a post published with', async () => {
  const image = await uploadImage('Published', '#0d9488,#1e90ff', 'A teal and blue gradient');
  const post = await api.post('/api/v1/posts', {
    content: 'Out now, with a picture',
    publishAt: new Date(Date.now() + 2_000).toISOString(),
    connectionIds: [demoId],
    media: [image],
  });
  await waitFor(
    () => api.get(`/api/v1/posts/${post.id}`),
    (body) => body.status === 'PUBLISHED',
    60_000,
  );
  await page.goto(`${app.server.url}/demo/${demoId}`);
  const item = page.getByRole('article').filter({ hasText: 'Out now, with a picture' });
  expect(await loadedImage(item.getByRole('img', { name: 'A teal and blue gradient' }))).toEqual({
    naturalWidth: 480,
    src: `/api/v1/media/${image}/content`,
  });
  await screenshot(page, 'demo-feed-image');
  await atPhoneWidth('demo-feed-image');
});

test('a viewer sees the team’s labels but cannot change them', async () => {
  const viewerContext = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const viewer = await viewerContext.newPage();
  try {
    await signUpInBrowser(viewer, app.server.url, 'Vera');
    const asViewer = apiAsPage(viewer, app.server.url);
    const { email } = (await asViewer.get('/api/v1/me')).user;
    const { acceptUrl } = await api.post('/api/v1/invitations', { email, role: 'VIEWER' });
    const team = await asViewer.post('/api/v1/invitations/accept', { token: acceptUrl.split('/').pop() });
    await asViewer.post(`/api/v1/teams/${team.id}/switch`);

    await viewer.goto(`${app.server.url}/labels`);
    await viewer.getByRole('listitem', { name: 'Spring campaign', exact: true }).waitFor();
    expect(await viewer.getByRole('region', { name: 'New label' }).count()).toBe(0);
    expect(await viewer.getByRole('link', { name: /^(Edit|Delete) / }).count()).toBe(0);
    // nor by sending the form anyway
    const refused = await viewer.request.post(`${app.server.url}/labels`, {
      form: { intent: 'create', name: 'Sneaky', colour: '#000000' },
    });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('Your role in this team (viewer) does not allow this.');
    expect(((await api.get('/api/v1/labels')).data as Array<{ name: string }>).map((label) => label.name)).not.toContain('Sneaky');
  } finally {
    await viewerContext.close();
  }
});
