// The first-time user's path in a real browser, against the real server, worker,
// Temporal and PostgreSQL: sign up, add the demo channel, schedule a post, and watch it
// turn Published on its page without reloading.
import { berlinWallClock, screenshot, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(180_000);

let app: WebApp;

beforeAll(async () => {
  app = await startWebApp({ withWorker: true });
});

afterAll(async () => {
  await app?.stop();
});

test('a new user schedules a post to the demo channel and watches it publish', async () => {
  const { page } = await app.newBerlinPage();
  const eventStreams: Array<{ status: number; type: string | undefined }> = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/v1/events')
      eventStreams.push({ status: response.status(), type: response.headers()['content-type'] });
  });
  await page.goto(app.server.url);
  await page
    .getByRole('link', { name: /create an account|sign up/i })
    .first()
    .click();
  await page.getByLabel('Name').fill('Nora');
  await page.getByLabel('Email').fill(`nora-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: /create|sign up/i }).click();
  await page.waitForURL('**/dashboard');

  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add the demo channel' }).click();
  await page.getByText('Open its feed').waitFor();
  await screenshot(page, 'connections');

  await page.getByRole('link', { name: 'Posts' }).click();
  await page.getByRole('link', { name: 'New post' }).click();
  await page.waitForURL('**/compose');
  // the lone account is chosen already
  expect(await page.getByRole('checkbox', { name: /Demo/ }).isChecked()).toBe(true);
  await page.getByLabel('Text').fill('Hello from a real browser');
  // Browser time in Berlin; the form sends the offset, so the server gets the right instant.
  const publishAt = new Date(Date.now() + 8_000);
  await page.locator('input[type="datetime-local"]').fill(berlinWallClock(publishAt, { seconds: true }));
  await screenshot(page, 'composer');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  await page.getByText('Scheduled', { exact: true }).first().waitFor();
  await screenshot(page, 'post-scheduled');

  // No reload from here on: the page revalidates when the event stream announces a change.
  // the post's own status: an account's row says Published as soon as that account has
  await page.getByRole('heading', { name: /^Post/ }).getByText('Published', { exact: true }).waitFor({ timeout: 60_000 });
  expect(eventStreams).toContainEqual({ status: 200, type: 'text/event-stream; charset=utf-8' });
  await screenshot(page, 'post-published');
  // The API, with the page's session cookie, confirms the instant the editor meant.
  const postId = page.url().split('/').at(-1)!;
  const post = await (await page.request.get(`${app.server.url}/api/v1/posts/${postId}`)).json();
  expect(post).toMatchObject({ status: 'PUBLISHED', publishAt: new Date(Math.floor(publishAt.getTime() / 1000) * 1000).toISOString() });

  // The published target links to the post on its platform: here, the demo feed.
  // (by its whole name: "View" alone also matches the Previews link, and the post's own text
  // would be found on the post page before the click had navigated anywhere)
  await page.getByRole('link', { name: /^View the post on / }).click();
  await page.waitForURL('**/demo/*');
  await page.getByText('Hello from a real browser').waitFor();
  await screenshot(page, 'demo-feed');
  await page.close();
});
