// The audit log: who changed what in a team. Services record an entry after each change
// they make on someone's behalf; admins read the log.
import { newRowId, prepared, type Db } from '../../lib/db';
import type { Prisma } from '../../prisma/generated/client';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';

export type AuditAction =
  | 'post.created'
  | 'post.edited'
  | 'post.rescheduled'
  | 'post.scheduled'
  | 'post.cancelled'
  | 'post.retried'
  | 'post.restored'
  | 'post.deleted'
  | 'post.labels_set'
  | 'post.approved'
  | 'post.rejected'
  | 'approval_policy.updated'
  | 'comment.created'
  | 'comment.deleted'
  | 'post.queued'
  | 'queue.updated'
  | 'queue.reordered'
  | 'queue.shuffled'
  | 'label.created'
  | 'label.edited'
  | 'label.deleted'
  | 'series.created'
  | 'series.edited'
  | 'series.paused'
  | 'series.resumed'
  | 'series.skipped'
  | 'series.deleted'
  | 'evergreen.created'
  | 'evergreen.edited'
  | 'evergreen.paused'
  | 'evergreen.resumed'
  | 'evergreen.refilled'
  | 'evergreen.deleted'
  | 'connection.connected'
  | 'connection.disconnected'
  | 'token.created'
  | 'token.revoked'
  | 'team.created'
  | 'team.renamed'
  | 'member.role_changed'
  | 'member.removed'
  | 'member.joined'
  | 'invitation.created'
  | 'invitation.revoked'
  | 'webhook.created'
  | 'webhook.deleted'
  | 'chat_webhook.created'
  | 'chat_webhook.deleted'
  | 'template.created'
  | 'template.edited'
  | 'template.deleted'
  | 'snippet.created'
  | 'snippet.edited'
  | 'snippet.deleted'
  | 'connection.signature_set'
  | 'ai.suggestion_asked'
  | 'import.created'
  | 'import.confirmed'
  | 'import.paused'
  | 'import.resumed'
  | 'import.cancelled'
  | 'import.undone'
  | 'preview.created'
  | 'preview.revoked'
  | 'preview.client_approved'
  | 'preview.client_commented';

export interface AuditSubject {
  entityType: string;
  entityId: string;
  details?: Prisma.InputJsonValue;
}

const PAGE_SIZE = 50;

const ENTRY_FIELDS = {
  id: true,
  action: true,
  entityType: true,
  entityId: true,
  details: true,
  actorVia: true,
  createdAt: true,
  actor: { select: { id: true, name: true, email: true } },
} as const;

export function createAuditLog(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** `userId` null: no member acted (a client through a preview link whose maker's account is gone). */
    async record(
      actor: Pick<Actor, 'teamId' | 'via'> & { userId: string | null },
      action: AuditAction,
      subject: AuditSubject,
    ): Promise<void> {
      // on the pool: an entry is written after every change, on every create
      await db.$pool.query(
        prepared(
          `INSERT INTO "AuditEntry" (id, "teamId", "actorUserId", "actorVia", action, "entityType", "entityId", details, "createdAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, now() AT TIME ZONE 'UTC')`,
          [
            newRowId(),
            actor.teamId,
            actor.userId,
            actor.via,
            action,
            subject.entityType,
            subject.entityId,
            subject.details === undefined ? null : JSON.stringify(subject.details),
          ],
        ),
      );
    },

    /**
     * What was done to one post, oldest first: its history on its page (decisions and
     * comments among it), readable by every member who reads the post.
     */
    postHistory(actor: Actor, postId: string) {
      return db.auditEntry.findMany({
        where: { teamId: actor.teamId, entityType: 'post', entityId: postId },
        select: ENTRY_FIELDS,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
    },

    /** Newest first; `before` is the id of the last entry of the previous page. */
    async list(actor: Actor, query: { before?: string; limit?: number }) {
      const limit = query.limit ?? PAGE_SIZE;
      const after = query.before
        ? await db.auditEntry.findFirst({ where: { id: query.before, teamId: actor.teamId }, select: { id: true, createdAt: true } })
        : undefined;
      if (query.before && !after)
        throw problems.validation([{ field: 'query.before', message: "is not an entry of this team's audit log" }]);
      const rows = await db.auditEntry.findMany({
        where: {
          teamId: actor.teamId,
          ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
        },
        select: ENTRY_FIELDS,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
      });
      const page = rows.slice(0, limit);
      return { data: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
