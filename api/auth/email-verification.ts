// Email verification: sign-up mails a single-use link valid for a day; opening it marks the
// address verified. Until then the user works as usual and the app shows a banner offering
// to send the link again (docs/security.md says why nothing is withheld).
import type { Db } from '../../lib/db';
import { problems } from '../http/problem';
import { accountLink, verificationMail, type SendMail } from './account-mail';
import type { AccountTokens } from './account-tokens';
import type { LoginLimits } from './login-limits';

const VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;

export interface EmailVerificationDeps {
  db: Db;
  tokens: AccountTokens;
  sendMail: SendMail;
  limits: Pick<LoginLimits, 'countVerificationMail'>;
  publicUrl: string;
}

export function createEmailVerification(deps: EmailVerificationDeps) {
  const { db, tokens } = deps;

  async function send(user: { id: string; email: string }): Promise<void> {
    const { id, token } = await tokens.issue(user.id, 'VERIFY_EMAIL', VERIFICATION_TTL_MS);
    await deps.sendMail(verificationMail(user.email, accountLink(deps.publicUrl, 'verify-email', token), id));
  }

  return {
    /** Mails a new user their verification link. */
    send,

    /** Mails the link again, a few times an hour at most (429); 409 once the address is verified. */
    async resend(userId: string): Promise<void> {
      const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, emailVerifiedAt: true } });
      if (user.emailVerifiedAt) throw problems.conflict('already-verified', `${user.email} is verified already.`);
      await deps.limits.countVerificationMail(userId);
      await send(user);
    },

    /** Marks the token's address verified; 422 `token-invalid` for a used, expired or unknown token. */
    async verify(token: string): Promise<void> {
      const userId = await tokens.consume(token, 'VERIFY_EMAIL');
      await db.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } });
    },
  };
}

export type EmailVerification = ReturnType<typeof createEmailVerification>;
