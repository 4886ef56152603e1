// Teams through the API: invitations by email, roles enforced from one matrix, switching
// teams, leaving, the audit log, and a person's own data (export, account deletion).
import { randomUUID } from 'node:crypto';
import type { RunningServer } from '../../api/server';
import { ApiClient, inSeconds, joinTeam, signUpWithToken, startApi, testEnv } from '../support/harness';

jest.setTimeout(90_000);

const env = testEnv();
let server: RunningServer;

beforeAll(async () => {
  server = await startApi(env);
});

afterAll(async () => {
  await server?.close();
});

async function signUp(name: string): Promise<{ session: ApiClient; email: string; userId: string }> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  const session = new ApiClient(server.url);
  const signup = await session.post('/api/v1/auth/signup', { email, password: 'correct horse battery', name });
  expect(signup.status).toBe(201);
  return { session, email, userId: signup.body.user.id };
}

test('an invited person joins with the invited role, switches between teams, and each team sees only its own posts', async () => {
  const olga = await signUp('Olga');
  const ed = await signUp('Ed');
  const invitation = await olga.session.post('/api/v1/invitations', { email: ed.email.toUpperCase(), role: 'EDITOR' });
  expect(invitation.status).toBe(201);
  expect(invitation.body).toMatchObject({
    email: ed.email,
    role: 'EDITOR',
    acceptUrl: expect.stringMatching(/\/invitations\/[\w-]{20,}$/),
  });
  expect((await olga.session.get('/api/v1/invitations')).body.data).toHaveLength(1);
  const token = new URL(invitation.body.acceptUrl).pathname.split('/').pop()!;

  // the link is for Ed's address only, and works once
  const stranger = await signUp('Stranger');
  const wrongPerson = await stranger.session.post('/api/v1/invitations/accept', { token });
  expect(wrongPerson.status).toBe(403);
  expect(wrongPerson.body.detail).toContain(ed.email);
  const accepted = await ed.session.post('/api/v1/invitations/accept', { token });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ name: "Olga's team", role: 'EDITOR' });
  expect((await ed.session.post('/api/v1/invitations/accept', { token })).body.type).toBe(
    'https://planrrr.dev/problems/invitation-invalid',
  );
  expect((await olga.session.get('/api/v1/invitations')).body.data).toHaveLength(0);

  // accepting switched Ed's session to Olga's team; he can switch back
  const me = await ed.session.get('/api/v1/me');
  expect(me.body.teams.map((team: { role: string }) => team.role).sort()).toEqual(['EDITOR', 'OWNER']);
  expect(me.body.currentTeamId).toBe(accepted.body.id);
  const olgaDemo = await ed.session.post('/api/v1/connections', { platform: 'demo' });
  expect(olgaDemo.status).toBe(403); // editors schedule; admins manage connections
  const own = me.body.teams.find((team: { role: string }) => team.role === 'OWNER');
  expect((await ed.session.post(`/api/v1/teams/${own.id}/switch`)).body.currentTeamId).toBe(own.id);
  const edDemo = await ed.session.post('/api/v1/connections', { platform: 'demo' });
  expect(edDemo.status).toBe(201);
  await ed.session.post('/api/v1/posts', { content: 'in my own team', publishAt: inSeconds(3600), connectionIds: [edDemo.body.id] });
  expect((await olga.session.get('/api/v1/posts')).body.data).toHaveLength(0);
  expect((await ed.session.post(`/api/v1/teams/${own.id}-nope/switch`)).status).toBe(404);

  const members = await olga.session.get('/api/v1/members');
  expect(members.body.data.map((member: { email: string; role: string }) => [member.email, member.role])).toEqual([
    [olga.email, 'OWNER'],
    [ed.email, 'EDITOR'],
  ]);
});

