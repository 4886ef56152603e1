// An editor's own account in a real browser: sign-up mistakes shown beside their fields,
// the profile's name and time zone, logging out, a wrong password refused, and logging in
// again, back where they were going.
import { screenshot, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(120_000);

let app: WebApp;

beforeAll(async () => {
  app = await startWebApp();
});

afterAll(async () => {
  await app?.stop();
});

test('sign up with mistakes, fix them, set the time zone, log out, and log in again', async () => {
  const { page } = await app.newBerlinPage();
  const email = `gina-${Date.now()}@example.com`;

  await page.goto(`${app.server.url}/signup`);
  await page.getByLabel('Name').fill('Gina');
  await page.getByLabel('Email').fill('gina-at-example.com');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: /create|sign up/i }).click();
  // each mistake beside its field, and what was typed is kept
  await page.getByText('Enter a valid email address').waitFor();
  await page.getByText('Password must be at least 8 characters').waitFor();
  expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBeNull();
  expect(await page.getByLabel('Name').inputValue()).toBe('Gina');
  await screenshot(page, 'signup-refused');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: /create|sign up/i }).click();
  await page.waitForURL('**/dashboard');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Gina Lopez');
  await page.getByLabel('Time zone', { exact: true }).selectOption('America/New_York');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page
    .getByRole('status')
    .getByText(/^Saved\. Times now show in/)
    .waitFor();
  await page.reload();
  expect(await page.getByLabel('Time zone', { exact: true }).inputValue()).toBe('America/New_York');
  expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Gina Lopez');

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login');
  // the app is closed to a visitor, who is sent back after logging in
  await page.goto(`${app.server.url}/calendar`);
  await page.waitForURL(/\/login\?redirectTo=%2Fcalendar/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the passphrase');
  await page.getByRole('button', { name: /log in/i }).click();
  await page.getByText('The email or password is wrong.').waitFor();
  expect(await page.getByLabel('Email').inputValue()).toBe(email);
  await screenshot(page, 'login-refused');
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL('**/calendar');
  await page.getByText('Gina Lopez').first().waitFor();
});
