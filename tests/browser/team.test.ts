// Teams in a real browser: an owner invites a colleague from the team page, the colleague
// opens the link, signs up with the invited address, joins, and switches between teams;
// the owner changes the colleague's role, and the colleague's team page says what it allows.
import type { Page } from 'playwright-core';
import { screenshot, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(120_000);

let app: WebApp;

beforeAll(async () => {
  app = await startWebApp();
});

afterAll(async () => {
  await app?.stop();
});

async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: /create|sign up/i }).click();
}

test('an owner invites a colleague, who joins from the link, switches teams, and reads what the role the owner gives him allows', async () => {
  const owner = await app.browser.newPage();
  await owner.goto(`${app.server.url}/signup`);
  await signUp(owner, 'Olive', `olive-${Date.now()}@example.com`);
  await owner.waitForURL('**/dashboard');
  await owner.getByRole('link', { name: 'Team', exact: true }).click();
  await owner.getByRole('heading', { name: "Olive's team" }).waitFor();

  const colleagueEmail = `colm-${Date.now()}@example.com`;
  await owner.getByLabel('Email').fill('not an email');
  await owner.getByRole('button', { name: 'Create invitation link' }).click();
  await owner.getByText('Enter a valid email address').waitFor();
  await owner.getByLabel('Email').fill(colleagueEmail);
  await owner.getByLabel('Role', { exact: true }).selectOption('EDITOR');
  await owner.getByRole('button', { name: 'Create invitation link' }).click();
  const link = await owner.getByLabel('Invitation link').inputValue();
  expect(link).toMatch(/\/invitations\//);
  await screenshot(owner, 'team');

  const colleague = await app.browser.newPage();
  await colleague.goto(link);
  await colleague.getByRole('heading', { name: "Join Olive's team" }).waitFor();
  await colleague.getByRole('link', { name: `Sign up as ${colleagueEmail}` }).click();
  await signUp(colleague, 'Colm', colleagueEmail);
  await colleague.waitForURL(/\/invitations\//);
  await colleague.getByRole('button', { name: "Join Olive's team" }).click();
  await colleague.waitForURL('**/dashboard');
  await colleague.locator('.team-name', { hasText: "Olive's team" }).waitFor();

  await colleague.getByRole('link', { name: 'Team', exact: true }).click();
  await colleague.getByRole('cell', { name: colleagueEmail }).waitFor();
  await colleague.getByRole('button', { name: "Switch to Colm's team" }).click();
  await colleague.getByRole('heading', { name: "Colm's team" }).waitFor();
  await colleague.locator('.team-name', { hasText: "Colm's team" }).waitFor();

  // the owner makes Colm a viewer; back in Olive's team, he reads what that allows
  await owner.reload();
  await owner.getByLabel('Role of Colm').selectOption('VIEWER');
  const saved = owner.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes('/team'));
  await owner.getByRole('row', { name: /Colm/ }).getByRole('button', { name: 'Change' }).click();
  await saved;
  await owner.reload();
  expect(await owner.getByLabel('Role of Colm').inputValue()).toBe('VIEWER');
  await colleague.getByRole('button', { name: "Switch to Olive's team" }).click();
  await colleague.getByRole('heading', { name: "Olive's team" }).waitFor();
  await colleague.getByText('You are viewer of this team: reads posts and accounts.').waitFor();
  expect(await colleague.getByRole('heading', { name: 'Invite someone' }).count()).toBe(0);

  // the link worked once
  const again = await app.browser.newPage();
  const response = await again.goto(link);
  expect(response?.status()).toBe(404);
  await again.getByText('This link was used, revoked or has expired').waitFor();
});
