// One page of a team's posts with their targets, attempts and media in a single SQL
// statement. Lists, calendars and dashboards read through it: Prisma's nested select
// takes five queries and about four times as long for the same page (BENCHMARKS.md), and
// its join strategy plans the page badly. The rows come back as JSON, read with view.ts
// postRowFromJson into the same PostRow that view.ts turns into the API's shape. A new
// post's insert (insert-post.ts) answers the post with the same JSON (postJsonSql).
import type { PostStatus } from '../../domain/post';
import { Prisma } from '../../prisma/generated/client';
import { poolStatements, utcTimestamp, type Db } from '../../lib/db';
import { sortOrder, type PostPageCursor, type PostSort } from './page-cursor';
import { postRowFromJson, type PostRow, type PostRowJson } from './view';

export interface PostPageFilter {
  teamId: string;
  /** only this post: a page of at most one */
  id?: string;
  status?: PostStatus;
  /** publishAt at or after */
  from?: Date;
  /** publishAt before */
  to?: Date;
  /** in the content or a per-account text, case-insensitively */
  text?: string;
  /** posts with a target on this connection */
  connectionId?: string;
  /** posts with this label */
  labelId?: string;
  sort: PostSort;
  /** the last post of the previous page, in `sort` order: the page starts after it */
  after?: PostPageCursor;
}

/** `needle` in `haystack`, ignoring case: strpos rather than ILIKE, so % and _ in a search are only text. */
const containsText = (haystack: Prisma.Sql, needle: string) => Prisma.sql`strpos(lower(${haystack}), lower(${needle})) > 0`;

// Timestamps leave PostgreSQL as UTC with an offset (AT TIME ZONE 'UTC'), as view.ts PostRowJson describes them.
const utc = (column: Prisma.Sql) => Prisma.sql`(${column} AT TIME ZONE 'UTC')`;

/** A Media row as view.ts MediaRowSchema reads it, from a query that names it `media`. */
const MEDIA_JSON = Prisma.sql`json_build_object(
  'id', media.id, 'kind', media.kind, 'mimeType', media."mimeType", 'sizeBytes', media."sizeBytes",
  'fileName', media."fileName", 'altText', media."altText", 'width', media.width, 'height', media.height,
  'durationMs', media."durationMs", 'createdAt', ${utc(Prisma.sql`media."createdAt"`)}
)`;

/** Up to `limit` posts matching `filter`, in its sort order, then by id: with pg alone (lib/db.ts `$pool`). */
export async function findPostPage(db: Pick<Db, '$pool'>, filter: PostPageFilter, limit: number): Promise<PostRow[]> {
  const rows = await poolStatements(db.$pool).query<{ post: PostRowJson }>(postPageSql(filter, limit));
  return rows.map((row) => postRowFromJson(row.post));
}

/**
 * The statement findPostPage runs: one row per post, its `post` column a PostRow as JSON.
 * Exported for the reads benchmark's baseline (bench/support/reads-baseline.ts), which runs it as findPostPage does.
 */
export function postPageSql(filter: PostPageFilter, limit: number): Prisma.Sql {
  const { field, descending } = sortOrder(filter.sort);
  // a fixed expression, never the client's text: drafts without a time sort after every
  // dated post (the migration undated_drafts indexes this expression)
  const sortKey = (table: string) =>
    Prisma.raw(field === 'publishAt' ? `COALESCE(${table}."publishAt", 'infinity'::timestamp)` : `${table}."createdAt"`);
  const direction = Prisma.raw(descending ? 'DESC' : 'ASC');
  const conditions = [
    Prisma.sql`post."teamId" = ${filter.teamId}`,
    ...(filter.id ? [Prisma.sql`post.id = ${filter.id}`] : []),
    ...(filter.status ? [Prisma.sql`post.status = ${filter.status}::"PostStatus"`] : []),
    ...(filter.from ? [Prisma.sql`post."publishAt" >= ${utcTimestamp(filter.from)}`] : []),
    ...(filter.to ? [Prisma.sql`post."publishAt" < ${utcTimestamp(filter.to)}`] : []),
    ...(filter.text
      ? [
          Prisma.sql`(${containsText(Prisma.sql`post.content`, filter.text)} OR EXISTS (
            SELECT 1 FROM "PostTarget" AS target
            WHERE target."postId" = post.id AND ${containsText(Prisma.sql`target."contentOverride"`, filter.text)}))`,
        ]
      : []),
    ...(filter.connectionId
      ? [
          Prisma.sql`EXISTS (SELECT 1 FROM "PostTarget" AS target WHERE target."postId" = post.id AND target."connectionId" = ${filter.connectionId})`,
        ]
      : []),
    ...(filter.labelId
      ? [Prisma.sql`EXISTS (SELECT 1 FROM "PostLabel" AS link WHERE link."postId" = post.id AND link."labelId" = ${filter.labelId})`]
      : []),
    ...(filter.after
      ? [
          Prisma.sql`(${sortKey('post')}, post.id) ${Prisma.raw(descending ? '<' : '>')} (${
            filter.after.at ? utcTimestamp(filter.after.at) : Prisma.sql`'infinity'::timestamp`
          }, ${filter.after.id})`,
        ]
      : []),
  ];
  return Prisma.sql`
    WITH page AS (
      SELECT * FROM "Post" AS post
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY ${sortKey('post')} ${direction}, post.id ${direction}
      LIMIT ${limit}
    )
    SELECT ${postJsonSql(POST_TABLES)} AS post
    FROM page
    ORDER BY ${sortKey('page')} ${direction}, page.id ${direction}`;
}

