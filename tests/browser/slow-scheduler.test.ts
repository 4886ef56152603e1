// A scheduler slow to answer, in a real browser: the editor schedules a post while the
// server's calls to Temporal go unanswered (a proxy the test holds; the worker reaches
// Temporal directly). The post's page says it is saved and goes out at its time, never
// that the scheduler did not answer; once Temporal answers, it publishes and the page
// turns Published without a reload.
import type { Page } from 'playwright-core';
import { berlinWallClock, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { temporalProxy } from '../support/tcp-proxy';

jest.setTimeout(240_000);

const proxy = temporalProxy();
let app: WebApp;
let page: Page;

beforeAll(async () => {
  await proxy.start();
  app = await startWebApp({
    withWorker: true,
    // a short wait, so that each held call gives up quickly
    env: { TEMPORAL_ADDRESS: proxy.address, WORKFLOW_UPDATE_TIMEOUT_MS: '1500' },
    workerEnv: { TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS },
  });
  ({ page } = await app.newBerlinPage());
});

afterAll(async () => {
  await app?.stop();
  await proxy.stop();
});

test('a post scheduled while the scheduler does not answer is saved, said to go out at its time, and does', async () => {
  await signUpInBrowser(page, app.server.url, 'Sol');
  await page.goto(`${app.server.url}/connections`);
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated
  await page.getByRole('checkbox', { name: /Demo/ }).check();
  const content = 'Out on time, whatever the scheduler';
  await page.getByLabel('Text', { exact: true }).fill(content);
  await page.locator('input[type="datetime-local"]').fill(berlinWallClock(new Date(Date.now() + 40_000), { seconds: true }));
  proxy.hold();
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  await page.getByRole('status').getByText('Saved and scheduled: it goes out at its time.').waitFor();
  expect(await page.getByText(/did not answer/).count()).toBe(0);
  await screenshot(page, 'post-saved-while-the-scheduler-is-slow');

  proxy.release();
  await page.getByRole('heading', { name: /^Post/ }).getByText('Published', { exact: true }).waitFor({ timeout: 120_000 });
  await screenshot(page, 'post-published-after-the-scheduler-answered');
});
