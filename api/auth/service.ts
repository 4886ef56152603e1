import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../../lib/db';
import { problems } from '../http/problem';
import type { EmailVerification } from './email-verification';
import type { LoginLimits } from './login-limits';
import { ownWords, weakPasswordMessage } from './password-strength';
import type { SignupInput } from './schemas';

export function createAuthService(deps: { db: Db; limits: LoginLimits; verification: Pick<EmailVerification, 'send'> }) {
  const { db, limits } = deps;
  /**
   * Checked against a password given for an unknown email, so that answering takes as long as
   * for a known one: the time must not tell whether an account exists. Made once, on first use.
   */
  let unknownAccountHash: Promise<string> | undefined;
  const hashForUnknownAccounts = () => (unknownAccountHash ??= hash(randomUUID()));

  /** The user with this email and password, or null: one answer for both mistakes. */
  async function verifyCredentials(input: { email: string; password: string }): Promise<{ id: string } | null> {
    const user = await db.user.findUnique({
      where: { email: input.email.trim().toLowerCase() },
      select: { id: true, passwordHash: true },
    });
    if (!user) {
      await verify(await hashForUnknownAccounts(), input.password);
      return null;
    }
    return (await verify(user.passwordHash, input.password)) ? { id: user.id } : null;
  }

  return {
    /**
     * Creates a user with a personal team they own. The attempt counts against the caller's
     * address `ip` (it also tells whether an email has an account); a weak password is refused.
     * The new user is mailed a link to verify their address.
     */
    async signup(input: SignupInput, ip: string) {
      await limits.countAttempt(ip);
      const weak = await weakPasswordMessage(input.password, ownWords(input));
      if (weak) throw problems.validation([{ field: 'body.password', message: weak }]);
      const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (existing) throw problems.conflict('email-taken', `An account with ${input.email} already exists. Log in instead.`);
      const passwordHash = await hash(input.password);
      const user = await db.user.create({
        data: {
          email: input.email,
          name: input.name,
          passwordHash,
          memberships: { create: { role: 'OWNER', team: { create: { name: `${input.name}'s team` } } } },
        },
        select: { id: true, email: true, name: true },
      });
      await deps.verification.send(user);
      return user;
    },

    /** Log-in from the address `ip`, under the log-in limits (login-limits.ts): the user, or null when the email or password is wrong. */
    logIn(input: { email: string; password: string }, ip: string): Promise<{ id: string } | null> {
      return limits.logIn(input.email, ip, () => verifyCredentials(input));
    },

    /** For a signed-in user confirming with their password (deleting the account): no log-in limits. */
    verifyCredentials,

    /** What sign-up and log-in answer about the user. */
    profileOf(userId: string) {
      return db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
    },

    async me(userId: string, currentTeamId: string) {
      const user = await db.user.findUniqueOrThrow({
        where: { id: userId },
        select: {
          id: true,
          email: true,
          name: true,
          emailVerifiedAt: true,
          twoFactorEnabledAt: true,
          memberships: { select: { role: true, team: { select: { id: true, name: true } } }, orderBy: { createdAt: 'asc' } },
        },
      });
      return {
        user: {
          id: user.id,
          email: user.email,
          name: user.name,
          emailVerified: Boolean(user.emailVerifiedAt),
          twoFactorEnabled: Boolean(user.twoFactorEnabledAt),
        },
        teams: user.memberships.map((membership) => ({ ...membership.team, role: membership.role })),
        currentTeamId,
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
