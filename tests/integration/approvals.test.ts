// Approvals and comments through the API against a real worker, Temporal and PostgreSQL:
// an editor's post waits PENDING_APPROVAL for an admin's decision; its author and viewers
// cannot decide; an approved post publishes once; a rejection sends it back as a draft
// with its comment; an edit after approval asks again; a deadline passing without a
// decision leaves it unpublished and editable; comments mention team members. Who is told
// reads it in the mail that reaches a real SMTP server on loopback.
import { FakeMastodon } from '../fakes/mastodon';
import { type ApiClient, inSeconds, joinTeam, testEnv, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';
import { TestSmtpServer } from '../support/smtp-server';
import { signUp, type Member } from '../support/team-members';

jest.setTimeout(120_000);

const mastodon = new FakeMastodon();
const mail = new TestSmtpServer();
const stack = useServerAndWorker({ alongside: [mastodon, mail], env: () => testEnv({ SMTP_URL: mail.url }) });
let olga: Member; // owner
let ed: Member; // editor: their posts need approval
let ada: Member; // admin: decides
let vic: Member; // viewer
let mastodonId: string;

const POLICY = { enabled: true, authorRoles: ['EDITOR'], connectionIds: [], deciderRoles: ['OWNER', 'ADMIN'], deadlineMinutes: 0 };

beforeAll(async () => {
  const url = stack.server.url;
  [olga, ed, ada, vic] = await Promise.all([signUp(url, 'Olga'), signUp(url, 'Ed'), signUp(url, 'Ada'), signUp(url, 'Vic')]);
  await joinTeam(olga.session, ed, 'EDITOR');
  await joinTeam(olga.session, ada, 'ADMIN');
  await joinTeam(olga.session, vic, 'VIEWER');
  const connection = await olga.session.post('/api/v1/connections', {
    platform: 'mastodon',
    instanceUrl: mastodon.url,
    accessToken: 'token-alice',
  });
  mastodonId = connection.body.id;
});

const setPolicy = (policy: object) => olga.session.request('PUT', '/api/v1/teams/current/approval-policy', policy);
const readPost = (who: ApiClient, id: string) => who.get(`/api/v1/posts/${id}`);
const submit = (content: string, publishAt: string) =>
  ed.session.post('/api/v1/posts', { content, publishAt, connectionIds: [mastodonId] });
const published = (content: string) => mastodon.statuses.filter((status) => status.content === content);
/** The mail `who` receives with a subject that matches, once it arrives. */
const mailTo = (who: Member, subject: RegExp) => mail.waitFor((email) => email.to.includes(who.email) && subject.test(email.subject));

test('the policy: off until an admin sets it, checked field by field', async () => {
  expect((await olga.session.get('/api/v1/teams/current/approval-policy')).body).toEqual({
    enabled: false,
    authorRoles: ['EDITOR'],
    connectionIds: [],
    deciderRoles: ['OWNER', 'ADMIN'],
    deadlineMinutes: 60,
  });
  expect((await ed.session.request('PUT', '/api/v1/teams/current/approval-policy', POLICY)).status).toBe(403);
  const invalid = await setPolicy({ ...POLICY, deciderRoles: ['VIEWER'], connectionIds: ['no-such-account'], deadlineMinutes: -1 });
  expect(invalid.status).toBe(400);
  expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['body.deadlineMinutes', 'body.deciderRoles']);
  const unknownAccount = await setPolicy({ ...POLICY, connectionIds: ['no-such-account'] });
  expect(unknownAccount.body.errors).toEqual([
    { field: 'body.connectionIds.0', message: 'no connection with id no-such-account in this team' },
  ]);
  const set = await setPolicy(POLICY);
  expect(set.status).toBe(200);
  expect(set.body).toEqual(POLICY);
  // every member reads it: the composer says "Submit for approval" when it applies
  expect((await vic.session.get('/api/v1/teams/current/approval-policy')).body).toEqual(POLICY);
  // an owner's own post needs none
  const own = await olga.session.post('/api/v1/posts', { content: 'owner post', publishAt: inSeconds(3600), connectionIds: [mastodonId] });
  expect(own.body).toMatchObject({ status: 'SCHEDULED', approvalDeadline: null });
  await olga.session.post(`/api/v1/posts/${own.body.id}/cancel`);
});

