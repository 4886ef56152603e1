// Audience analytics with really collected metrics: posts published to the demo channel and
// the Mastodon fake, sampled by the metrics workflows at second-long offsets, follower counts
// as the daily schedule stores them; the analytics page's Audience part and a post's metrics
// over time, read as a planner in Berlin would, at desktop and phone width.
import type { Page } from 'playwright-core';
import { createDb, type Db } from '../../lib/db';
import { FakeMastodon } from '../fakes/mastodon';
import {
  apiAsPage,
  connectDemoAndMastodon,
  screenshot,
  signUpInBrowser,
  startWebApp,
  waitForFirstFollowerCounts,
  type WebApp,
} from '../support/browser';
import { inSeconds, waitFor } from '../support/harness';

jest.setTimeout(240_000);

const mastodon = new FakeMastodon();
let app: WebApp;
let page: Page;
let db: Db;
let api: ReturnType<typeof apiAsPage>;
const consoleErrors: string[] = [];

interface MetricsAnswer {
  accounts: Array<{
    connectionId: string;
    platform: string;
    endReason: string | null;
    samples: Array<{ metrics: Record<string, number> }>;
  }>;
}

beforeAll(async () => {
  await mastodon.start();
  app = await startWebApp({ withWorker: true, env: { METRICS_SAMPLE_OFFSETS: '2s,4s,6s' } });
  db = createDb(app.env.config.DATABASE_URL);
  ({ page } = await app.newBerlinPage());
  api = apiAsPage(page, app.server.url);
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await signUpInBrowser(page, app.server.url, 'Greta');
  await connectDemoAndMastodon(page, mastodon.url);
  await waitForFirstFollowerCounts(page);
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await db?.$disconnect();
  await Promise.allSettled([app?.stop(), mastodon.stop()]);
});

const formatCount = (value: number) => Math.round(value).toLocaleString('en');

