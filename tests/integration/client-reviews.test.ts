// A client's approval and comments through a preview link, against a real worker, Temporal
// and PostgreSQL, with the team's approval policy on. The rule: a client's approval releases
// a post PENDING_APPROVAL only when the link's maker may decide on it; otherwise it is
// recorded for the team. Either way it is in the post's comments and the audit log under the
// client's name. A link that does not allow it answers 403; a post it does not show, 404.
import { ApiClient, inSeconds, joinTeam, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';
import { signUp, type Member } from '../support/team-members';

jest.setTimeout(120_000);

const stack = useServerAndWorker();
let olga: Member; // owner
let ed: Member; // editor: their posts need approval
let ada: Member; // admin: decides
let client: ApiClient;
let demoId: string;

beforeAll(async () => {
  [olga, ed, ada] = await Promise.all([signUp(stack.server.url, 'Olga'), signUp(stack.server.url, 'Ed'), signUp(stack.server.url, 'Ada')]);
  await joinTeam(olga.session, ed, 'EDITOR');
  await joinTeam(olga.session, ada, 'ADMIN');
  demoId = (await olga.session.post('/api/v1/connections', { platform: 'demo', name: 'Client feed' })).body.id;
  const policy = { enabled: true, authorRoles: ['EDITOR'], connectionIds: [], deciderRoles: ['OWNER', 'ADMIN'], deadlineMinutes: 0 };
  expect((await olga.session.request('PUT', '/api/v1/teams/current/approval-policy', policy)).status).toBe(200);
  client = new ApiClient(stack.server.url);
});

async function submitted(content: string): Promise<string> {
  const post = await ed.session.post('/api/v1/posts', { content, publishAt: inSeconds(3600), connectionIds: [demoId] });
  expect(post.body).toMatchObject({ status: 'PENDING_APPROVAL' });
  return post.body.id;
}

async function link(maker: Member, body: object): Promise<string> {
  const created = await maker.session.post('/api/v1/previews', { label: 'For Cleo', ...body });
  expect(created.status).toBe(201);
  return new URL(created.body.url).pathname.split('/').pop()!;
}

const approve = (token: string, postId: string, body: object) =>
  client.post(`/api/v1/client-previews/${token}/posts/${postId}/approve`, body);
const comment = (token: string, postId: string, body: object) =>
  client.post(`/api/v1/client-previews/${token}/posts/${postId}/comments`, body);

test("a client's approval releases the post when the link's maker decides; through an editor's link it is recorded and the post waits", async () => {
  const postId = await submitted('Cleo, is this good?');

  const editorsLink = await link(ed, { postIds: [postId], allowApprove: true });
  const recorded = await approve(editorsLink, postId, { name: 'Cleo', note: 'Looks good to me' });
  expect(recorded.status).toBe(200);
  expect(recorded.body.countedAsTeamApproval).toBe(false);
  expect(recorded.body.post).toMatchObject({
    status: 'PENDING_APPROVAL',
    approvable: false, // said through this link: the form goes
    comments: [{ name: 'Cleo', body: 'Looks good to me', approval: true, createdAt: expect.any(String) }],
  });
  expect((await ada.session.get(`/api/v1/posts/${postId}`)).body.status).toBe('PENDING_APPROVAL');

  const adminsLink = await link(ada, { postIds: [postId], allowApprove: true });
  const released = await approve(adminsLink, postId, { name: 'Cleo' });
  expect(released.status).toBe(200);
  expect(released.body.countedAsTeamApproval).toBe(true);
  // through this link, only what was sent through it
  expect(released.body.post.comments).toEqual([{ name: 'Cleo', body: 'Approved.', approval: true, createdAt: expect.any(String) }]);
  await waitFor(
    () => ada.session.get(`/api/v1/posts/${postId}`),
    (post) => post.body.status === 'SCHEDULED',
    20_000,
  );

  // the team reads both approvals in the post's comments, under the client's name
  const comments = (await ada.session.get(`/api/v1/posts/${postId}/comments`)).body.data;
  expect(comments).toEqual([
    expect.objectContaining({ clientName: 'Cleo', author: null, decision: 'client_approval', body: 'Looks good to me' }),
    expect.objectContaining({ clientName: 'Cleo', author: null, decision: 'client_approval', body: 'Approved.' }),
  ]);
  // and in the audit log: the decision is the admin's, through the link, with the client's name beside it
  const audit = (await olga.session.get('/api/v1/audit-log')).body.data.filter((entry: { entityId: string }) => entry.entityId === postId);
  expect(audit).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ action: 'post.approved', actorVia: 'preview', actor: expect.objectContaining({ id: ada.userId }) }),
      expect.objectContaining({
        action: 'preview.client_approved',
        actorVia: 'preview',
        details: expect.objectContaining({ clientName: 'Cleo', countedAsTeamApproval: true }),
      }),
      expect.objectContaining({
        action: 'preview.client_approved',
        actor: expect.objectContaining({ id: ed.userId }),
        details: expect.objectContaining({ clientName: 'Cleo', countedAsTeamApproval: false }),
      }),
    ]),
  );
  await ada.session.post(`/api/v1/posts/${postId}/cancel`);
});

test('a link that does not allow it answers 403; a post it does not show, 404; a revoked link, 410', async () => {
  const postId = await submitted('Only to look at');
  const other = await submitted('Not in the link');
  const lookOnly = await link(ada, { postIds: [postId] });
  expect((await approve(lookOnly, postId, { name: 'Cleo' })).status).toBe(403);
  const refused = await comment(lookOnly, postId, { name: 'Cleo', body: 'Hello?' });
  expect(refused.status).toBe(403);
  expect(refused.body.type).toBe('https://planrrr.dev/problems/forbidden');

  const commenting = await link(ada, { postIds: [postId], allowComment: true });
  expect((await approve(commenting, postId, { name: 'Cleo' })).status).toBe(403);
  expect((await comment(commenting, other, { name: 'Cleo', body: 'Sneaky' })).status).toBe(404);
  const nameless = await comment(commenting, postId, { name: ' ', body: 'Who am I?' });
  expect(nameless.status).toBe(400);
  expect(nameless.body.errors.map((error: { field: string }) => error.field)).toEqual(['body.name']);

  // the team's own comments stay internal; the client's reach the team
  await ada.session.post(`/api/v1/posts/${postId}/comments`, { body: 'Internal: Cleo always asks for more emoji' });
  const sent = await comment(commenting, postId, { name: 'Cleo', body: 'Can we add a 🥖?' });
  expect(sent.status).toBe(201);
  expect(sent.body.comments).toEqual([{ name: 'Cleo', body: 'Can we add a 🥖?', approval: false, createdAt: expect.any(String) }]);
  const opened = await client.get(`/api/v1/client-previews/${commenting}`);
  expect(JSON.stringify(opened.body)).not.toContain('Internal');
  const teamThread = (await ada.session.get(`/api/v1/posts/${postId}/comments`)).body.data;
  expect(teamThread.map((entry: { body: string; clientName: string | null }) => [entry.clientName, entry.body])).toEqual([
    [null, 'Internal: Cleo always asks for more emoji'],
    ['Cleo', 'Can we add a 🥖?'],
  ]);

  const links = (await ada.session.get('/api/v1/previews')).body.data;
  await ada.session.delete(`/api/v1/previews/${links[0].id}`);
  expect((await comment(commenting, postId, { name: 'Cleo', body: 'Still there?' })).status).toBe(410);
  for (const id of [postId, other]) await ada.session.post(`/api/v1/posts/${id}/cancel`);
});