/**
 * Where a post's JSON reads the rows under it: their tables, or, for a post being inserted,
 * the rows the same statement inserts (api/posts/insert-post.ts), which its tables do not
 * show it yet. Attempts and publications are always read from their tables: a new post has none.
 */
export interface PostRelations {
  targets: Prisma.Sql;
  media: Prisma.Sql;
  parts: Prisma.Sql;
  partMedia: Prisma.Sql;
  labels: Prisma.Sql;
}

const POST_TABLES: PostRelations = {
  targets: Prisma.sql`"PostTarget"`,
  media: Prisma.sql`"PostMedia"`,
  parts: Prisma.sql`"PostPart"`,
  partMedia: Prisma.sql`"PostPartMedia"`,
  labels: Prisma.sql`"PostLabel"`,
};

/** The post named `page` in the statement as a PostRowJson, the rows under it read from `relations`. */
export function postJsonSql(relations: PostRelations): Prisma.Sql {
  return Prisma.sql`json_build_object(
      'id', page.id, 'teamId', page."teamId", 'content', page.content,
      'publishAt', ${utc(Prisma.sql`page."publishAt"`)}, 'timeZone', page."timeZone", 'status', page.status,
      'revision', page.revision, 'stateVersion', page."stateVersion", 'hasWorkflowRun', page."hasWorkflowRun", 'publishedAt', ${utc(Prisma.sql`page."publishedAt"`)},
      'seriesId', page."seriesId", 'evergreenSetId', page."evergreenSetId", 'evergreenSourceId', page."evergreenSourceId",
      'threadDelaySeconds', page."threadDelaySeconds", 'firstComment', page."firstComment",
      'authorId', page."authorId", 'approvalDeadlineMinutes', page."approvalDeadlineMinutes",
      'createdAt', ${utc(Prisma.sql`page."createdAt"`)}, 'updatedAt', ${utc(Prisma.sql`page."updatedAt"`)},
      'targets', COALESCE((
        SELECT json_agg(json_build_object(
          'connectionId', target."connectionId", 'contentOverride', target."contentOverride", 'options', target.options, 'status', target.status,
          'revision', target.revision, 'platformPostId', target."platformPostId", 'url', target.url,
          'attempts', target.attempts, 'lastError', target."lastError", 'commentError', target."commentError", 'publishedAt', ${utc(Prisma.sql`target."publishedAt"`)},
          'connection', json_build_object('platform', connection.platform, 'handle', connection.handle, 'displayName', connection."displayName"),
          'attemptLog', COALESCE((
            SELECT json_agg(json_build_object(
              'attempt', attempt.attempt, 'at', ${utc(Prisma.sql`attempt.at`)}, 'outcome', attempt.outcome,
              'errorKind', attempt."errorKind", 'error', attempt.error, 'retryable', attempt.retryable
            ) ORDER BY attempt.at)
            FROM "PublishAttempt" AS attempt WHERE attempt."targetId" = target.id
          ), '[]'::json)
        ) ORDER BY target."connectionId")
        FROM ${relations.targets} AS target JOIN "Connection" AS connection ON connection.id = target."connectionId"
        WHERE target."postId" = page.id
      ), '[]'::json),
      'media', COALESCE((
        SELECT json_agg(json_build_object('media', ${MEDIA_JSON}) ORDER BY link.position)
        FROM ${relations.media} AS link JOIN "Media" AS media ON media.id = link."mediaId"
        WHERE link."postId" = page.id
      ), '[]'::json),
      'parts', COALESCE((
        SELECT json_agg(json_build_object('content', part.content, 'media', COALESCE((
          SELECT json_agg(json_build_object('media', ${MEDIA_JSON}) ORDER BY link.position)
          FROM ${relations.partMedia} AS link JOIN "Media" AS media ON media.id = link."mediaId"
          WHERE link."partId" = part.id
        ), '[]'::json)) ORDER BY part.position)
        FROM ${relations.parts} AS part WHERE part."postId" = page.id
      ), '[]'::json),
      'partPublications', COALESCE((
        SELECT json_agg(json_build_object(
          'connectionId', publication."connectionId", 'part', publication.part, 'revision', publication.revision,
          'platformPostId', publication."platformPostId", 'url', publication.url,
          'publishedAt', ${utc(Prisma.sql`publication."publishedAt"`)}
        ) ORDER BY publication.part)
        FROM "PartPublication" AS publication WHERE publication."postId" = page.id
      ), '[]'::json),
      'commentPublications', COALESCE((
        SELECT json_agg(json_build_object(
          'connectionId', publication."connectionId", 'revision', publication.revision,
          'platformCommentId', publication."platformCommentId", 'url', publication.url,
          'publishedAt', ${utc(Prisma.sql`publication."publishedAt"`)}
        ))
        FROM "CommentPublication" AS publication WHERE publication."postId" = page.id
      ), '[]'::json),
      'labels', COALESCE((
        SELECT json_agg(json_build_object('label', json_build_object('id', label.id, 'name', label.name, 'colour', label.colour))
          ORDER BY label.name)
        FROM ${relations.labels} AS link JOIN "Label" AS label ON label.id = link."labelId"
        WHERE link."postId" = page.id
      ), '[]'::json)
    )`;
}
