// The composer's AI panel in a real browser, against the real server, worker, Temporal and
// PostgreSQL and the contract fake of an OpenAI-compatible provider: a rewrite for Mastodon
// streamed, checked as fitting and accepted into the account's own text; the main text
// split into a thread by the model and accepted into the parts. Nothing is published.
import type { Page } from 'playwright-core';
import { FakeMastodon } from '../fakes/mastodon';
import { FAKE_OPENAI_KEY, FakeOpenAi } from '../fakes/openai';
import { apiAsPage, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(240_000);

const openAi = new FakeOpenAi();
const mastodon = new FakeMastodon();
let app: WebApp;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  await Promise.all([openAi.start(), mastodon.start()]);
  app = await startWebApp({
    withWorker: true,
    env: { AI_BASE_URL: `${openAi.url}/v1`, AI_API_KEY: FAKE_OPENAI_KEY, AI_MODEL: 'fake-writer' },
  });
  ({ page } = await app.newBerlinPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), openAi.stop(), mastodon.stop()]);
});

test('a rewrite for Mastodon and a thread split are suggested, checked and accepted into the composer', async () => {
  await signUpInBrowser(page, app.server.url, 'Aiko');
  const api = apiAsPage(page, app.server.url);
  await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated: the panel is shown
  await page.getByRole('checkbox', { name: /Mastodon/ }).check();
  const text = 'We planned it. We built it. It ships today.';
  await page.getByLabel('Text', { exact: true }).fill(text);

  const panel = page.getByRole('region', { name: 'AI suggestions' });
  await panel.getByRole('button', { name: 'Rewrite for each account' }).click();
  await panel.getByText(/: fits$/).waitFor();
  await panel.getByText(`Fresh take: ${text}`).waitFor();
  await screenshot(page, 'ai-suggestion-rewrite');
  await panel.getByRole('button', { name: 'Accept' }).click();
  await page.getByRole('button', { name: /^Customize for Mastodon/ }).click();
  expect(await page.getByLabel(/^Custom version for Mastodon/).inputValue()).toBe(`Fresh take: ${text}`);

  await panel.getByRole('button', { name: 'Split into a thread' }).click();
  await panel.getByText(/: fits$/).waitFor();
  await panel.getByRole('button', { name: 'Accept' }).click();
  expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe('We planned it.');
  expect(await page.getByRole('textbox', { name: 'Part 2' }).inputValue()).toBe('We built it.');
  expect(await page.getByRole('textbox', { name: 'Part 3' }).inputValue()).toBe('It ships today.');
  expect(openAi.chats).toHaveLength(2);
  // a suggestion is a proposal: nothing was scheduled or published
  expect(mastodon.statuses).toHaveLength(0);
  expect(consoleErrors).toEqual([]);
});
