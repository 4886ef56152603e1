// A person's own data (GDPR): an export of everything planrrr holds about them, and the
// deletion of their account. Deletion keeps the teams others still work in (their posts
// stay, without an author) and deletes the teams the person was alone in.
import type { Db } from '../../lib/db';
import type { AuthService } from '../auth/service';
import { problems } from '../http/problem';
import type { TeamService } from '../teams/service';

export interface AccountServiceDeps {
  db: Db;
  auth: Pick<AuthService, 'verifyCredentials'>;
  teams: Pick<TeamService, 'deleteTeam'>;
}

export function createAccountService(deps: AccountServiceDeps) {
  const { db } = deps;
  return {
    async exportData(userId: string) {
      const user = await db.user.findUniqueOrThrow({
        where: { id: userId },
        select: {
          id: true,
          email: true,
          name: true,
          createdAt: true,
          memberships: { select: { role: true, createdAt: true, team: { select: { id: true, name: true } } } },
          apiTokens: {
            select: { id: true, name: true, prefix: true, scopes: true, teamId: true, createdAt: true, lastUsedAt: true, expiresAt: true },
          },
          posts: {
            select: {
              id: true,
              teamId: true,
              content: true,
              publishAt: true,
              status: true,
              publishedAt: true,
              createdAt: true,
              targets: { select: { connectionId: true, status: true, url: true, publishedAt: true } },
            },
            orderBy: { createdAt: 'asc' },
          },
          invitationsSent: { select: { id: true, teamId: true, email: true, role: true, createdAt: true, acceptedAt: true } },
          auditEntries: {
            select: { id: true, teamId: true, action: true, entityType: true, entityId: true, createdAt: true },
            orderBy: { createdAt: 'asc' },
          },
        },
      });
      return { exportedAt: new Date().toISOString(), ...user };
    },

    /** Deletes the account after checking the password again; refuses while a team would be left without an owner. */
    async deleteAccount(userId: string, password: string): Promise<void> {
      const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
      if (!(await deps.auth.verifyCredentials({ email: user.email, password }))) {
        throw problems.validation([{ field: 'body.password', message: 'is not your current password' }]);
      }
      const memberships = await db.membership.findMany({
        where: { userId },
        select: { role: true, team: { select: { id: true, name: true, memberships: { select: { userId: true, role: true } } } } },
      });
      const aloneIn = memberships.filter((membership) => membership.team.memberships.length === 1).map((membership) => membership.team);
      const orphaned = memberships.filter(
        (membership) =>
          membership.team.memberships.length > 1 &&
          membership.role === 'OWNER' &&
          !membership.team.memberships.some((other) => other.userId !== userId && other.role === 'OWNER'),
      );
      if (orphaned.length > 0) {
        throw problems.conflict(
          'last-owner',
          `Make someone else owner of ${orphaned.map((membership) => `"${membership.team.name}"`).join(', ')} before deleting your account.`,
          { teamIds: orphaned.map((membership) => membership.team.id) },
        );
      }
      for (const team of aloneIn) await deps.teams.deleteTeam(team.id);
      // memberships, tokens and their invitations' inviter go with the user (schema cascades)
      await db.user.delete({ where: { id: userId } });
      await db.session.deleteMany({ where: { data: { contains: `"user":"${userId}"` } } });
    },
  };
}
