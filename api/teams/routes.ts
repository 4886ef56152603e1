import { Router } from 'express';
import { requireActor, requirePermission, requireSession } from '../auth/actor';
import { problems } from '../http/problem';
import { parseRequest } from '../http/validate';
import type { Services } from '../services';
import { AcceptInvitationSchema, ChangeRoleSchema, CreateTeamSchema, InviteSchema, RenameTeamSchema } from './schemas';

export function teamRoutes(services: Services): Router {
  const router = Router();
  router.use(['/teams', '/members', '/invitations'], requireActor);

  router.get('/teams', async (req, res) => {
    res.json({ data: (await services.auth.me(req.actor!.userId, req.actor!.teamId)).teams });
  });

  router.post('/teams', async (req, res) => {
    const actor = requireSession(req);
    const team = await services.teams.create(actor, parseRequest(CreateTeamSchema, req, 'body'));
    req.session.teamId = team.id; // a new team is where its creator wants to work next
    res.status(201).json(team);
  });

  router.post('/teams/:id/switch', async (req, res) => {
    const actor = requireSession(req);
    const teamId = String(req.params.id);
    const me = await services.auth.me(actor.userId, teamId);
    if (!me.teams.some((team) => team.id === teamId)) throw problems.notFound('Team', teamId);
    req.session.teamId = teamId;
    res.json(me);
  });

  router.patch('/teams/current', async (req, res) => {
    const actor = requirePermission(req, 'team:manage');
    res.json(await services.teams.rename(actor, parseRequest(RenameTeamSchema, req, 'body')));
  });

  router.delete('/teams/current', async (req, res) => {
    const actor = requirePermission(req, 'team:manage');
    const { teams } = await services.auth.me(actor.userId, actor.teamId);
    if (teams.length === 1) throw problems.conflict('last-team', 'This is your only team; delete your account instead, or create another team first.');
    await services.teams.deleteTeam(actor.teamId);
    delete req.session.teamId;
    res.status(204).end();
  });

  router.get('/members', async (req, res) => {
    res.json({ data: await services.teams.members(requirePermission(req, 'members:read')) });
  });

  router.patch('/members/:userId', async (req, res) => {
    const actor = requirePermission(req, 'members:manage');
    const { role } = parseRequest(ChangeRoleSchema, req, 'body');
    await services.teams.changeRole(actor, String(req.params.userId), role);
    res.json({ data: await services.teams.members(actor) });
  });

  router.delete('/members/:userId', async (req, res) => {
    const userId = String(req.params.userId);
    const actor = userId === req.actor?.userId ? requireSession(req) : requirePermission(req, 'members:manage');
    await services.teams.removeMember(actor, userId);
    if (userId === actor.userId) delete req.session.teamId;
    res.status(204).end();
  });

  router.post('/invitations/accept', async (req, res) => {
    const actor = requireSession(req);
    const { token } = parseRequest(AcceptInvitationSchema, req, 'body');
    const team = await services.teams.accept(actor, token);
    req.session.teamId = team.id;
    res.json(team);
  });

  router.post('/invitations', async (req, res) => {
    const actor = requirePermission(req, 'members:manage');
    res.status(201).json(await services.teams.invite(actor, parseRequest(InviteSchema, req, 'body')));
  });

  router.get('/invitations', async (req, res) => {
    res.json({ data: await services.teams.invitations(requirePermission(req, 'members:manage')) });
  });

  router.delete('/invitations/:id', async (req, res) => {
    await services.teams.revokeInvitation(requirePermission(req, 'members:manage'), String(req.params.id));
    res.status(204).end();
  });

  return router;
}
