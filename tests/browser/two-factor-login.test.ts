// Account security in a real browser: an editor sets up two-factor log-in in Settings (QR
// code, the first code, the recovery codes shown once), logs out, and logs in again with a
// code of the app; Settings lists the sessions with this device marked. The links mailed
// after sign-up and by "Forgot password?" (read from a loopback SMTP server) verify the
// address and set a new password. Screenshots at desktop and phone width.
import { authenticator } from 'otplib';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { TestSmtpServer } from '../support/smtp-server';

jest.setTimeout(120_000);

let app: WebApp;
const mail = new TestSmtpServer();

beforeAll(async () => {
  await mail.start();
  app = await startWebApp({ withWorker: true, env: { SMTP_URL: mail.url } });
});

afterAll(async () => {
  await app?.stop();
  await mail.stop();
});

/** The link of the newest mail to `to` that holds one to `page`, waiting for it. */
async function mailedLink(to: string, page: string): Promise<string> {
  const message = await mail.waitFor((email) => email.to.includes(to) && email.text.includes(`/${page}/`));
  return /https?:\/\/\S+/.exec(message.text.slice(message.text.indexOf('http')))![0];
}

/** A code of the secret for the time step `stepsAhead` steps from now (the server accepts one either side). */
const codeFor = (secret: string, stepsAhead = 0) => authenticator.clone({ epoch: Date.now() + stepsAhead * 30_000 }).generate(secret);

test('an editor turns on two-factor log-in, then logs in with a code of the app', async () => {
  const { page } = await app.newBerlinPage();
  const email = await signUpInBrowser(page, app.server.url, 'Toni');
  await page.locator('.verification-banner').getByText(`open the link we sent to ${email}`).waitFor();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Set up two-factor log-in' }).click();
  const qrCode = page.getByRole('img', { name: /QR code of the two-factor secret/ });
  await qrCode.waitFor();
  expect(await qrCode.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  const secret = (await page.locator('.secret-text').textContent())!.trim();
  await screenshot(page, 'two-factor-enrolment');

  await page.getByLabel('Code from the app').fill('000000' === codeFor(secret) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByText('is not the current code of your authenticator app').waitFor();
  const confirmationCode = codeFor(secret);
  await page.getByLabel('Code from the app').fill(confirmationCode);
  await page.getByRole('button', { name: 'Turn on' }).click();
  const recoveryCodes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await recoveryCodes.first().waitFor();
  expect(await recoveryCodes.count()).toBe(10);
  await screenshot(page, 'two-factor-recovery-codes');
  await page.reload();
  expect(await page.getByRole('list', { name: 'Recovery codes' }).count()).toBe(0); // shown once
  await page.getByText('10 of 10 recovery codes left').waitFor();

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(/\/login\/second-factor/);
  // half logged in: the app stays closed
  await page.goto(`${app.server.url}/dashboard`);
  await page.waitForURL(/\/login\?redirectTo=%2Fdashboard/);
  await page.goBack();
  await page.waitForURL(/\/login\/second-factor/);

  // the confirmation's code is spent: the next one logs in
  await page.getByLabel('Code').fill(confirmationCode);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByText('The code is wrong, or it was used already').waitFor();
  await screenshot(page, 'two-factor-login-refused');
  await page.getByLabel('Code').fill(codeFor(secret, 1));
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/dashboard');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Sessions' }).waitFor();
  await page.getByRole('rowheader', { name: /\(this device\)/ }).waitFor();
  await screenshot(page, 'settings-security');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'phone-settings-security');
  // nothing widens the page beyond the phone's screen (the sessions table scrolls in its own box)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('the mailed links verify the address and, from "Forgot password?", set a new password', async () => {
  const { page } = await app.newBerlinPage();
  const email = await signUpInBrowser(page, app.server.url, 'Vic');
  await page.goto(await mailedLink(email, 'verify-email'));
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await page.getByText('Thank you: your address is verified.').waitFor();
  await page.goto(`${app.server.url}/dashboard`);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  expect(await page.locator('.verification-banner').count()).toBe(0);
  await page.getByRole('button', { name: 'Log out' }).click();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await page.getByRole('heading', { name: 'Forgot password?' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.getByText(`If ${email} has a planrrr account, a link to choose a new password is on its way.`).waitFor();
  await screenshot(page, 'phone-forgot-password');

  await page.goto(await mailedLink(email, 'reset-password'));
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await page.getByLabel('New password').fill('password');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await page.getByText(/Password is too easy to guess/).waitFor();
  await page.getByLabel('New password').fill('violet harbour lantern');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await page.getByText('Your password is changed, and every other session is signed out.').waitFor();
  await screenshot(page, 'phone-password-changed');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill('violet harbour lantern');
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL('**/dashboard');
});
