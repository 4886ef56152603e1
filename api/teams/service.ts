// Teams, their members and invitations. Every change is checked against the permission
// matrix (domain/permissions.ts) by the caller and against the team's invariants here:
// a team always keeps an owner, only owners make owners.
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { canAssignRole, type Role } from '../../domain/permissions';
import { randomToken, sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { postWorkflowId } from '../../temporal-config';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import { accountLink, invitationMail, type SendMail } from '../auth/account-mail';
import type { InviteInput } from './schemas';

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const INVITATION_FIELDS = { id: true, email: true, role: true, expiresAt: true, createdAt: true } as const;

export interface TeamServiceDeps {
  db: Db;
  temporal: Client;
  audit: AuditLog;
  /** where invitation links point */
  publicUrl: string;
  /** invitation links are mailed too */
  sendMail: SendMail;
}

export function createTeamService(deps: TeamServiceDeps) {
  const { db, audit } = deps;

  async function requireMember(actor: Actor, userId: string): Promise<Role> {
    const membership = await db.membership.findUnique({
      where: { userId_teamId: { userId, teamId: actor.teamId } },
      select: { role: true },
    });
    if (!membership) throw problems.notFound('Member', userId);
    return membership.role;
  }

  async function ensureAnotherOwner(teamId: string, leavingUserId: string): Promise<void> {
    const owners = await db.membership.count({ where: { teamId, role: 'OWNER', userId: { not: leavingUserId } } });
    if (owners === 0) throw problems.conflict('last-owner', 'A team needs an owner: make someone else owner first.');
  }

  /** Stops the team's sleeping and publishing posts, so nothing goes out for a team that is gone. */
  async function stopTeamWorkflows(teamId: string, reason: string): Promise<void> {
    const live = await db.post.findMany({ where: { teamId, status: { in: ['SCHEDULED', 'PUBLISHING'] } }, select: { id: true } });
    for (const post of live) {
      await deps.temporal.workflow
        .getHandle(postWorkflowId(post.id))
        .terminate(reason)
        .catch((error: unknown) => {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        });
    }
  }

  return {
    async create(actor: Pick<Actor, 'userId' | 'via'>, input: { name: string }) {
      const team = await db.team.create({
        data: { name: input.name, memberships: { create: { userId: actor.userId, role: 'OWNER' } } },
        select: { id: true, name: true },
      });
      await audit.record({ ...actor, teamId: team.id }, 'team.created', {
        entityType: 'team',
        entityId: team.id,
        details: { name: team.name },
      });
      return { ...team, role: 'OWNER' as const };
    },

    async rename(actor: Actor, input: { name: string }) {
      const team = await db.team.update({ where: { id: actor.teamId }, data: { name: input.name }, select: { id: true, name: true } });
      await audit.record(actor, 'team.renamed', { entityType: 'team', entityId: team.id, details: { name: team.name } });
      return { ...team, role: actor.role };
    },

    /** Deletes the team with everything in it; its live posts' workflows are terminated first. */
    async deleteTeam(teamId: string): Promise<void> {
      await stopTeamWorkflows(teamId, 'The team was deleted');
      await db.team.delete({ where: { id: teamId } });
    },

    async members(actor: Actor) {
      const memberships = await db.membership.findMany({
        where: { teamId: actor.teamId },
        select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
        orderBy: { createdAt: 'asc' },
      });
      return memberships.map((membership) => ({ ...membership.user, role: membership.role, joinedAt: membership.createdAt }));
    },

    async changeRole(actor: Actor, userId: string, role: Role) {
      const current = await requireMember(actor, userId);
      if (!canAssignRole(actor.role, role) || !canAssignRole(actor.role, current)) {
        throw problems.forbidden("Only owners can make someone an owner or change an owner's role.");
      }
      if (current === 'OWNER' && role !== 'OWNER') await ensureAnotherOwner(actor.teamId, userId);
      await db.membership.update({ where: { userId_teamId: { userId, teamId: actor.teamId } }, data: { role } });
      await audit.record(actor, 'member.role_changed', { entityType: 'user', entityId: userId, details: { from: current, to: role } });
    },

    /** Removes a member (managers), or lets a member leave (themselves). */
    async removeMember(actor: Actor, userId: string) {
      const current = await requireMember(actor, userId);
      const leaving = userId === actor.userId;
      if (!leaving && !canAssignRole(actor.role, current)) throw problems.forbidden('Only owners can remove an owner.');
      if (current === 'OWNER') await ensureAnotherOwner(actor.teamId, userId);
      if (leaving && (await db.membership.count({ where: { userId } })) === 1) {
        throw problems.conflict('last-team', 'This is your only team: create or join another one before leaving it.');
      }
      await db.$transaction([
        db.membership.delete({ where: { userId_teamId: { userId, teamId: actor.teamId } } }),
        // their tokens acted for them in this team: they go with the membership
        db.apiToken.deleteMany({ where: { userId, teamId: actor.teamId } }),
      ]);
      await audit.record(actor, 'member.removed', { entityType: 'user', entityId: userId, details: { role: current, left: leaving } });
    },

    /** The link's token is in `acceptUrl`, shown once and mailed to the invitee; only its hash is stored. */
    async invite(actor: Actor, input: InviteInput) {
      if (!canAssignRole(actor.role, input.role)) throw problems.forbidden('Only owners can invite owners.');
      const member = await db.membership.findFirst({
        where: { teamId: actor.teamId, user: { email: input.email } },
        select: { userId: true },
      });
      if (member) throw problems.conflict('already-a-member', `${input.email} is already a member of this team.`);
      const token = randomToken(32);
      // a newer invitation to the same address replaces the older one
      await db.invitation.deleteMany({ where: { teamId: actor.teamId, email: input.email, acceptedAt: null } });
      const invitation = await db.invitation.create({
        data: {
          teamId: actor.teamId,
          email: input.email,
          role: input.role,
          tokenHash: sha256(token),
          invitedById: actor.userId,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        },
        select: { ...INVITATION_FIELDS, team: { select: { name: true } }, invitedBy: { select: { name: true } } },
      });
      await audit.record(actor, 'invitation.created', {
        entityType: 'invitation',
        entityId: invitation.id,
        details: { email: input.email, role: input.role },
      });
      const { team, invitedBy, ...shown } = invitation;
      const acceptUrl = accountLink(deps.publicUrl, 'invitations', token);
      await deps.sendMail(
        invitationMail(input.email, {
          teamName: team.name,
          inviterName: invitedBy?.name ?? 'A team member',
          link: acceptUrl,
          invitationId: invitation.id,
        }),
      );
      return { ...shown, acceptUrl };
    },

    invitations(actor: Actor) {
      return db.invitation.findMany({
        where: { teamId: actor.teamId, acceptedAt: null, expiresAt: { gt: new Date() } },
        select: INVITATION_FIELDS,
        orderBy: { createdAt: 'desc' },
      });
    },

    async revokeInvitation(actor: Actor, id: string) {
      const { count } = await db.invitation.deleteMany({ where: { id, teamId: actor.teamId, acceptedAt: null } });
      if (count === 0) throw problems.notFound('Invitation', id);
      await audit.record(actor, 'invitation.revoked', { entityType: 'invitation', entityId: id });
    },

    /** What an invitation link offers, for the page that accepts it; undefined when it is not valid. */
    async preview(token: string) {
      const invitation = await db.invitation.findUnique({
        where: { tokenHash: sha256(token) },
        select: { email: true, role: true, expiresAt: true, acceptedAt: true, team: { select: { name: true } } },
      });
      if (!invitation || invitation.acceptedAt || invitation.expiresAt <= new Date()) return undefined;
      return { teamName: invitation.team.name, email: invitation.email, role: invitation.role };
    },

    /** Joins the invited team: the link must be valid and sent to this user's email, which it verifies. */
    async accept(user: { userId: string; via: Actor['via'] }, token: string) {
      const invitation = await db.invitation.findUnique({
        where: { tokenHash: sha256(token) },
        select: { id: true, teamId: true, email: true, role: true, expiresAt: true, acceptedAt: true, team: { select: { name: true } } },
      });
      if (!invitation || invitation.acceptedAt || invitation.expiresAt <= new Date()) {
        throw problems.unprocessable(
          'invitation-invalid',
          'This invitation link is not valid any more: it was used, revoked or has expired. Ask for a new one.',
        );
      }
      const { email } = await db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { email: true } });
      if (email !== invitation.email) {
        throw problems.forbidden(`This invitation was sent to ${invitation.email}. Log in with that address to accept it.`);
      }
      const existing = await db.membership.findUnique({
        where: { userId_teamId: { userId: user.userId, teamId: invitation.teamId } },
        select: { role: true },
      });
      await db.$transaction([
        db.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } }),
        ...(existing ? [] : [db.membership.create({ data: { userId: user.userId, teamId: invitation.teamId, role: invitation.role } })]),
        // the link came by mail to this address: that verifies it as well as a verification link would
        db.user.updateMany({ where: { id: user.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } }),
      ]);
      const role = existing?.role ?? invitation.role;
      await audit.record({ ...user, teamId: invitation.teamId }, 'member.joined', {
        entityType: 'user',
        entityId: user.userId,
        details: { role },
      });
      return { id: invitation.teamId, name: invitation.team.name, role };
    },
  };
}

export type TeamService = ReturnType<typeof createTeamService>;
