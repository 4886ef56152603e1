// A real browser for UI tests: Debian's Chromium driven by playwright-core (Playwright's
// own browser download is not available on our machines). CHROMIUM_PATH overrides.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs a new user up through the form (a unique address per call); ends on the dashboard. */
export async function signUpInBrowser(page: Page, serverUrl: string, name: string): Promise<void> {
  await page.goto(`${serverUrl}/signup`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(`${name.toLowerCase()}-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: /create|sign up/i }).click();
  await page.waitForURL('**/dashboard');
}

/** Connects the demo channel and the Mastodon account `alice` of the fake at `mastodonUrl`. */
export async function connectDemoAndMastodon(page: Page, mastodonUrl: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();
  await page.getByLabel('Instance URL').fill(mastodonUrl);
  await page.getByLabel('Access token').fill('token-alice');
  await page.getByRole('button', { name: 'Connect Mastodon' }).click();
  await page.getByText('@alice', { exact: false }).first().waitFor();
}

/** The `datetime-local` value of an instant on a Berlin wall clock (the browser's zone in these tests). */
export function berlinWallClock(instant: Date, { seconds = false } = {}): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: seconds ? 'medium' : 'short' })
    .format(instant)
    .replace(' ', 'T');
}