test("an editor's post waits for approval: neither its author nor a viewer may decide; an admin approves and it publishes once", async () => {
  await setPolicy(POLICY);
  const content = `approved once ${Date.now()}`;
  const post = await submit(content, inSeconds(8));
  expect(post.status).toBe(201);
  expect(post.body).toMatchObject({ status: 'PENDING_APPROVAL', authorId: ed.userId, approvalDeadline: post.body.publishAt });
  const id = post.body.id;

  // the deciders are asked by email, with a link to the post; its author is not
  const request = await mailTo(ada, /Ed asks for approval of “approved once/);
  expect(request.text).toContain(`/posts/${id}`);
  await mailTo(olga, /Ed asks for approval/);

  const byAuthor = await ed.session.post(`/api/v1/posts/${id}/approve`, {});
  expect(byAuthor.status).toBe(403);
  expect(byAuthor.body.detail).toMatch(/You wrote this post/);
  expect((await vic.session.post(`/api/v1/posts/${id}/approve`, {})).status).toBe(403);
  expect((await vic.session.post(`/api/v1/posts/${id}/reject`, { comment: 'no' })).status).toBe(403);

  const approved = await ada.session.post(`/api/v1/posts/${id}/approve`, {});
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe('SCHEDULED');
  expect(approved.body.workflow.approval.decision).toMatchObject({ kind: 'approved', by: ada.userId, revision: 1 });
  const again = await olga.session.post(`/api/v1/posts/${id}/approve`, {});
  expect(again.status).toBe(409);
  expect(again.body.type).toBe('https://planrrr.dev/problems/post-not-pending');

  await waitFor(
    () => readPost(ed.session, id),
    (response) => response.body.status === 'PUBLISHED',
    30_000,
  );
  expect(published(content)).toHaveLength(1);
  await mailTo(ed, new RegExp(`Ada approved “${content}`));
  const audit = await olga.session.get('/api/v1/audit-log');
  expect(audit.body.data).toContainEqual(
    expect.objectContaining({ action: 'post.approved', entityId: id, actor: expect.objectContaining({ id: ada.userId }) }),
  );
});

test('a rejection needs a comment; the post goes back to its author as a draft with it, and scheduling it again asks again', async () => {
  await setPolicy(POLICY);
  const post = await submit('too salesy?', inSeconds(3600));
  const id = post.body.id;
  const noReason = await ada.session.post(`/api/v1/posts/${id}/reject`, {});
  expect(noReason.status).toBe(400);
  expect(noReason.body.errors[0].field).toBe('body.comment');

  const rejected = await ada.session.post(`/api/v1/posts/${id}/reject`, { comment: 'Too salesy: say what is new' });
  expect(rejected.status).toBe(200);
  expect(rejected.body.status).toBe('DRAFT');
  const comments = await ed.session.get(`/api/v1/posts/${id}/comments`);
  expect(comments.body.data).toEqual([
    expect.objectContaining({ body: 'Too salesy: say what is new', decision: 'rejection', author: { id: ada.userId, name: 'Ada' } }),
  ]);
  const told = await mailTo(ed, /Ada rejected “too salesy\?/);
  expect(told.text).toContain('Too salesy: say what is new');
  // the reason stays with the decision
  const commentId = comments.body.data[0].id;
  expect((await ada.session.delete(`/api/v1/posts/${id}/comments/${commentId}`)).status).toBe(409);
  const audit = await olga.session.get('/api/v1/audit-log');
  expect(audit.body.data).toContainEqual(expect.objectContaining({ action: 'post.rejected', entityId: id }));

  expect((await ed.session.patch(`/api/v1/posts/${id}`, { content: 'What is new in 2.0' })).status).toBe(200);
  const resubmitted = await waitFor(
    () => ed.session.post(`/api/v1/posts/${id}/schedule`, {}),
    // the rejected run may still be closing for a moment (409 post-closing)
    (response) => response.status !== 409,
    10_000,
  );
  expect(resubmitted.status).toBe(200);
  expect(resubmitted.body.status).toBe('PENDING_APPROVAL');
  await ed.session.post(`/api/v1/posts/${id}/cancel`);
});

