// Internal comments on a post: the team's thread about it, never published. Mentions
// (`@name`, `@email`) are resolved against the team's members when a comment is written,
// and those members are told. A rejection's reason is a comment too (api/approvals/service.ts),
// and so is what a client writes or approves through a preview link (api/previews/service.ts).
import { mentionNames, mentionsIn } from '../../domain/approvals';
import type { NotificationEvent } from '../../domain/notifications';
import type { Db } from '../../lib/db';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';

const COMMENT_FIELDS = {
  id: true,
  body: true,
  decision: true,
  mentionedUserIds: true,
  clientName: true,
  createdAt: true,
  author: { select: { id: true, name: true } },
} as const;

/** What a client sent through a preview link: a comment, or an approval with an optional note. */
export type ClientCommentKind = 'comment' | 'client_approval';

interface CommentRow {
  id: string;
  body: string;
  decision: string | null;
  mentionedUserIds: string[];
  clientName: string | null;
  createdAt: Date;
  author: { id: string; name: string } | null;
}

export interface CommentServiceDeps {
  db: Db;
  audit: AuditLog;
  /** tells the mentioned members (lib/notifications) */
  notify: (event: NotificationEvent) => Promise<void>;
}

export function createCommentService(deps: CommentServiceDeps) {
  const { db, audit } = deps;

  async function requirePost(actor: Actor, postId: string): Promise<void> {
    const post = await db.post.findFirst({ where: { id: postId, teamId: actor.teamId }, select: { id: true } });
    if (!post) throw problems.notFound('Post', postId);
  }

  /** The team's members the body mentions, as user ids, without the writer. */
  async function mentionedMembers(actor: Actor, body: string): Promise<string[]> {
    const mentions = mentionsIn(body);
    if (mentions.length === 0) return [];
    const members = await db.membership.findMany({
      where: { teamId: actor.teamId },
      select: { user: { select: { id: true, name: true, email: true } } },
    });
    return members
      .map((member) => member.user)
      .filter((user) => user.id !== actor.userId && mentions.some((mention) => mentionNames(mention, user)))
      .map((user) => user.id);
  }

  /** The comments as the API sends them, each mention named (members who left are left out). */
  async function view(actor: Actor, rows: CommentRow[]) {
    const mentioned = [...new Set(rows.flatMap((row) => row.mentionedUserIds))];
    const users =
      mentioned.length === 0
        ? []
        : await db.user.findMany({
            where: { id: { in: mentioned }, memberships: { some: { teamId: actor.teamId } } },
            select: { id: true, name: true },
          });
    const names = new Map(users.map((user) => [user.id, user.name]));
    return rows.map(({ mentionedUserIds, ...row }) => ({
      ...row,
      mentions: mentionedUserIds.flatMap((id) => (names.has(id) ? [{ id, name: names.get(id)! }] : [])),
      createdAt: row.createdAt.toISOString(),
    }));
  }

  async function write(actor: Actor, postId: string, body: string, decision: 'rejection' | null) {
    const mentionedUserIds = await mentionedMembers(actor, body);
    const row = await db.postComment.create({
      data: { postId, authorId: actor.userId, body, decision, mentionedUserIds },
      select: COMMENT_FIELDS,
    });
    await audit.record(actor, 'comment.created', {
      entityType: 'post',
      entityId: postId,
      details: { commentId: row.id, ...(decision && { decision }), mentionedUserIds },
    });
    if (mentionedUserIds.length > 0) {
      await deps.notify({
        kind: 'mention',
        teamId: actor.teamId,
        postId,
        commentId: row.id,
        recipientUserIds: mentionedUserIds,
        actorUserId: actor.userId,
        dedupeKey: `mention:${row.id}`,
      });
    }
    const [comment] = await view(actor, [row]);
    return comment!;
  }

  return {
    /** The post's comments, oldest first. */
    async list(actor: Actor, postId: string) {
      await requirePost(actor, postId);
      const rows = await db.postComment.findMany({
        where: { postId },
        select: COMMENT_FIELDS,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return view(actor, rows);
    },

    async create(actor: Actor, postId: string, body: string) {
      await requirePost(actor, postId);
      return write(actor, postId, body, null);
    },

    /** A rejection's reason, as a comment on the post (the post was checked by the rejection). */
    addRejection(actor: Actor, postId: string, body: string) {
      return write(actor, postId, body, 'rejection');
    },

    /**
     * What a client sent through a preview link, in the post's thread under the name they
     * typed; the link's maker is told, as if mentioned. The caller checked the link and the post.
     */
    async addFromClient(
      link: { id: string; teamId: string; createdById: string | null },
      postId: string,
      client: { name: string; body: string; kind: ClientCommentKind },
    ) {
      const row = await db.postComment.create({
        data: {
          postId,
          body: client.body,
          clientName: client.name,
          previewLinkId: link.id,
          decision: client.kind === 'client_approval' ? client.kind : null,
          mentionedUserIds: [],
        },
        select: { id: true },
      });
      if (link.createdById) {
        await deps.notify({
          kind: 'mention',
          teamId: link.teamId,
          postId,
          commentId: row.id,
          recipientUserIds: [link.createdById],
          clientName: client.name,
          dedupeKey: `mention:${row.id}`,
        });
      }
      return row;
    },

    /** What clients sent through a link, per post, oldest first: the only comments a client's page shows. */
    async fromClients(previewLinkId: string, postIds: readonly string[]) {
      const rows = await db.postComment.findMany({
        where: { previewLinkId, postId: { in: [...postIds] } },
        select: { postId: true, clientName: true, body: true, decision: true, createdAt: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map((row) => ({
        postId: row.postId,
        name: row.clientName ?? '',
        body: row.body,
        approval: row.decision === 'client_approval',
        createdAt: row.createdAt.toISOString(),
      }));
    },

    /** Deletes one of the actor's own comments; a rejection's reason stays with its decision. */
    async remove(actor: Actor, postId: string, commentId: string) {
      await requirePost(actor, postId);
      const comment = await db.postComment.findFirst({ where: { id: commentId, postId }, select: { authorId: true, decision: true } });
      if (!comment) throw problems.notFound('Comment', commentId);
      if (comment.authorId !== actor.userId) throw problems.forbidden('Only its author can delete a comment.');
      if (comment.decision)
        throw problems.conflict('comment-is-decision', "A rejection's reason stays with the decision: it cannot be deleted.");
      await db.postComment.deleteMany({ where: { id: commentId, postId } });
      await audit.record(actor, 'comment.deleted', { entityType: 'post', entityId: postId, details: { commentId } });
    },
  };
}
export type CommentService = ReturnType<typeof createCommentService>;
