// The review loop in a real browser against the real server, worker, Temporal and
// PostgreSQL: an owner turns approvals on in the team page; an editor's composer then
// says "Submit for approval"; the post waits, Awaiting approval, with no decision offered
// to its author; the owner opens it from the email that asks them (read from a real SMTP
// server on loopback), comments, approves it, and it publishes once. At desktop and phone
// width, with no console error.
import type { Page } from 'playwright-core';
import { apiAsPage, berlinWallClock, screenshot, sendAsPage, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';
import { waitFor } from '../support/harness';
import { TestSmtpServer } from '../support/smtp-server';

jest.setTimeout(240_000);

const mail = new TestSmtpServer();
let app: WebApp;
let ownerEmail: string;
let owner: Page;
let editor: Page;
const consoleErrors: string[] = [];

function watchConsole(page: Page): void {
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
}

beforeAll(async () => {
  await mail.start();
  app = await startWebApp({ withWorker: true, env: { SMTP_URL: mail.url } });
  ({ page: owner } = await app.newBerlinPage());
  ({ page: editor } = await app.newBerlinPage());
  watchConsole(owner);
  watchConsole(editor);
  ownerEmail = await signUpInBrowser(owner, app.server.url, 'Olga');
  await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await owner.getByRole('button', { name: 'Add the demo channel' }).click();
  await owner.getByText('Open its feed').waitFor();
  // the editor joins the owner's team through an invitation
  const editorEmail = await signUpInBrowser(editor, app.server.url, 'Ed');
  const invitation = await apiAsPage(owner, app.server.url).post('/api/v1/invitations', { email: editorEmail, role: 'EDITOR' });
  const token = new URL(invitation.acceptUrl).pathname.split('/').pop()!;
  const accepted = await sendAsPage(editor, `${app.server.url}/api/v1/invitations/accept`, 'POST', { data: { token } });
  expect(accepted.status()).toBe(200);
});

afterEach(() => {
  expect(consoleErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await app?.stop();
  await mail.stop();
});

test('an editor submits a post for approval; the owner comments, approves it, and it publishes once', async () => {
  // Approvals on, from the team page: editors' posts, decided by owners and admins, up to the time itself.
  await owner.goto(`${app.server.url}/team`);
  const approvals = owner.getByRole('region', { name: 'Approvals' });
  await approvals.getByText('Off: posts are scheduled as they are written.').waitFor();
  await approvals.getByLabel('Posts need approval before they are published').check();
  await approvals.getByLabel('Decide at the latest this long before the post’s time').fill('0');
  await approvals.getByRole('button', { name: 'Save approval policy' }).click();
  await approvals.getByText(/Posts by editors wait for owners or admins to approve them/).waitFor();
  await screenshot(owner, 'team-approval-policy');

  // The editor's composer submits rather than schedules, and offers no "Publish now".
  await editor.goto(`${app.server.url}/compose`);
  await editor.getByTestId('dropzone').waitFor();
  await editor.getByLabel('Text', { exact: true }).fill('Our spring launch, reviewed');
  const publishAt = new Date(Date.now() + 40_000);
  await editor.locator('input[type="datetime-local"]').fill(berlinWallClock(publishAt, { seconds: true }));
  expect(await editor.getByRole('button', { name: 'Publish now' }).count()).toBe(0);
  await screenshot(editor, 'composer-submit-for-approval');
  await editor.getByRole('button', { name: 'Submit for approval' }).click();
  await editor.waitForURL(/\/posts\/[^/]+$/);
  const postPath = new URL(editor.url()).pathname;
  await editor.getByRole('heading', { name: /^Post/ }).getByText('Awaiting approval').waitFor();
  await editor.getByRole('heading', { name: 'Waiting for approval' }).waitFor();
  // its author is not offered a decision
  expect(await editor.getByRole('button', { name: 'Approve' }).count()).toBe(0);
  // the posts list says it is waiting
  await editor.goto(`${app.server.url}/posts`);
  await editor.getByRole('listitem').filter({ hasText: 'Our spring launch, reviewed' }).getByText('Awaiting approval').waitFor();
  await screenshot(editor, 'posts-awaiting-approval');
  await editor.goto(`${app.server.url}${postPath}`);

  // The owner is asked by email; its link opens the post, where they comment and approve it.
  const request = await mail.waitFor((email) => email.to.includes(ownerEmail) && /Ed asks for approval/.test(email.subject));
  const link = /https?:\/\/\S+\/posts\/\S+/.exec(request.text)![0];
  expect(new URL(link).pathname).toBe(postPath);
  await owner.goto(link);
  await owner.getByRole('heading', { name: /^Post/ }).getByText('Awaiting approval').waitFor();
  await owner.getByLabel('Add a comment').fill('@Ed lovely, approving it');
  await owner.getByRole('button', { name: 'Comment' }).click();
  await owner.getByText('@Ed lovely, approving it').waitFor();
  await screenshot(owner, 'post-awaiting-approval');
  await owner.setViewportSize({ width: 390, height: 844 });
  await screenshot(owner, 'post-awaiting-approval-phone');
  await owner.setViewportSize({ width: 1280, height: 900 });
  await owner.getByRole('button', { name: 'Approve' }).click();
  await owner.getByRole('heading', { name: /^Post/ }).getByText('Scheduled', { exact: true }).waitFor();

  // The editor's page follows by itself, to published.
  await editor.getByRole('heading', { name: /^Post/ }).getByText('Published', { exact: true }).waitFor({ timeout: 90_000 });
  await editor.getByText('@Ed lovely, approving it').waitFor();
  const postId = postPath.split('/').at(-1)!;
  const post = await apiAsPage(editor, app.server.url).get(`/api/v1/posts/${postId}`);
  const demoId = post.targets[0].connectionId;
  const feed = await waitFor(
    () => apiAsPage(editor, app.server.url).get(`/api/v1/connections/${demoId}/demo-feed`),
    (answer: { items: Array<{ content: string }> }) => answer.items.length > 0,
    10_000,
  );
  expect(feed.items.filter((item: { content: string }) => item.content === 'Our spring launch, reviewed')).toHaveLength(1);
  await screenshot(editor, 'post-approved-published');
});