test('roles: viewers read, editors schedule, admins manage connections and members, only owners make owners', async () => {
  const owner = await signUp('Owner');
  const viewer = await signUp('Viewer');
  const admin = await signUp('Admin');
  await joinTeam(owner.session, viewer, 'VIEWER');
  await joinTeam(owner.session, admin, 'ADMIN');
  const demo = await admin.session.post('/api/v1/connections', { platform: 'demo' });
  expect(demo.status).toBe(201);

  expect((await viewer.session.get('/api/v1/posts')).status).toBe(200);
  const write = await viewer.session.post('/api/v1/posts', { content: 'hi', publishAt: inSeconds(3600), connectionIds: [demo.body.id] });
  expect(write.status).toBe(403);
  expect(write.body.detail).toContain('VIEWER');
  expect((await viewer.session.post('/api/v1/invitations', { email: 'x@example.com', role: 'VIEWER' })).status).toBe(403);

  expect((await admin.session.post('/api/v1/invitations', { email: 'y@example.com', role: 'EDITOR' })).status).toBe(201);
  expect((await admin.session.post('/api/v1/invitations', { email: 'z@example.com', role: 'OWNER' })).status).toBe(403);
  expect((await admin.session.patch(`/api/v1/members/${viewer.userId}`, { role: 'EDITOR' })).status).toBe(200);
  expect((await admin.session.patch(`/api/v1/members/${owner.userId}`, { role: 'VIEWER' })).status).toBe(403);
  expect((await admin.session.request('DELETE', `/api/v1/members/${owner.userId}`)).status).toBe(403);
  expect((await admin.session.patch('/api/v1/teams/current', { name: 'Renamed' })).status).toBe(403);
  expect((await admin.session.patch(`/api/v1/members/${viewer.userId}`, { role: 'SUPREME' })).status).toBe(400);

  // a team always keeps an owner
  const lastOwner = await owner.session.request('DELETE', `/api/v1/members/${owner.userId}`);
  expect(lastOwner.status).toBe(409);
  expect(lastOwner.body.type).toBe('https://planrrr.dev/problems/last-owner');
  expect((await owner.session.patch(`/api/v1/members/${owner.userId}`, { role: 'ADMIN' })).status).toBe(409);
  expect((await owner.session.patch(`/api/v1/members/${admin.userId}`, { role: 'OWNER' })).status).toBe(200);
  const renamed = await owner.session.patch('/api/v1/teams/current', { name: 'Renamed' });
  expect(renamed.body).toMatchObject({ name: 'Renamed', role: 'OWNER' });

  // nobody is left without a team
  expect((await owner.session.request('DELETE', `/api/v1/members/${owner.userId}`)).body.type).toBe(
    'https://planrrr.dev/problems/last-team',
  );
  const next = await owner.session.post('/api/v1/teams', { name: 'Next venture' });
  expect(next.status).toBe(201);
  expect((await owner.session.get('/api/v1/me')).body.currentTeamId).toBe(next.body.id);
  await owner.session.post(`/api/v1/teams/${renamed.body.id}/switch`);
  expect((await owner.session.request('DELETE', `/api/v1/members/${owner.userId}`)).status).toBe(204);
  const me = await owner.session.get('/api/v1/me');
  expect(me.body.teams.map((team: { name: string }) => team.name)).toEqual(['Next venture']);
  expect(me.body.currentTeamId).toBe(next.body.id);
});

test("a removed member's API tokens for the team stop working", async () => {
  const owner = await signUp('Boss');
  const leaver = await signUp('Leaver');
  await joinTeam(owner.session, leaver, 'EDITOR');
  const token = await leaver.session.post('/api/v1/tokens', { name: 'script' });
  const script = new ApiClient(server.url, token.body.token);
  expect((await script.get('/api/v1/posts')).status).toBe(200);
  expect((await owner.session.request('DELETE', `/api/v1/members/${leaver.userId}`)).status).toBe(204);
  expect((await script.get('/api/v1/posts')).status).toBe(401);
});

