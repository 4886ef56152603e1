// The single-use, expiring tokens of the links mailed to a user: verifying an email and
// resetting a password. Random (randomToken, 256 bits), stored only as a SHA-256 hash, and
// used at most once: the update that marks one used is the check, so two requests racing
// with the same token cannot both pass.
import type { AccountTokenPurpose } from '../../prisma/generated/client';
import { randomToken, sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { problems } from '../http/problem';

export function createAccountTokens(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** A new token for the user (and its row's id); the caller puts the token in a link and mails it. */
    async issue(userId: string, purpose: AccountTokenPurpose, ttlMs: number): Promise<{ id: string; token: string }> {
      const token = randomToken();
      const { id } = await db.accountToken.create({
        data: { userId, purpose, tokenHash: sha256(token), expiresAt: new Date(Date.now() + ttlMs) },
        select: { id: true },
      });
      return { id, token };
    },

    /** Uses the token up: its user's id, or 422 `token-invalid` when it is unknown, of another purpose, used or expired. */
    async consume(token: string, purpose: AccountTokenPurpose): Promise<string> {
      const tokenHash = sha256(token);
      const { count } = await db.accountToken.updateMany({
        where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: new Date() } },
        data: { usedAt: new Date() },
      });
      if (count === 0) {
        throw problems.unprocessable(
          'token-invalid',
          'This link is not valid any more: it was used already, or it has expired. Ask for a new one.',
        );
      }
      const { userId } = await db.accountToken.findUniqueOrThrow({ where: { tokenHash }, select: { userId: true } });
      return userId;
    },
  };
}

export type AccountTokens = ReturnType<typeof createAccountTokens>;
