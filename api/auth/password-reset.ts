// Password reset by email. A request answers the same whether or not the address has an
// account (no enumeration), and is limited per address and per email (login-limits.ts); an
// account gets a single-use link valid for an hour. Setting the new password uses the link
// up and ends every session of the user but the one it was set from.
import { hash } from '@node-rs/argon2';
import { sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { problems } from '../http/problem';
import { accountLink, passwordResetMail, type SendMail } from './account-mail';
import type { AccountTokens } from './account-tokens';
import type { LoginLimits } from './login-limits';
import { ownWords, weakPasswordMessage } from './password-strength';
import type { SessionService } from './sessions';

const RESET_TTL_MS = 60 * 60 * 1000;

export interface PasswordResetDeps {
  db: Db;
  tokens: AccountTokens;
  sendMail: SendMail;
  limits: Pick<LoginLimits, 'countPasswordReset'>;
  sessions: Pick<SessionService, 'endAllBut'>;
  publicUrl: string;
}

export function createPasswordReset(deps: PasswordResetDeps) {
  const { db, tokens } = deps;
  return {
    /** Mails a reset link if `email` has an account; answers the same either way. */
    async request(email: string, ip: string): Promise<void> {
      await deps.limits.countPasswordReset(email, ip);
      const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true } });
      if (!user) return;
      const { id, token } = await tokens.issue(user.id, 'RESET_PASSWORD', RESET_TTL_MS);
      await deps.sendMail(passwordResetMail(user.email, accountLink(deps.publicUrl, 'reset-password', token), id));
    },

    /**
     * Sets the new password of the token's user. The password is checked before the token is
     * used up, so a weak one (400) leaves the link working; `currentSessionId` (if any) stays signed in.
     */
    async confirm(input: { token: string; password: string }, currentSessionId?: string): Promise<void> {
      const pending = await db.accountToken.findUnique({
        where: { tokenHash: sha256(input.token) },
        select: { purpose: true, usedAt: true, expiresAt: true, user: { select: { email: true, name: true } } },
      });
      if (pending?.purpose === 'RESET_PASSWORD' && !pending.usedAt && pending.expiresAt > new Date()) {
        const weak = await weakPasswordMessage(input.password, ownWords(pending.user));
        if (weak) throw problems.validation([{ field: 'body.password', message: weak }]);
      }
      const userId = await tokens.consume(input.token, 'RESET_PASSWORD');
      await db.user.update({ where: { id: userId }, data: { passwordHash: await hash(input.password) } });
      await deps.sessions.endAllBut(userId, currentSessionId);
    },
  };
}

export type PasswordReset = ReturnType<typeof createPasswordReset>;