test('invitations can be revoked; a member cannot be invited twice', async () => {
  const owner = await signUp('Inviter');
  const sent = await owner.session.post('/api/v1/invitations', { email: 'later@example.com', role: 'VIEWER' });
  expect((await owner.session.request('DELETE', `/api/v1/invitations/${sent.body.id}`)).status).toBe(204);
  expect((await owner.session.request('DELETE', `/api/v1/invitations/${sent.body.id}`)).status).toBe(404);
  const later = await signUp('Later');
  const token = new URL(sent.body.acceptUrl).pathname.split('/').pop()!;
  expect((await later.session.post('/api/v1/invitations/accept', { token })).status).toBe(422);
  const self = await owner.session.post('/api/v1/invitations', { email: owner.email, role: 'VIEWER' });
  expect(self.body.type).toBe('https://planrrr.dev/problems/already-a-member');
});

test('the audit log records who changed what; only admins read it', async () => {
  const { api, session } = await signUpWithToken(server.url, 'Audra');
  const demo = await api.post('/api/v1/connections', { platform: 'demo' });
  // a draft: no worker runs in this file, and a draft's changes need none
  const post = await api.post('/api/v1/posts', {
    content: 'audited',
    publishAt: inSeconds(3600),
    connectionIds: [demo.body.id],
    draft: true,
  });
  expect((await api.post(`/api/v1/posts/${post.body.id}/reschedule`, { publishAt: inSeconds(7200) })).status).toBe(200);
  expect((await api.request('DELETE', `/api/v1/posts/${post.body.id}`)).status).toBe(204);

  const log = await session.get('/api/v1/audit-log?limit=3');
  expect(log.status).toBe(200);
  expect(log.body.data.map((entry: { action: string }) => entry.action)).toEqual(['post.deleted', 'post.rescheduled', 'post.created']);
  expect(log.body.data[0]).toMatchObject({ entityType: 'post', entityId: post.body.id, actorVia: 'token', actor: { name: 'Audra' } });
  const older = await session.get(`/api/v1/audit-log?before=${log.body.nextCursor}`);
  expect(older.body.data.map((entry: { action: string }) => entry.action)).toEqual(['connection.connected', 'token.created']);
  expect(older.body.nextCursor).toBeNull();
  expect((await api.get('/api/v1/audit-log')).status).toBe(403); // tokens cannot read it
  expect((await session.get('/api/v1/audit-log?before=not-an-entry')).status).toBe(400);
});

test('a person can export their data and delete their account; shared teams keep their posts', async () => {
  const owner = await signUp('Keeper');
  const gone = await signUp('Gone');
  await joinTeam(owner.session, gone, 'EDITOR');
  const demo = await owner.session.post('/api/v1/connections', { platform: 'demo' });
  const shared = await gone.session.post('/api/v1/posts', {
    content: 'stays with the team',
    publishAt: inSeconds(3600),
    connectionIds: [demo.body.id],
  });
  expect(shared.status).toBe(201);

  const exported = await gone.session.get('/api/v1/me/export');
  expect(exported.status).toBe(200);
  expect(exported.headers.get('content-disposition')).toContain('attachment');
  expect(exported.body).toMatchObject({ email: gone.email, posts: [{ content: 'stays with the team' }] });
  expect(exported.body.memberships).toHaveLength(2);
  expect(JSON.stringify(exported.body)).not.toMatch(/passwordHash|tokenHash/);

  expect((await gone.session.request('DELETE', '/api/v1/me', { password: 'wrong' })).status).toBe(400);
  // the owner of a shared team must hand it over first
  const blocked = await owner.session.request('DELETE', '/api/v1/me', { password: 'correct horse battery' });
  expect(blocked.status).toBe(409);
  expect(blocked.body.teamIds).toHaveLength(1);

  expect((await gone.session.request('DELETE', '/api/v1/me', { password: 'correct horse battery' })).status).toBe(204);
  expect((await gone.session.get('/api/v1/me')).status).toBe(401);
  const login = await new ApiClient(server.url).post('/api/v1/auth/login', { email: gone.email, password: 'correct horse battery' });
  expect(login.status).toBe(401);
  const kept = await owner.session.get(`/api/v1/posts/${shared.body.id}`);
  expect(kept.body).toMatchObject({ content: 'stays with the team', status: 'SCHEDULED' });
  expect((await owner.session.get('/api/v1/members')).body.data).toHaveLength(1);
});
