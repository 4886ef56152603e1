// The web app under its Content-Security-Policy: inline scripts run only with the
// response's nonce (no 'unsafe-inline'), and the app still hydrates and works in a real
// browser, composer thumbnails (blob: images) included, without one CSP violation.
import type { Page } from 'playwright-core';
import { PNG } from '../support/media-fixtures';
import { signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { signUpWithToken } from '../support/harness';

jest.setTimeout(120_000);

let app: WebApp;

beforeAll(async () => {
  app = await startWebApp();
});

afterAll(async () => {
  await app?.stop();
});

function directive(policy: string, name: string): string[] {
  const found = policy.split(';').map((part) => part.trim().split(/\s+/));
  return found.find(([directiveName]) => directiveName === name)?.slice(1) ?? [];
}

/** The page's CSP nonce, after checking that every script in it carries that nonce. */
async function nonceOfPage(url: string, cookie?: string): Promise<string> {
  const response = await fetch(url, { headers: cookie ? { cookie } : {} });
  expect(response.status).toBe(200);
  const policy = response.headers.get('content-security-policy') ?? '';
  const scriptSources = directive(policy, 'script-src');
  expect(scriptSources).not.toContain("'unsafe-inline'");
  const nonces = scriptSources.filter((source) => source.startsWith("'nonce-"));
  expect(nonces).toHaveLength(1);
  const nonce = nonces[0]!.slice("'nonce-".length, -1);
  expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  expect(directive(policy, 'img-src')).toEqual(expect.arrayContaining(["'self'", 'data:', 'blob:']));

  const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(` nonce="${nonce}"`);
  return nonce;
}

test("every page's scripts carry that response's own nonce, and script-src allows no other inline script", async () => {
  const visitorNonces = [await nonceOfPage(`${app.server.url}/login`), await nonceOfPage(`${app.server.url}/login`)];
  expect(visitorNonces[0]).not.toBe(visitorNonces[1]);
  // a logged-in page streams its loaders' data in scripts of its own
  const { session } = await signUpWithToken(app.server.url, 'Nonce');
  const cookie = session.authHeaders().cookie;
  expect(cookie).toBeDefined();
  await nonceOfPage(`${app.server.url}/dashboard`, cookie);
  await nonceOfPage(`${app.server.url}/compose`, cookie);
});

/** What the browser reported about the policy: console messages and securitypolicyviolation events. */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|hydrat/i.test(message.text())) messages.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return async () => [...messages, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))];
}

test('the app hydrates and works under the policy: no violation, blob: thumbnails load, an injected inline script does not run', async () => {
  const { page } = await app.newBerlinPage();
  const violations = await recordViolations(page);

  await signUpInBrowser(page, app.server.url, 'Cora');
  // the Menu button exists only once React has hydrated the page (hidden on a wide screen)
  await page.locator('button.menu-button').waitFor({ state: 'attached' });
  // client-side navigation (the app is hydrated), a form, and the composer with an image
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compose' }).click();
  await page.locator('input[type="file"]').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('.attachment img[data-uploaded]').waitFor();

  // an image from a blob: URL, as the composer shows a file before its upload ends
  const blobImageWidth = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 3;
    canvas.height = 2;
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((made) => resolve(made!)));
    const image = new Image();
    image.src = URL.createObjectURL(blob);
    await image.decode();
    return image.naturalWidth;
  });
  expect(blobImageWidth).toBe(3);
  expect(await violations()).toEqual([]);

  // an inline script without the nonce (what an injection would add) is refused
  const injectedRan = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return (window as unknown as { injected?: boolean }).injected === true;
  });
  expect(injectedRan).toBe(false);
  expect(await violations()).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src/)]));
});