test('the Audience part and a post page show the collected metrics, and what a platform did not give as not given', async () => {
  const { data: connections } = (await api.get('/api/v1/connections')) as { data: Array<{ id: string; platform: string }> };
  const demo = connections.find((connection) => connection.platform === 'DEMO')!.id;
  const toot = connections.find((connection) => connection.platform === 'MASTODON')!.id;
  const posts: string[] = [];
  for (const content of ['Spring launch is live', 'Behind the scenes of the launch']) {
    posts.push((await api.post('/api/v1/posts', { content, publishAt: inSeconds(2), connectionIds: [demo, toot] })).id);
  }
  // every account's collection completes: three samples each
  const collected: MetricsAnswer[] = [];
  for (const postId of posts) {
    collected.push(
      await waitFor(
        () => api.get(`/api/v1/posts/${postId}/metrics`) as Promise<MetricsAnswer>,
        (answer) => answer.accounts.length === 2 && answer.accounts.every((account) => account.endReason === 'completed'),
        120_000,
        500,
      ),
    );
  }
  // Connecting counted each account's followers once (waited for in beforeAll);
  // the last three days' counts are set as the daily schedule would have stored them.
  await db.followerSample.deleteMany({ where: { connectionId: { in: [demo, toot] } } });
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const day = (back: number) => new Date(today.getTime() - back * 86_400_000);
  const demoOutage = 'The demo channel did not answer after 6 tries';
  await db.followerSample.createMany({
    data: [
      { connectionId: toot, day: day(2), followers: 180 },
      { connectionId: toot, day: day(1), followers: 190 },
      { connectionId: toot, day: day(0), followers: 200 },
      { connectionId: demo, day: day(1), followers: null, missingReason: demoOutage },
      { connectionId: demo, day: day(0), followers: 500 },
    ],
  });

  // each publication's engagements and rate from its latest sample: the demo channel's over its
  // impressions, Mastodon's (which counts no views) over the account's 200 followers that day
  const latest = (answer: MetricsAnswer, connectionId: string) =>
    answer.accounts.find((account) => account.connectionId === connectionId)!.samples.at(-1)!.metrics;
  const engagementsOf = (metrics: Record<string, number>) => (metrics.likes ?? 0) + (metrics.replies ?? 0) + (metrics.reposts ?? 0);
  const mastodonEngagements = collected.map((answer) => engagementsOf(latest(answer, toot)));
  const demoEngagements = collected.map((answer) => engagementsOf(latest(answer, demo)));
  const rates = [
    ...mastodonEngagements.map((engagements) => engagements / 200),
    ...collected.map((answer) => engagementsOf(latest(answer, demo)) / latest(answer, demo).impressions!),
  ];
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const totalEngagements = sum(mastodonEngagements) + sum(demoEngagements);
  const meanRate = sum(rates) / rates.length;
  expect(sum(mastodonEngagements)).toBeGreaterThan(0);

  await page.goto(`${app.server.url}/analytics`);
  await page.getByRole('heading', { name: 'Audience' }).waitFor();
  expect(await page.getByTestId('audience-posts').textContent()).toBe('4');
  expect(await page.getByTestId('team-engagements').textContent()).toBe(formatCount(totalEngagements));
  expect(await page.getByTestId('team-engagement-rate').textContent()).toBe(`${(meanRate * 100).toFixed(meanRate < 0.1 ? 2 : 1)} %`);
  const table = page.getByTestId('engagement-table');
  const mastodonRow = table.getByRole('row').filter({ hasText: '@alice' });
  await expect(mastodonRow.getByRole('cell').nth(5).textContent()).resolves.toBe(formatCount(sum(mastodonEngagements)));
  await mastodonRow.getByText('per follower').waitFor();
  // Mastodon counts no views: its audience is not given, never 0
  expect(await mastodonRow.getByRole('cell').nth(1).textContent()).toBe('not given');
  const demoRow = table.getByRole('row').filter({ hasText: 'Demo' });
  await expect(demoRow.getByRole('cell').nth(5).textContent()).resolves.toBe(formatCount(sum(demoEngagements)));
  await demoRow.getByText('impressions').first().waitFor();

  // followers: the chart and its table
  // Mastodon's line: the demo channel's has a single day, a point rather than a line
  await page
    .getByRole('figure', { name: 'Line chart of followers per account by day' })
    .locator('.recharts-line-curve:not([name="demo"])')
    .waitFor();
  await page.getByRole('region', { name: 'Followers' }).getByText('Show as a table').click();
  const followers = page.getByTestId('followers-table');
  expect(
    await followers
      .getByRole('row')
      .filter({ hasText: day(0).toISOString().slice(0, 10) })
      .textContent(),
  ).toContain('200');
  expect(await followers.getByText('not given').getAttribute('title')).toBe(demoOutage);

  // top posts: every publication, the most engagements first
  const top = page.getByTestId('top-posts');
  const ranked = top.getByRole('row').nth(1).getByRole('cell');
  expect(await ranked.last().textContent()).toBe(formatCount(Math.max(...mastodonEngagements, ...demoEngagements)));
  expect(await top.getByRole('row').count()).toBe(5);
  // ranked by likes instead
  await page.getByLabel('Top posts by', { exact: true }).selectOption('likes');
  await page.getByRole('heading', { name: 'Top posts by likes' }).waitFor();

  // best times: too little history, so the common times, said to be so, in the viewer's zone
  expect(await page.getByTestId('best-times-suggestion').textContent()).toBe(
    'Suggested (common times, not yours yet): Tuesday 09:00, Wednesday 12:00, Thursday 17:00 (Europe/Berlin)',
  );
  const publishedHour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(new Date()),
  );
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short' }).format(new Date());
  const heatRow = page
    .getByTestId('best-times-heatmap')
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: weekday }) });
  // published a minute or so ago: this hour, or the one before when the hour just turned
  const filled = await heatRow.locator('td[title]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('title')));
  expect(filled).toHaveLength(1);
  expect(filled[0]).toMatch(
    new RegExp(`${String(publishedHour).padStart(2, '0')}:00|${String((publishedHour + 23) % 24).padStart(2, '0')}:00`),
  );
  expect(filled[0]).toContain('4 posts');

  // Download CSV: the export of this range
  const csvUrl = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  const csv = await page.request.get(`${app.server.url}${csvUrl}`);
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(1 + 2 * 2 * 3);

  await page.getByLabel('Top posts by', { exact: true }).selectOption('engagements');
  await page.getByRole('heading', { name: 'Top posts by engagements' }).waitFor();
  await screenshot(page, 'audience-analytics-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'audience-analytics-phone');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });

  // the post page: its metrics over time per account
  await page.goto(`${app.server.url}/posts/${posts[0]}`);
  await page.getByRole('heading', { name: 'Metrics' }).waitFor();
  const mastodonTable = page.getByTestId(`metrics-${toot}`);
  expect(await mastodonTable.getByRole('row').count()).toBe(4);
  // Mastodon's columns: views it does not count (said why), then likes, replies, reposts, then quotes and bookmarks it does not give
  const lastLikes = latest(collected[0]!, toot).likes!;
  expect(await mastodonTable.getByRole('row').last().getByRole('cell').nth(1).textContent()).toBe(formatCount(lastLikes));
  await page
    .getByRole('figure', { name: /Line chart of the metrics on Mastodon/ })
    .locator('.recharts-line')
    .first()
    .waitFor();
  expect(await mastodonTable.getByText('not given').first().getAttribute('title')).toBe('Mastodon does not count views');
  expect(await page.getByTestId(`metrics-${demo}`).getByRole('row').count()).toBe(4);
  await screenshot(page, 'audience-post-metrics-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'audience-post-metrics-phone');
});

test('the composer and the queue suggest each account its best times, as a fallback said to be one while its history is short', async () => {
  const { data: connections } = (await api.get('/api/v1/connections')) as { data: Array<{ id: string; platform: string }> };
  const toot = connections.find((connection) => connection.platform === 'MASTODON')!.id;
  const fallback = 'Tuesday 09:00, Wednesday 12:00, Thursday 17:00 (Europe/Berlin). Common times, not its own: too little history yet.';

  await page.goto(`${app.server.url}/compose`);
  await page.getByTestId('dropzone').waitFor();
  await page.getByRole('checkbox', { name: /Mastodon/ }).check();
  expect(await page.getByTestId('best-time-hint').filter({ hasText: 'Alice' }).textContent()).toBe(`Suggested for Alice: ${fallback}`);
  await screenshot(page, 'audience-composer-best-times');

  await page.goto(`${app.server.url}/queue?account=${toot}`);
  const hint = page.getByRole('group', { name: 'Add a time' }).getByTestId('best-time-hint');
  expect(await hint.textContent()).toBe(`Suggested for Alice: ${fallback}`);
});
