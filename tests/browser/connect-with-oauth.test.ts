// Connecting and reconnecting an OAuth account in a real browser: the Connections page's
// buttons, the provider's consent screen (a local fake that approves at once, or declines),
// and the page the browser lands on.
import { createDb, type Db } from '../../lib/db';
import { FAKE_ACCOUNTS, FakeOAuthProvider } from '../fakes/oauth-provider';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(180_000);

const provider = new FakeOAuthProvider();
let app: WebApp;
let db: Db;

beforeAll(async () => {
  await provider.start();
  app = await startWebApp({ env: provider.env() });
  db = createDb(app.env.config.DATABASE_URL);
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), provider.stop(), db?.$disconnect()]);
});

test('a user connects X, reconnects it after it needed reconnecting, and sees a clear message when declining', async () => {
  const page = await app.browser.newPage();
  const email = await signUpInBrowser(page, app.server.url, 'Connie');
  await page.getByRole('link', { name: 'Connections' }).click();

  await page.getByRole('link', { name: 'Connect X' }).click();
  await page.waitForURL('**/connections?oauth=connected*');
  await page.getByRole('status').getByText(`Connected @${FAKE_ACCOUNTS.x.username} (X).`).waitFor();
  await page.getByText(FAKE_ACCOUNTS.x.name, { exact: true }).waitFor();

  const [connection] = await db.connection.findMany({
    // other test files connect the same fake account at the same time: this user's team's connection
    where: { platform: 'X', handle: `@${FAKE_ACCOUNTS.x.username}`, team: { memberships: { some: { user: { email } } } } },
    orderBy: { createdAt: 'desc' },
    take: 1,
  });
  await db.connection.update({ where: { id: connection!.id }, data: { status: 'NEEDS_RECONNECT' } });
  await page.goto(`${app.server.url}/connections`);
  await page.getByText(/Needs reconnecting/).waitFor();
  await screenshot(page, 'connections-needs-reconnecting');

  await page.getByRole('link', { name: 'Reconnect' }).click();
  await page.waitForURL('**/connections?oauth=connected*');
  expect(await page.getByText(/Needs reconnecting/).count()).toBe(0);
  expect((await db.connection.findUniqueOrThrow({ where: { id: connection!.id } })).status).toBe('ACTIVE');

  provider.denyNextConsent('linkedin');
  await page.getByRole('link', { name: 'Connect LinkedIn' }).click();
  await page.waitForURL('**/connections?oauth=error*');
  await page.getByRole('alert').getByText('You declined access on LinkedIn; no account was connected.').waitFor();
  await screenshot(page, 'connections-oauth-declined');
});

test('the Connections page offers all fifteen platforms, and TikTok and Google Business Profile connect through their own pages', async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Fifteen');
  await page.goto(`${app.server.url}/connections`);
  const connect = page.getByRole('region', { name: 'Connect an account' });
  const oauth = [
    'X',
    'Facebook',
    'Instagram',
    'YouTube',
    'LinkedIn',
    'Threads',
    'TikTok',
    'Pinterest',
    'Reddit',
    'Google Business Profile',
  ];
  for (const name of oauth) await connect.getByRole('link', { name: `Connect ${name}`, exact: true }).waitFor();
  const tokens = ['Mastodon', 'Bluesky', 'Telegram', 'Discord', 'Slack'];
  for (const name of tokens) await page.getByRole('button', { name: `Connect ${name}`, exact: true }).waitFor();
  expect(oauth.length + tokens.length).toBe(15);
  // the sentence on how each platform connects names every one of them (read from their definitions)
  const intro = await connect.locator('p').first().textContent();
  expect(intro).toContain("Reddit, Pinterest, TikTok and Google Business Profile connect on the platform's own page");
  expect(intro).toContain('Mastodon, Bluesky, Telegram, Discord, Slack and the demo channel need no setup on the server');
  for (const name of [...oauth, ...tokens]) expect(intro).toContain(name);
  await screenshot(page, 'connections-fifteen-platforms');

  await connect.getByRole('link', { name: 'Connect TikTok' }).click();
  await page.waitForURL('**/connections?oauth=connected*');
  await page.getByRole('status').getByText(`Connected ${FAKE_ACCOUNTS.tiktok.display_name} (TIKTOK).`).waitFor();
  await connect.getByRole('link', { name: 'Connect Google Business Profile' }).click();
  await page.waitForURL('**/connections?oauth=connected*');
  await page.getByText('Alice Bakery Harbour').first().waitFor();
  await screenshot(page, 'connections-tiktok-google-business');
});
