// A real browser for UI tests: Debian's Chromium driven by playwright-core (Playwright's
// own browser download is not available on our machines). CHROMIUM_PATH overrides.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../api/server';
import { createLogger } from '../../lib/logger';
import { freePort } from '../../runtime/ports';
import type { ServiceProcess } from '../../runtime/processes';
import { startWorker, testEnv, waitFor, type TestEnv } from './harness';

/** Where browser tests leave their screenshots, to be looked at after a run. */
export const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

/** The editors in browser tests live in Berlin: a zone with DST, away from the server's UTC. */
export const EDITOR_TIME_ZONE = 'Europe/Berlin';

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
export async function signUpInBrowser(page: Page, serverUrl: string, name: string): Promise<string> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  await page.goto(`${serverUrl}/signup`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: /create|sign up/i }).click();
  await page.waitForURL('**/dashboard');
  return email;
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

/**
 * With a worker running, connecting reads each account's follower count once, in the
 * background. A test that then changes what a fake accepts (a revoked token) waits for those
 * reads first, so the change meets the step it tests: a follower read meeting a revoked token
 * would mark the account for reconnecting before it.
 */
export async function waitForFirstFollowerCounts(page: Page): Promise<void> {
  const api = apiAsPage(page, new URL(page.url()).origin);
  const { data } = (await api.get('/api/v1/connections')) as { data: Array<{ id: string }> };
  for (const { id } of data) {
    await waitFor(
      () => api.get(`/api/v1/connections/${id}/followers`) as Promise<{ days: unknown[] }>,
      (answer) => answer.days.length > 0,
      30_000,
    );
  }
}

/** Waits until the image has loaded (not only appeared), then reports its intrinsic width and where it came from. */
export async function loadedImage(image: Locator): Promise<{ naturalWidth: number; src: string }> {
  await image.waitFor();
  await image.evaluate((element: HTMLImageElement) => element.decode());
  return image.evaluate((element: HTMLImageElement) => ({ naturalWidth: element.naturalWidth, src: element.getAttribute('src')! }));
}

/** The `datetime-local` value of an instant on a Berlin wall clock (the browser's zone in these tests). */
export function berlinWallClock(instant: Date, { seconds = false } = {}): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: EDITOR_TIME_ZONE, dateStyle: 'short', timeStyle: seconds ? 'medium' : 'short' })
    .format(instant)
    .replace(' ', 'T');
}

export interface WebApp {
  env: TestEnv;
  server: RunningServer;
  browser: Browser;
  /** only when asked for: the tests that publish need one */
  worker?: ServiceProcess;
  /** a fresh context and page as an editor in Berlin sees the app, on a laptop screen */
  newBerlinPage(): Promise<{ context: BrowserContext; page: Page }>;
  stop(): Promise<void>;
}

/**
 * The product for a browser test: the server with the web app on a known port (the links
 * it builds from PUBLIC_URL must open), Chromium, and a worker when `withWorker` is set.
 */
export async function startWebApp(
  options: {
    withWorker?: boolean;
    env?: NodeJS.ProcessEnv;
    /** variables only the worker gets, over `env` */
    workerEnv?: NodeJS.ProcessEnv;
  } = {},
): Promise<WebApp> {
  await mkdir(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const env = testEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...options.env });
  const started = await Promise.allSettled([
    startServer(env.config, createLogger({ name: 'test-web', level: env.config.LOG_LEVEL }), { web: true }),
    launchBrowser(),
    options.withWorker ? startWorker({ ...env, env: { ...env.env, ...options.workerEnv } }) : Promise.resolve(undefined),
  ] as const);
  const [server, browser, worker] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined)) as [
    RunningServer | undefined,
    Browser | undefined,
    ServiceProcess | undefined,
  ];
  const stop = async () => {
    await Promise.allSettled([browser?.close(), worker?.stop(), server?.close()]);
  };
  const failure = started.find((result) => result.status === 'rejected');
  if (failure || !server || !browser) {
    await stop();
    throw failure?.reason ?? new Error('the web app did not start');
  }
  return {
    env,
    server,
    browser,
    worker,
    async newBerlinPage() {
      const context = await browser.newContext({ timezoneId: EDITOR_TIME_ZONE, viewport: { width: 1280, height: 900 } });
      return { context, page: await context.newPage() };
    },
    stop,
  };
}

/** A full-page screenshot in test-artifacts/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  // caret 'initial': hiding the caret styles inputs, which React would report as a hydration mismatch
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, caret: 'initial' });
}

/** A file for a multipart upload. */
export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A request to the API as the page's signed-in user: its session cookie, and on writes the CSRF token the web app's own scripts send. */
export async function sendAsPage(
  page: Page,
  url: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  body: { data?: unknown; multipart?: Record<string, string | UploadFile> } = {},
) {
  const headers: Record<string, string> =
    method === 'GET'
      ? {}
      : { 'x-csrf-token': (await (await page.request.get(new URL('/api/v1/auth/csrf', url).toString())).json()).csrfToken };
  return page.request.fetch(url, { method, ...body, headers });
}

/** The API as the page's signed-in user (sendAsPage), answering JSON bodies; an answer that is not 2xx throws, with its problem in the message. */
export function apiAsPage(page: Page, baseUrl: string) {
  async function send(method: 'GET' | 'POST', pathname: string, body: Parameters<typeof sendAsPage>[3] = {}) {
    const response = await sendAsPage(page, `${baseUrl}${pathname}`, method, body);
    if (!response.ok()) throw new Error(`${method} ${pathname} answered ${response.status()}: ${await response.text()}`);
    return response.status() === 204 ? undefined : response.json();
  }
  return {
    get: (pathname: string) => send('GET', pathname),
    post: (pathname: string, data?: unknown) => send('POST', pathname, { data }),
    /** a multipart POST: `file` and any text fields */
    upload: (pathname: string, file: UploadFile, fields: Record<string, string> = {}) =>
      send('POST', pathname, { multipart: { file, ...fields } }),
  };
}

/** A real, colourful PNG: a screenshot of a small page drawn for it in `context`. */
export async function paintPicture(context: BrowserContext, text: string, colours: string): Promise<Buffer> {
  const painter = await context.newPage();
  await painter.setViewportSize({ width: 480, height: 320 });
  await painter.setContent(
    `<body style="margin:0;background:linear-gradient(135deg,${colours});font:bold 64px sans-serif;color:#fff;display:grid;place-items:center;height:100vh">${text}</body>`,
  );
  const png = await painter.screenshot({ type: 'png' });
  await painter.close();
  return png;
}
