// A new post's rows (the post, its targets, media, thread parts and labels) in one
// statement that also answers the post as the page query reads it, on the pool or in a
// Prisma transaction (lib/db.ts SqlStatements): Prisma's nested create took a round trip per
// table, each through its query interpreter, and reading the post back after it took a
// transaction around both (BENCHMARKS.md, planrrr at its defaults).
import type { PostStatus, ThreadPart } from '../../domain/post';
import { newRowId, utcTimestamp } from '../../lib/db';
import { postJsonSql, type PostRelations } from './page-query';
import { Prisma } from '../../prisma/generated/client';

/** What a new post's rows hold; the database fills in the rest (revision 1, targets PENDING, the times). */
export interface NewPost {
  teamId: string;
  authorId: string;
  content: string;
  publishAt: Date | null;
  timeZone: string | null;
  status: PostStatus;
  approvalDeadlineMinutes: number | null;
  hasWorkflowRun: boolean;
  stateVersion: number;
  idempotencyKey: string | null;
  idempotencyRequestHash: string | null;
  /** in the order the author chose the accounts */
  targets: ReadonlyArray<{ connectionId: string; contentOverride: string | null; options: Record<string, unknown> | undefined }>;
  mediaIds: readonly string[];
  /** the parts after the first */
  thread: readonly ThreadPart[];
  threadDelaySeconds: number;
  firstComment: string | null;
  labelIds: readonly string[];
  evergreenSetId?: string;
  evergreenSourceId?: string;
}

/** A value for jsonb_to_recordset: one parameter, however many rows. */
const recordset = (rows: readonly object[]) => Prisma.sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)`;

/** The rows the statement inserts, which its post's JSON reads (its tables show them only once it ends). */
const NEW_ROWS: PostRelations = {
  targets: Prisma.sql`new_targets`,
  media: Prisma.sql`new_media`,
  parts: Prisma.sql`new_parts`,
  partMedia: Prisma.sql`new_part_media`,
  labels: Prisma.sql`new_labels`,
};

/**
 * The statement that writes the post `id` and everything under it, and answers it as one row
 * whose `post` column is a PostRowJson. Foreign keys are checked when it ends, so a part's
 * media may name a part it inserts.
 */
export function insertPostSql(id: string, post: NewPost): Prisma.Sql {
  const now = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
  // a target without options leaves the key out: a JSON null would be stored as jsonb 'null', not SQL NULL
  const targets = post.targets.map(({ options, ...target }) => ({ ...target, id: newRowId(), ...(options && { options }) }));
  const media = post.mediaIds.map((mediaId, position) => ({ mediaId, position }));
  const parts = post.thread.map((part, index) => ({ id: newRowId(), position: index + 1, content: part.content, mediaIds: part.mediaIds }));
  const partMedia = parts.flatMap((part) => part.mediaIds.map((mediaId, position) => ({ partId: part.id, mediaId, position })));
  return Prisma.sql`
    WITH new_post AS (
      INSERT INTO "Post" (
        id, "teamId", "authorId", content, "publishAt", "timeZone", status, "approvalDeadlineMinutes", "hasWorkflowRun",
        "stateVersion", "idempotencyKey", "idempotencyRequestHash", "threadDelaySeconds", "firstComment",
        "evergreenSetId", "evergreenSourceId", "createdAt", "updatedAt"
      ) VALUES (
        ${id}, ${post.teamId}, ${post.authorId}, ${post.content}, ${post.publishAt ? utcTimestamp(post.publishAt) : null},
        ${post.timeZone}, ${post.status}::"PostStatus", ${post.approvalDeadlineMinutes}::integer, ${post.hasWorkflowRun},
        ${post.stateVersion}::integer, ${post.idempotencyKey}, ${post.idempotencyRequestHash}, ${post.threadDelaySeconds}::integer,
        ${post.firstComment}, ${post.evergreenSetId ?? null}, ${post.evergreenSourceId ?? null}, ${now}, ${now}
      ) RETURNING *
    ), new_targets AS (
      INSERT INTO "PostTarget" (id, "postId", "connectionId", "contentOverride", options)
      SELECT target.id, post.id, target."connectionId", target."contentOverride", target.options
      FROM new_post AS post, ${recordset(targets)} AS target(id text, "connectionId" text, "contentOverride" text, options jsonb)
      RETURNING *
    ), new_media AS (
      INSERT INTO "PostMedia" ("postId", "mediaId", position)
      SELECT post.id, link."mediaId", link.position FROM new_post AS post, ${recordset(media)} AS link("mediaId" text, position integer)
      RETURNING *
    ), new_parts AS (
      INSERT INTO "PostPart" (id, "postId", position, content)
      SELECT part.id, post.id, part.position, part.content FROM new_post AS post, ${recordset(parts)} AS part(id text, position integer, content text)
      RETURNING *
    ), new_part_media AS (
      INSERT INTO "PostPartMedia" ("partId", "mediaId", position)
      SELECT link."partId", link."mediaId", link.position FROM ${recordset(partMedia)} AS link("partId" text, "mediaId" text, position integer)
      RETURNING *
    ), new_labels AS (
      INSERT INTO "PostLabel" ("postId", "labelId")
      SELECT post.id, label."labelId" FROM new_post AS post, ${recordset(post.labelIds.map((labelId) => ({ labelId })))} AS label("labelId" text)
      RETURNING *
    )
    SELECT ${postJsonSql(NEW_ROWS)} AS post FROM new_post AS page`;
}
