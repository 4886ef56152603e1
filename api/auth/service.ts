import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../../lib/db';
import { problems } from '../http/problem';
import type { SignupInput } from './schemas';

export function createAuthService(deps: { db: Db }) {
  const { db } = deps;
  /**
   * Checked against a password given for an unknown email, so that answering takes as long as
   * for a known one: the time must not tell whether an account exists. Made once, on first use.
   */
  let unknownAccountHash: Promise<string> | undefined;
  const hashForUnknownAccounts = () => (unknownAccountHash ??= hash(randomUUID()));

  return {
    /** Creates a user with a personal team they own. */
    async signup(input: SignupInput) {
      const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (existing) throw problems.conflict('email-taken', `An account with ${input.email} already exists. Log in instead.`);
      const passwordHash = await hash(input.password);
      return db.user.create({
        data: {
          email: input.email,
          name: input.name,
          passwordHash,
          memberships: { create: { role: 'OWNER', team: { create: { name: `${input.name}'s team` } } } },
        },
        select: { id: true, email: true, name: true },
      });
    },

    /** The user with this email and password, or null: one answer for both mistakes. */
    async verifyCredentials(input: { email: string; password: string }): Promise<{ id: string } | null> {
      const user = await db.user.findUnique({
        where: { email: input.email.trim().toLowerCase() },
        select: { id: true, passwordHash: true },
      });
      if (!user) {
        await verify(await hashForUnknownAccounts(), input.password);
        return null;
      }
      return (await verify(user.passwordHash, input.password)) ? { id: user.id } : null;
    },

    async me(userId: string, currentTeamId: string) {
      const user = await db.user.findUniqueOrThrow({
        where: { id: userId },
        select: {
          id: true,
          email: true,
          name: true,
          memberships: { select: { role: true, team: { select: { id: true, name: true } } }, orderBy: { createdAt: 'asc' } },
        },
      });
      return {
        user: { id: user.id, email: user.email, name: user.name },
        teams: user.memberships.map((membership) => ({ ...membership.team, role: membership.role })),
        currentTeamId,
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
