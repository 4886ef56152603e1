// Templates, snippets and signatures in a real browser, against the real server and a
// contract fake of Mastodon: a signature set on the Connections page; a template and a
// snippet made on the Templates page; the template used from the composer, its variable
// filled in a small form; the snippet inserted at the cursor; the signature counted by
// Mastodon's counter and rules, and left off with the checkbox; the draft stored with it;
// the text written in the composer saved as a template; and a template's text per platform
// and labels set on the Templates page, a platform's refusal shown beside its own text.
import type { Page } from 'playwright-core';
import { FakeMastodon } from '../fakes/mastodon';
import { apiAsPage, connectDemoAndMastodon, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(240_000);

const mastodon = new FakeMastodon();
let app: WebApp;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  [app] = await Promise.all([startWebApp(), mastodon.start()]);
  ({ page } = await app.newBerlinPage());
  page.on('console', (message) => {
    // refused forms answer 4xx on purpose; anything else logged as an error is a bug
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await signUpInBrowser(page, app.server.url, 'Greta');
  await connectDemoAndMastodon(page, mastodon.url);
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), mastodon.stop()]);
});

const SIGNATURE = '— Greta, planrrr';

test('an editor makes a template and a snippet, fills the composer from the template, inserts the snippet, and sees the signature counted', async () => {
  // the signature, set on the Connections page
  const signature = page.getByLabel(/^Signature for Alice/);
  await signature.fill(SIGNATURE);
  await page.getByRole('button', { name: /^Save signature for Alice/ }).click();
  await page.waitForURL('**/connections');
  expect(await page.getByLabel(/^Signature for Alice/).inputValue()).toBe(SIGNATURE);

  // a template with a variable with a default and one without, and a snippet
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
  await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
  const newTemplate = page.getByRole('form', { name: 'New template' });
  await newTemplate.getByLabel('Name').fill('Event');
  await newTemplate.getByLabel('Text', { exact: true }).fill('Join {{speaker}} at {{venue|the office}}.');
  await newTemplate.getByRole('checkbox', { name: /Alice/ }).check();
  await newTemplate.getByRole('button', { name: 'Add template' }).click();
  const row = page.getByRole('listitem', { name: 'Event', exact: true });
  await row.getByText('variables: speaker, venue (default “the office”)').waitFor();

  const newSnippet = page.getByRole('form', { name: 'New snippet' });
  await newSnippet.getByLabel('Snippet name').fill('Hashtags');
  await newSnippet.getByLabel('Snippet text').fill('#planrrr #events');
  await newSnippet.getByRole('button', { name: 'Add snippet' }).click();
  await page.getByRole('listitem', { name: 'Hashtags', exact: true }).waitFor();
  await screenshot(page, 'templates-page');

  // used from the composer: its variables in a small form, then the composer filled, editable
  await row.getByRole('link', { name: 'Use Event' }).click();
  await page.getByRole('heading', { name: 'Use “Event”' }).waitFor();
  expect(await page.getByLabel('venue').inputValue()).toBe('the office');
  // a variable without a default must be given: said beside it
  await page.getByRole('button', { name: 'Fill the composer' }).click();
  await page.getByText('a value for speaker is required: it has no default').waitFor();
  await page.getByLabel('speaker').fill('Ada');
  await page.getByRole('button', { name: 'Fill the composer' }).click();
  const text = page.getByLabel('Text', { exact: true });
  await page.waitForFunction(() => (document.getElementById('content') as HTMLTextAreaElement | null)?.value.startsWith('Join Ada'));
  expect(await text.inputValue()).toBe('Join Ada at the office.');
  expect(await page.getByRole('checkbox', { name: /Alice/ }).isChecked()).toBe(true);
  await page.getByTestId('dropzone').waitFor(); // hydrated: the live checks run

  // the snippet, at the cursor
  await text.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' ');
  await page.getByText('Insert a snippet').click();
  await page.getByRole('button', { name: 'Hashtags' }).click();
  const filled = 'Join Ada at the office. #planrrr #events';
  await page.waitForFunction((expected) => (document.getElementById('content') as HTMLTextAreaElement).value === expected, filled);

  // the signature counted by Mastodon's counter and shown in its preview
  const signed = `${filled}\n\n${SIGNATURE}`;
  const counter = page.getByTestId('counter-MASTODON');
  await counter.getByText(`${[...signed].length}/500`).waitFor();
  await page.getByRole('article', { name: 'Preview on Mastodon' }).getByText(SIGNATURE).waitFor();
  // a text that fits only without the signature is refused by the rules, until signatures are left off
  const fitsAlone = 'x'.repeat(495);
  await text.fill(fitsAlone);
  await counter.getByText(`${495 + 2 + [...SIGNATURE].length}/500`).waitFor();
  expect(await page.getByRole('button', { name: 'Schedule' }).isDisabled()).toBe(true);
  await screenshot(page, 'composer-signature-counted');
  const withSignatures = page.getByRole('checkbox', { name: /Add each account’s signature/ });
  await withSignatures.uncheck();
  await counter.getByText('495/500').waitFor();
  expect(await page.getByRole('button', { name: 'Schedule' }).isEnabled()).toBe(true);

  // with signatures on, the draft stores Mastodon's text signed
  await withSignatures.check();
  await text.fill(filled);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  const postId = new URL(page.url()).pathname.split('/').pop()!;
  const api = apiAsPage(page, app.server.url);
  const post = await api.get(`/api/v1/posts/${postId}`);
  const mastodonTarget = post.targets.find((target: { platform: string }) => target.platform === 'MASTODON');
  expect(mastodonTarget.content).toBe(signed);
});

