// A user connects a Bluesky account with an app password in a real browser (against a
// local fake of the PDS), the composer refuses a post longer than Bluesky takes, and an
// account that needs reconnecting is reconnected from its card.
import { createDb } from '../../lib/db';
import { FakeBluesky } from '../fakes/bluesky';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(120_000);

const bluesky = new FakeBluesky();
let app: WebApp;

beforeAll(async () => {
  await bluesky.start();
  app = await startWebApp({ env: { BLUESKY_DEFAULT_SERVICE_URL: bluesky.url } });
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), bluesky.stop()]);
});

test('a wrong app password is shown beside its field; the right one connects the account; an over-long post is refused', async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Bea');

  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByLabel('Handle').fill('alice.bsky.social');
  await page.getByLabel('App password').fill('not-the-password');
  await page.getByRole('button', { name: 'Connect Bluesky' }).click();
  const passwordField = page.getByLabel('App password');
  await page.getByText(/rejected the handle and app password/).waitFor();
  // the message belongs to the password field, and the handle is kept
  expect(await passwordField.getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel('Handle').getAttribute('aria-invalid')).toBeNull();
  expect(await page.getByLabel('Handle').inputValue()).toBe('alice.bsky.social');
  await screenshot(page, 'connect-bluesky-refused');

  await passwordField.fill('alice-app-password');
  await page.getByRole('button', { name: 'Connect Bluesky' }).click();
  await page.getByText('@alice.bsky.social').first().waitFor();

  await page.goto(`${app.server.url}/compose`);
  await page.getByLabel('Text').fill('b'.repeat(301));
  await page.locator('input[type="datetime-local"]').fill('2030-01-01T09:00');
  // the composer checks Bluesky's rules as the text is typed, and will not schedule it
  await page
    .getByRole('status')
    .getByText(/Bluesky allows 300 characters; this post has 301/)
    .waitFor();
  expect(await page.getByRole('button', { name: 'Schedule' }).isDisabled()).toBe(true);
  await screenshot(page, 'composer-platform-rules');
});

test('an account that needs reconnecting is reconnected from its card: the form is filled in but for the new app password', async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Remy');
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByLabel('Handle').fill('bob.bsky.social');
  await page.getByLabel('App password').fill('bob-app-password');
  await page.getByRole('button', { name: 'Connect Bluesky' }).click();
  const card = page.locator('.connection', { hasText: '@bob.bsky.social' });
  await card.waitFor();
  // what a revoked app password leaves behind (the worker marks it so when Bluesky refuses it)
  const { currentTeamId } = await (await page.request.get(`${app.server.url}/api/v1/me`)).json();
  const db = createDb(app.env.config.DATABASE_URL);
  try {
    await db.connection.updateMany({ where: { teamId: currentTeamId, handle: '@bob.bsky.social' }, data: { status: 'NEEDS_RECONNECT' } });
  } finally {
    await db.$disconnect();
  }

  await page.reload();
  await card.getByText('Needs reconnecting').waitFor();
  await card.getByRole('link', { name: 'Reconnect' }).click();
  await page.getByRole('heading', { name: 'Reconnect @bob.bsky.social' }).waitFor();
  expect(await page.getByLabel('Handle').inputValue()).toBe('bob.bsky.social');
  expect(await page.getByLabel(/^PDS/).inputValue()).toBe(bluesky.url);
  expect(await page.getByLabel('App password').inputValue()).toBe('');
  await screenshot(page, 'connections-reconnect-bluesky');

  // another account's credentials connect that account, and the page says bob still needs his
  await page.getByLabel('Handle').fill('alice.bsky.social');
  await page.getByLabel('App password').fill('alice-app-password');
  await page.getByRole('button', { name: 'Reconnect Bluesky' }).click();
  await page
    .getByRole('alert')
    .getByText(
      'Those credentials belong to @alice.bsky.social, now connected as an account of its own. @bob.bsky.social still needs its own.',
    )
    .waitFor();
  await page.getByRole('heading', { name: 'Reconnect @bob.bsky.social' }).waitFor();
  await card.getByText('Needs reconnecting').waitFor();

  await page.getByLabel('Handle').fill('bob.bsky.social');
  await page.getByLabel('App password').fill('bob-app-password');
  await page.getByRole('button', { name: 'Reconnect Bluesky' }).click();

  await page.getByRole('status').getByText('Reconnected @bob.bsky.social: posts to it publish again.').waitFor();
  expect(await page.locator('.connection', { hasText: '@bob.bsky.social' }).count()).toBe(1);
  expect(await card.getByText('Needs reconnecting').count()).toBe(0);
});
