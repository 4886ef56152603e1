// Recovering a failed post in a real browser, against the real server, worker, Temporal and
// PostgreSQL and a contract fake of Mastodon. A revoked token: the page shows why and links to
// the filled-in reconnect form; after reconnecting, "Retry" publishes to Mastodon alone, and
// the page turns Published without a reload. A refused text: "Fix and retry" opens the
// composer, and the fix goes to Mastodon while the demo channel keeps what it published.
import type { Page } from 'playwright-core';
import { FakeMastodon } from '../fakes/mastodon';
import {
  berlinWallClock,
  connectDemoAndMastodon,
  screenshot,
  signUpInBrowser,
  startWebApp,
  waitForFirstFollowerCounts,
  type WebApp,
} from '../support/browser';

jest.setTimeout(240_000);

const mastodon = new FakeMastodon();
let app: WebApp;
let page: Page;

beforeAll(async () => {
  [app] = await Promise.all([startWebApp({ withWorker: true }), mastodon.start()]);
  ({ page } = await app.newBerlinPage());
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), mastodon.stop()]);
});

test('a post that failed on a revoked token is published after reconnecting the account and retrying it from its page', async () => {
  await signUpInBrowser(page, app.server.url, 'Fern');
  await connectDemoAndMastodon(page, mastodon.url);
  await waitForFirstFollowerCounts(page);
  // Alice revokes planrrr's token on her instance.
  mastodon.validTokens.delete('token-alice');

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated
  await page.getByRole('checkbox', { name: /Demo/ }).check();
  await page.getByRole('checkbox', { name: /Mastodon/ }).check();
  const content = 'Back on Mastodon after a hiccup';
  await page.getByLabel('Text', { exact: true }).fill(content);
  await page.locator('input[type="datetime-local"]').fill(berlinWallClock(new Date(Date.now() + 5_000), { seconds: true }));
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  const postUrl = page.url();

  // No reload: the page follows the post until it settles.
  const heading = page.getByRole('heading', { name: /^Post/ });
  await heading.getByText('Partially published').waitFor({ timeout: 90_000 });
  // the error's cell: the account's cell may hold a port with 401 in it
  await page.getByRole('cell', { name: /answered 401/ }).waitFor();
  await screenshot(page, 'post-failed-on-revoked-token');

  // for operators: the post's workflow, where every attempt and its error is in the history
  const postId = postUrl.split('/').at(-1)!;
  expect(await page.getByRole('link', { name: 'Open in Temporal Web UI' }).getAttribute('href')).toBe(
    `${app.env.config.TEMPORAL_UI_URL}/namespaces/default/workflows/post-${postId}`,
  );

  await page.getByRole('cell').getByRole('link', { name: 'Reconnect' }).click();
  const host = new URL(mastodon.url).host;
  await page.getByRole('heading', { name: `Reconnect @alice@${host}` }).waitFor();
  expect(await page.getByLabel('Instance URL').inputValue()).toBe(mastodon.url);
  mastodon.validTokens.add('token-alice-2');
  await page.getByLabel('Access token').fill('token-alice-2');
  await page.getByRole('button', { name: 'Reconnect Mastodon' }).click();
  await page.getByRole('status').getByText(`Reconnected @alice@${host}: posts to it publish again.`).waitFor();
  expect(await page.locator('.connection', { hasText: `@alice@${host}` }).count()).toBe(1);

  await page.goto(postUrl);
  await page.getByRole('button', { name: 'Retry the failed accounts' }).click();
  await heading.getByText('Published', { exact: true }).waitFor({ timeout: 90_000 });
  expect(await page.getByRole('button', { name: 'Retry the failed accounts' }).count()).toBe(0);
  await screenshot(page, 'post-published-after-retry');

  // Mastodon got it once, with the new token; the demo channel was not published to again.
  expect(mastodon.statuses.filter((status) => status.content === content)).toEqual([
    expect.objectContaining({ accessToken: 'token-alice-2' }),
  ]);
  const post = await (await page.request.get(`${app.server.url}/api/v1/posts/${postId}`)).json();
  const demo = post.targets.find((target: { platform: string }) => target.platform === 'DEMO');
  const feed = await (await page.request.get(`${app.server.url}/api/v1/connections/${demo.connectionId}/demo-feed`)).json();
  expect(feed.items.filter((item: { content: string }) => item.content === content)).toHaveLength(1);
});

test('a post Mastodon refused is fixed in the composer and retried: Mastodon gets the fix, the demo channel keeps what it published', async () => {
  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor(); // hydrated
  await page.getByRole('checkbox', { name: /Demo/ }).check();
  await page.getByRole('checkbox', { name: /Mastodon/ }).check();
  const first = 'Our launch is at noon #launchday';
  await page.getByLabel('Text', { exact: true }).fill(first);
  mastodon.failNext({ status: 422, body: { error: 'Validation failed: Text contains a blocked word' } });
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  const postUrl = page.url();
  const heading = page.getByRole('heading', { name: /^Post/ });
  await heading.getByText('Partially published').waitFor({ timeout: 90_000 });

  await page.getByRole('link', { name: 'Fix and retry' }).click();
  await page.getByRole('heading', { name: 'Fix and retry' }).waitFor();
  await page.getByText('the accounts that published keep what they published').waitFor();
  // a retry publishes now: there is no time to choose
  expect(await page.locator('input[type="datetime-local"]').count()).toBe(0);
  const fixed = 'Our launch is at noon';
  await page.getByLabel('Text', { exact: true }).fill(fixed);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'fix-and-retry-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('button', { name: 'Retry now' }).click();
  await page.waitForURL(postUrl);
  await heading.getByText('Published', { exact: true }).waitFor({ timeout: 90_000 });
  // the demo channel published the first text: its row says so
  await page.getByRole('row', { name: /Demo/ }).getByText(first).waitFor();
  await screenshot(page, 'post-published-after-fix-and-retry');

  expect(mastodon.statuses.filter((status) => [first, fixed].includes(status.content))).toEqual([
    expect.objectContaining({ content: fixed }),
  ]);
  const postId = postUrl.split('/').at(-1)!;
  const post = await (await page.request.get(`${app.server.url}/api/v1/posts/${postId}`)).json();
  expect(post).toMatchObject({ content: fixed, revision: 2, status: 'PUBLISHED' });
  const demo = post.targets.find((target: { platform: string }) => target.platform === 'DEMO');
  const feed = await (await page.request.get(`${app.server.url}/api/v1/connections/${demo.connectionId}/demo-feed`)).json();
  expect(feed.items.filter((item: { content: string }) => [first, fixed].includes(item.content))).toEqual([
    expect.objectContaining({ content: first }),
  ]);
});
