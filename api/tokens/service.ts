import { randomToken, sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import type { TokenScope } from '../../domain/permissions';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';

/** Recognisable in logs and secret scanners. */
const TOKEN_PREFIX = 'planrrr_';

const TOKEN_FIELDS = { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, expiresAt: true } as const;

export function createTokenService(deps: { db: Db; audit: AuditLog }) {
  const { db, audit } = deps;
  return {
    /** The secret is returned here and never again: only its hash is stored. */
    async create(actor: Actor, input: { name: string; expiresAt?: Date; scopes: TokenScope[] }) {
      const secret = `${TOKEN_PREFIX}${randomToken(32)}`;
      const token = await db.apiToken.create({
        data: {
          name: input.name,
          tokenHash: sha256(secret),
          prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
          userId: actor.userId,
          teamId: actor.teamId,
          expiresAt: input.expiresAt ?? null,
          scopes: input.scopes,
        },
        select: TOKEN_FIELDS,
      });
      await audit.record(actor, 'token.created', {
        entityType: 'token',
        entityId: token.id,
        details: { name: token.name, scopes: token.scopes },
      });
      return { ...token, token: secret };
    },

    list(actor: Actor) {
      return db.apiToken.findMany({
        where: { userId: actor.userId, teamId: actor.teamId },
        select: TOKEN_FIELDS,
        orderBy: { createdAt: 'desc' },
      });
    },

    async revoke(actor: Actor, id: string) {
      const { count } = await db.apiToken.deleteMany({ where: { id, userId: actor.userId, teamId: actor.teamId } });
      if (count === 0) throw problems.notFound('Token', id);
      await audit.record(actor, 'token.revoked', { entityType: 'token', entityId: id });
    },
  };
}
