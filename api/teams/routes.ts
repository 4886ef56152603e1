import { Router } from 'express';
import { requireActor, requirePermission, requireSession } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { problems } from '../http/problem';
import { parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { AcceptInvitationSchema, ChangeRoleSchema, CreateTeamSchema, InviteSchema, RenameTeamSchema, UserIdParams } from './schemas';

export const teamEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/teams',
    operationId: 'listTeams',
    tags: ['teams'],
    summary: "The caller's teams and their role in each",
    security: security.sessionOrToken,
    responses: { 200: json('TeamList', 'The teams, oldest membership first') },
    problems: { 401: '' },
    async handler(req, res, services) {
      res.json({ data: (await services.auth.me(req.actor!.userId, req.actor!.teamId)).teams });
    },
  },
  {
    method: 'post',
    path: '/teams',
    operationId: 'createTeam',
    tags: ['teams'],
    summary: 'Create a team owned by the caller and switch the session to it',
    security: security.session,
    request: { body: jsonBody(CreateTeamSchema) },
    responses: { 201: json('Team', 'Created') },
    problems: { 400: '', 401: '', 403: 'needs a session' },
    async handler(req, res, services) {
      const actor = requireSession(req);
      const team = await services.teams.create(actor, parseRequest(CreateTeamSchema, req, 'body'));
      req.session.teamId = team.id; // a new team is where its creator wants to work next
      res.status(201).json(team);
    },
  },
  {
    method: 'post',
    path: '/teams/:id/switch',
    operationId: 'switchTeam',
    tags: ['teams'],
    summary: "Act in another of the caller's teams from now on (the session remembers it)",
    security: security.session,
    request: { params: IdParams },
    responses: { 200: json('Me', 'Switched; `currentTeamId` is the team') },
    problems: { 401: '', 403: 'needs a session', 404: 'not a team of the caller' },
    async handler(req, res, services) {
      const actor = requireSession(req);
      const teamId = String(req.params.id);
      const me = await services.auth.me(actor.userId, teamId);
      if (!me.teams.some((team) => team.id === teamId)) throw problems.notFound('Team', teamId);
      req.session.teamId = teamId;
      res.json(me);
    },
  },
  {
    method: 'patch',
    path: '/teams/current',
    operationId: 'renameTeam',
    tags: ['teams'],
    summary: 'Rename the current team (owners)',
    security: security.session,
    request: { body: jsonBody(RenameTeamSchema) },
    responses: { 200: json('Team', 'Renamed') },
    problems: { 400: '', 401: '', 403: '' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'team:manage');
      res.json(await services.teams.rename(actor, parseRequest(RenameTeamSchema, req, 'body')));
    },
  },
  {
    method: 'delete',
    path: '/teams/current',
    operationId: 'deleteTeam',
    tags: ['teams'],
    summary: 'Delete the current team with its posts and connections (owners); its live posts stop',
    security: security.session,
    responses: { 204: noContent('Deleted') },
    problems: { 401: '', 403: '', 409: "the caller's only team (`last-team`)" },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'team:manage');
      const { teams } = await services.auth.me(actor.userId, actor.teamId);
      if (teams.length === 1)
        throw problems.conflict('last-team', 'This is your only team; delete your account instead, or create another team first.');
      await services.teams.deleteTeam(actor.teamId);
      delete req.session.teamId;
      res.status(204).end();
    },
  },
  {
    method: 'get',
    path: '/members',
    operationId: 'listMembers',
    tags: ['teams'],
    summary: 'Members of the current team with their roles',
    security: security.session,
    responses: { 200: json('MemberList', 'The members') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json({ data: await services.teams.members(requirePermission(req, 'members:read')) });
    },
  },
  {
    method: 'patch',
    path: '/members/:userId',
    operationId: 'changeMemberRole',
    tags: ['teams'],
    summary: "Change a member's role (admins; only owners make or unmake owners)",
    security: security.session,
    request: { params: UserIdParams, body: jsonBody(ChangeRoleSchema) },
    responses: { 200: json('MemberList', 'Changed; the members as they are now') },
    problems: { 400: '', 401: '', 403: '', 404: '', 409: 'the team would have no owner (`last-owner`)' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'members:manage');
      const { role } = parseRequest(ChangeRoleSchema, req, 'body');
      await services.teams.changeRole(actor, String(req.params.userId), role);
      res.json({ data: await services.teams.members(actor) });
    },
  },
  {
    method: 'delete',
    path: '/members/:userId',
    operationId: 'removeMember',
    tags: ['teams'],
    summary: 'Remove a member (admins), or leave the team (your own user id); their tokens for the team are revoked',
    security: security.session,
    request: { params: UserIdParams },
    responses: { 204: noContent('Removed') },
    problems: {
      401: '',
      403: '',
      404: '',
      409: "the team would have no owner (`last-owner`), or it is the leaver's only team (`last-team`)",
    },
    async handler(req, res, services) {
      const userId = String(req.params.userId);
      const actor = userId === req.actor?.userId ? requireSession(req) : requirePermission(req, 'members:manage');
      await services.teams.removeMember(actor, userId);
      if (userId === actor.userId) delete req.session.teamId;
      res.status(204).end();
    },
  },
  {
    method: 'post',
    path: '/invitations',
    operationId: 'inviteMember',
    tags: ['teams'],
    summary: 'Invite someone by email with a role (admins; owners for owners); valid 7 days',
    security: security.session,
    request: { body: jsonBody(InviteSchema) },
    responses: { 201: json('Invitation', 'Invited; send them `acceptUrl`') },
    problems: { 400: '', 401: '', 403: '', 409: 'already a member (`already-a-member`)' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'members:manage');
      res.status(201).json(await services.teams.invite(actor, parseRequest(InviteSchema, req, 'body')));
    },
  },
  {
    method: 'get',
    path: '/invitations',
    operationId: 'listInvitations',
    tags: ['teams'],
    summary: 'Pending invitations of the current team',
    security: security.session,
    responses: { 200: json('InvitationList', 'Pending, newest first') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json({ data: await services.teams.invitations(requirePermission(req, 'members:manage')) });
    },
  },
  {
    method: 'delete',
    path: '/invitations/:id',
    operationId: 'revokeInvitation',
    tags: ['teams'],
    summary: 'Revoke a pending invitation',
    security: security.session,
    request: { params: IdParams },
    responses: { 204: noContent('Revoked') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      await services.teams.revokeInvitation(requirePermission(req, 'members:manage'), String(req.params.id));
      res.status(204).end();
    },
  },
  {
    method: 'post',
    path: '/invitations/accept',
    operationId: 'acceptInvitation',
    tags: ['teams'],
    summary: "Join a team with the token from an invitation link sent to the caller's email; the session switches to it",
    security: security.session,
    request: { body: jsonBody(AcceptInvitationSchema) },
    responses: { 200: json('Team', 'Joined') },
    problems: {
      400: '',
      401: '',
      403: 'the invitation was sent to another address',
      422: 'used, revoked or expired (`invitation-invalid`)',
    },
    async handler(req, res, services) {
      const actor = requireSession(req);
      const { token } = parseRequest(AcceptInvitationSchema, req, 'body');
      const team = await services.teams.accept(actor, token);
      req.session.teamId = team.id;
      res.json(team);
    },
  },
]);

export function teamRoutes(services: Services): Router {
  const router = Router();
  router.use(['/teams', '/members', '/invitations'], requireActor);
  return addRoutes(router, teamEndpoints, services);
}