test('the text written in the composer is saved as a template', async () => {
  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor();
  await page.getByLabel('Text', { exact: true }).fill('Hello {{name|friends}}');
  await page.getByText('Save as a template', { exact: true }).click();
  await page.getByLabel('Template name').fill('Greeting');
  await page.getByRole('button', { name: 'Save as template', exact: true }).click();
  await page.waitForURL('**/templates');
  await page.getByRole('listitem', { name: 'Greeting', exact: true }).getByText('variables: name (default “friends”)').waitFor();
});

test("a template's own text on a platform and its labels, set on the Templates page; a rule broken by a platform's text is shown beside it", async () => {
  const api = apiAsPage(page, app.server.url);
  await api.post('/api/v1/labels', { name: 'Events', colour: '#1e90ff' });
  await page.goto(`${app.server.url}/templates`);
  const newTemplate = page.getByRole('form', { name: 'New template' });
  await newTemplate.getByLabel('Name').fill('Meetup');
  await newTemplate.getByLabel('Text', { exact: true }).fill('Meetup on {{day}}');
  await newTemplate.getByRole('checkbox', { name: /Alice/ }).check();
  await newTemplate.getByText('Text per platform (optional)').click();
  await newTemplate.getByLabel('Text on Mastodon').fill(`Fediverse meetup on {{day}} ${'x'.repeat(500)}`);
  await newTemplate.getByRole('checkbox', { name: 'Events' }).check();
  await newTemplate.getByRole('button', { name: 'Add template' }).click();
  // Mastodon's 500 characters, broken by Mastodon's own text: said beside it, and the form kept
  await newTemplate.getByText(/^Mastodon allows 500 characters .*; this post has \d+$/).waitFor();
  expect(await newTemplate.getByLabel('Text on Mastodon').getAttribute('aria-invalid')).toBe('true');
  expect(await newTemplate.getByRole('checkbox', { name: 'Events' }).isChecked()).toBe(true);
  await screenshot(page, 'templates-variant-refused');

  await newTemplate.getByLabel('Text on Mastodon').fill('Fediverse meetup on {{day}}');
  await newTemplate.getByRole('button', { name: 'Add template' }).click();
  await page.getByRole('listitem', { name: 'Meetup', exact: true }).waitFor();
  const templates: Array<{ name: string; variants: unknown; labelIds: string[] }> = (await api.get('/api/v1/templates')).data;
  const meetup = templates.find((template) => template.name === 'Meetup')!;
  expect(meetup.variants).toEqual([{ platform: 'MASTODON', content: 'Fediverse meetup on {{day}}' }]);
  expect(meetup.labelIds).toHaveLength(1);

  // an edit that empties the platform's text removes its variant, and keeps the rest
  await page.getByRole('listitem', { name: 'Meetup', exact: true }).getByRole('link', { name: 'Edit Meetup' }).click();
  const edit = page.getByRole('form', { name: 'Edit Meetup' });
  expect(await edit.getByLabel('Text on Mastodon').inputValue()).toBe('Fediverse meetup on {{day}}');
  await edit.getByLabel('Text on Mastodon').fill('');
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('form', { name: 'Edit Meetup' }).waitFor({ state: 'detached' });
  const edited = (await api.get('/api/v1/templates')).data.find((template: { name: string }) => template.name === 'Meetup');
  expect(edited).toMatchObject({ variants: [], labelIds: meetup.labelIds, content: 'Meetup on {{day}}' });
});