test('an edit after approval sends the post back for approval, as a new revision', async () => {
  await setPolicy(POLICY);
  const post = await submit('version one', inSeconds(3600));
  const id = post.body.id;
  expect((await ada.session.post(`/api/v1/posts/${id}/approve`, {})).body.status).toBe('SCHEDULED');
  // a new time is not a new post: it stays approved
  expect((await ed.session.post(`/api/v1/posts/${id}/reschedule`, { publishAt: inSeconds(7200) })).body.status).toBe('SCHEDULED');

  const edited = await ed.session.patch(`/api/v1/posts/${id}`, { content: 'version two' });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({ status: 'PENDING_APPROVAL', revision: 2 });
  const approved = await ada.session.post(`/api/v1/posts/${id}/approve`, {});
  expect(approved.body).toMatchObject({ status: 'SCHEDULED', revision: 2 });
  expect(approved.body.workflow.approval.decision).toMatchObject({ kind: 'approved', revision: 2 });
  await ed.session.post(`/api/v1/posts/${id}/cancel`);
});

test('no decision by the deadline: not published, still editable, and approving asks for a new time', async () => {
  // decisions close a minute before the time, which is a few seconds after the deadline
  await setPolicy({ ...POLICY, deadlineMinutes: 1 });
  const content = `late decision ${Date.now()}`;
  const post = await submit(content, inSeconds(64));
  const id = post.body.id;
  const expired = await waitFor(
    () => readPost(ed.session, id),
    (response) => response.body.workflow?.approval?.expired === true,
    30_000,
  );
  expect(expired.body.status).toBe('PENDING_APPROVAL');
  // its author and the deciders are told
  await Promise.all([ed, ada, olga].map((who) => mailTo(who, new RegExp(`No decision came in time: “${content}`))));

  const tooLate = await ada.session.post(`/api/v1/posts/${id}/approve`, {});
  expect(tooLate.status).toBe(409);
  expect(tooLate.body.type).toBe('https://planrrr.dev/problems/approval-deadline-passed');
  expect(tooLate.body.errors).toEqual([
    { field: 'body.publishAt', message: 'the decision deadline passed: choose a new time to approve it for' },
  ]);
  // the author may still change it
  expect((await ed.session.patch(`/api/v1/posts/${id}`, { content })).status).toBe(200);

  const approved = await ada.session.post(`/api/v1/posts/${id}/approve`, { publishAt: inSeconds(3) });
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe('SCHEDULED');
  await waitFor(
    () => readPost(ed.session, id),
    (response) => response.body.status === 'PUBLISHED',
    30_000,
  );
  expect(published(content)).toHaveLength(1);
});

test('comments: members read, editors and up write, mentions name team members, only their author deletes one', async () => {
  const post = await submit('a post to talk about', inSeconds(3600));
  const path = `/api/v1/posts/${post.body.id}/comments`;
  const created = await ed.session.post(path, { body: `@ada what do you think? cc @${olga.email}, and @nobody` });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ decision: null, author: { id: ed.userId, name: 'Ed' } });
  expect(created.body.mentions.map((mention: { id: string }) => mention.id).sort()).toEqual([ada.userId, olga.userId].sort());
  await Promise.all([ada, olga].map((who) => mailTo(who, /Ed mentioned you in a comment on “a post to talk about/)));

  expect((await vic.session.post(path, { body: 'me too' })).status).toBe(403);
  expect((await vic.session.get(path)).body.data).toHaveLength(1);
  const empty = await ed.session.post(path, { body: '   ' });
  expect(empty.status).toBe(400);
  expect(empty.body.errors[0].field).toBe('body.body');

  expect((await ada.session.delete(`${path}/${created.body.id}`)).status).toBe(403);
  expect((await ed.session.delete(`${path}/${created.body.id}`)).status).toBe(204);
  expect((await ed.session.get(path)).body.data).toEqual([]);
  expect((await ed.session.get('/api/v1/posts/no-such-post/comments')).status).toBe(404);
  await ed.session.post(`/api/v1/posts/${post.body.id}/cancel`);
});
