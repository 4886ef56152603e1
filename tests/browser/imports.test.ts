// The Import page in a real browser against the real server, worker, Temporal and
// PostgreSQL: a CSV is uploaded, the dry run's problems are read in the table by row and
// column, the file is fixed and uploaded again, its posts imported while the page follows
// the progress, and the posts are found on the calendar.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { apiAsPage, EDITOR_TIME_ZONE, screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(240_000);

let app: WebApp;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp({ withWorker: true });
  ({ context, page } = await app.newBerlinPage());
  page.on('console', (message) => {
    // a refused upload answers 4xx, which the browser logs as a failed resource
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterAll(async () => {
  await context?.close();
  await app?.stop();
});

/** The first day of next month, `YYYY-MM-DD`, and a time on it in Berlin. */
const now = new Date();
const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
const day = (date: number) => `${nextMonth.toISOString().slice(0, 8)}${String(date).padStart(2, '0')}`;

async function uploadCsv(name: string, content: string) {
  const file = path.join(tmpdir(), `${name}-${Date.now()}.csv`);
  await writeFile(file, content);
  await page.goto(`${app.server.url}/imports`);
  await page.getByRole('button', { name: 'Upload' }).waitFor();
  await page.waitForFunction(() => document.querySelector('form.import-form') !== null);
  await page.getByLabel('File (CSV or JSON)').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.waitForURL(/\/imports\?id=/);
}

test('upload a CSV, read the problems, fix the file, import it, watch it finish, find the posts on the calendar', async () => {
  await signUpInBrowser(page, app.server.url, 'Ines');
  const api = apiAsPage(page, app.server.url);
  await api.post('/api/v1/connections', { platform: 'demo', name: 'Bulk feed' });
  const header = 'text,accounts,time,timezone\n';
  const good = [1, 2, 3].map((n) => `Imported post ${n},Bulk feed,${day(n + 4)} 10:00,${EDITOR_TIME_ZONE}`).join('\n');

  await uploadCsv(
    'with-problems',
    `${header}${good}\nA typo,Bulk fed,${day(9)} 10:00,${EDITOR_TIME_ZONE}\nNo zone,Bulk feed,${day(10)} 10:00,\n`,
  );
  await page.getByRole('button', { name: 'Import 3 posts' }).waitFor({ timeout: 60_000 });
  const table = page.getByRole('table', { name: 'Problems, by row and column' });
  await table.getByRole('row').nth(2).waitFor();
  const problems = await table.getByRole('row').allInnerTexts();
  expect(problems.slice(1).map((row) => row.split('\t').slice(0, 2).join(' '))).toEqual(['4 accounts', '5 time']);
  expect(problems[1]).toContain('no account "Bulk fed" in this team');
  await screenshot(page, 'imports-dry-run');

  // the fixed file: a new import, with nothing to complain about
  await uploadCsv(
    'fixed',
    `${header}${good}\nA typo,Bulk feed,${day(9)} 10:00,${EDITOR_TIME_ZONE}\nNo zone,Bulk feed,${day(10)}T10:00:00+01:00,\n`,
  );
  await page.getByRole('button', { name: 'Import 5 posts' }).click();
  const status = page.getByRole('status', { name: 'Import status' });
  await status.filter({ hasText: /^Done: .*5 created, 0 with problems/ }).waitFor({ timeout: 90_000 });
  await screenshot(page, 'imports-done');

  await page.goto(`${app.server.url}/calendar?view=month&date=${day(5)}`);
  for (const n of [1, 2, 3]) await page.getByText(`Imported post ${n}`).first().waitFor();
  await page.getByText('A typo').first().waitFor();
  expect(consoleErrors).toEqual([]);
});
