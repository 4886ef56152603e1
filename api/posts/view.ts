// The JSON shape of a post over the API: no database types leak to clients. The row a
// post is read as is described twice, because two readers need it: POST_FIELDS for
// Prisma's select, PostRowSchema for the single-statement page query, whose rows come
// back as JSON (api/posts/page-query.ts). PostRow is derived from the schema, and every
// Prisma read with POST_FIELDS is typed as PostRow, so a field the select lacks fails to compile.
import { z } from 'zod';
import { decisionDeadline } from '../../domain/approvals';
import { PLATFORMS, POST_STATUSES, recordedTargetOutcome, TARGET_STATUSES, type Platform, type PostState } from '../../domain/post';
import { asTargetOptions, hasTargetOptions, optionsKey, type TargetOptions } from '../../domain/target-options';
import type { Prisma } from '../../prisma/generated/client';
import { postWorkflowId } from '../../temporal-config';
import { JsonTimestampSchema, MEDIA_FIELDS, MediaRowSchema, toMediaView, type MediaRow } from '../media/view';
import type { PostSchema } from '../openapi/responses';

/** What the API sends for a post: the document's Post schema. */
export type PostView = z.infer<typeof PostSchema>;
type AttemptOutcome = PostView['targets'][number]['attemptLog'][number]['outcome'];

export const POST_FIELDS = {
  id: true,
  teamId: true,
  content: true,
  publishAt: true,
  timeZone: true,
  status: true,
  revision: true,
  stateVersion: true,
  hasWorkflowRun: true,
  publishedAt: true,
  seriesId: true,
  evergreenSetId: true,
  evergreenSourceId: true,
  threadDelaySeconds: true,
  firstComment: true,
  authorId: true,
  approvalDeadlineMinutes: true,
  createdAt: true,
  updatedAt: true,
  targets: {
    select: {
      connectionId: true,
      contentOverride: true,
      options: true,
      status: true,
      revision: true,
      platformPostId: true,
      url: true,
      attempts: true,
      lastError: true,
      commentError: true,
      attemptLog: {
        select: { attempt: true, at: true, outcome: true, errorKind: true, error: true, retryable: true },
        orderBy: { at: 'asc' },
      },
      publishedAt: true,
      connection: { select: { platform: true, handle: true, displayName: true } },
    },
    orderBy: { connectionId: 'asc' },
  },
  media: { select: { media: { select: MEDIA_FIELDS } }, orderBy: { position: 'asc' } },
  parts: {
    select: { content: true, media: { select: { media: { select: MEDIA_FIELDS } }, orderBy: { position: 'asc' } } },
    orderBy: { position: 'asc' },
  },
  partPublications: {
    select: { connectionId: true, part: true, revision: true, platformPostId: true, url: true, publishedAt: true },
    orderBy: { part: 'asc' },
  },
  commentPublications: { select: { connectionId: true, revision: true, platformCommentId: true, url: true, publishedAt: true } },
  labels: { select: { label: { select: { id: true, name: true, colour: true } } }, orderBy: { label: { name: 'asc' } } },
} as const;

export const PostRowSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  content: z.string(),
  publishAt: JsonTimestampSchema.nullable(),
  timeZone: z.string().nullable(),
  status: z.enum(POST_STATUSES),
  revision: z.number().int(),
  stateVersion: z.number().int(),
  hasWorkflowRun: z.boolean(),
  publishedAt: JsonTimestampSchema.nullable(),
  seriesId: z.string().nullable(),
  evergreenSetId: z.string().nullable(),
  evergreenSourceId: z.string().nullable(),
  threadDelaySeconds: z.number().int(),
  firstComment: z.string().nullable(),
  authorId: z.string().nullable(),
  approvalDeadlineMinutes: z.number().int().nullable(),
  createdAt: JsonTimestampSchema,
  updatedAt: JsonTimestampSchema,
  targets: z.array(
    z.object({
      connectionId: z.string(),
      contentOverride: z.string().nullable(),
      /** a JSON column: the platform's options object (domain/target-options.ts) */
      options: z.custom<Prisma.JsonValue>(),
      status: z.enum(TARGET_STATUSES),
      revision: z.number().int().nullable(),
      platformPostId: z.string().nullable(),
      url: z.string().nullable(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      commentError: z.string().nullable(),
      attemptLog: z.array(
        z.object({
          attempt: z.number().int(),
          at: JsonTimestampSchema,
          /** a text column: activities/publish-to-target.ts writes `published` or `failed` */
          outcome: z.string(),
          errorKind: z.string().nullable(),
          error: z.string().nullable(),
          retryable: z.boolean().nullable(),
        }),
      ),
      publishedAt: JsonTimestampSchema.nullable(),
      connection: z.object({
        platform: z.enum(PLATFORMS),
        handle: z.string(),
        displayName: z.string(),
      }),
    }),
  ),
  media: z.array(z.object({ media: MediaRowSchema })),
  parts: z.array(z.object({ content: z.string(), media: z.array(z.object({ media: MediaRowSchema })) })),
  partPublications: z.array(
    z.object({
      connectionId: z.string(),
      part: z.number().int(),
      revision: z.number().int(),
      platformPostId: z.string(),
      url: z.string(),
      publishedAt: JsonTimestampSchema,
    }),
  ),
  commentPublications: z.array(
    z.object({
      connectionId: z.string(),
      revision: z.number().int(),
      platformCommentId: z.string(),
      url: z.string(),
      publishedAt: JsonTimestampSchema,
    }),
  ),
  labels: z.array(z.object({ label: z.object({ id: z.string(), name: z.string(), colour: z.string() }) })),
});
export type PostRow = z.output<typeof PostRowSchema>;
/** A PostRow as the page query's statement answers it, timestamps as ISO strings. */
export type PostRowJson = z.input<typeof PostRowSchema>;

const instant = (value: string) => new Date(value);
const instantOrNull = (value: string | null) => (value === null ? null : new Date(value));
const mediaLinkFromJson = (link: PostRowJson['media'][number]) => ({ media: { ...link.media, createdAt: instant(link.media.createdAt) } });

/**
 * The page query's row as a PostRow: what PostRowSchema.parse answers for it, without
 * checking each field of each post. NOTE: the statement is ours (api/posts/page-query.ts), and
 * parsing its pages took about 5 % of the server's CPU on list and calendar reads under
 * load (BENCHMARKS.md, reads); view.test.ts holds this and the schema to the same answer.
 */
export function postRowFromJson(row: PostRowJson): PostRow {
  return {
    ...row,
    publishAt: instantOrNull(row.publishAt),
    publishedAt: instantOrNull(row.publishedAt),
    createdAt: instant(row.createdAt),
    updatedAt: instant(row.updatedAt),
    targets: row.targets.map((target) => ({
      ...target,
      publishedAt: instantOrNull(target.publishedAt),
      attemptLog: target.attemptLog.map((entry) => ({ ...entry, at: instant(entry.at) })),
    })),
    media: row.media.map(mediaLinkFromJson),
    parts: row.parts.map((part) => ({ ...part, media: part.media.map(mediaLinkFromJson) })),
    partPublications: row.partPublications.map((publication) => ({ ...publication, publishedAt: instant(publication.publishedAt) })),
    commentPublications: row.commentPublications.map((publication) => ({ ...publication, publishedAt: instant(publication.publishedAt) })),
  };
}

type StoredTarget = PostRow['targets'][number];

/**
 * The row as the workflow's `state` left it: what activities/save-post-state.ts writes for
 * that state, over a row read afterwards, which may already hold later changes. `known`
 * describes the accounts and media the later row may no longer have; media it does not
 * know are left out, as that write leaves them out.
 */
export function rowAsWrittenBy(
  row: PostRow,
  state: PostState,
  known: { connections: ReadonlyMap<string, StoredTarget['connection']>; media: ReadonlyMap<string, MediaRow> },
): PostRow {
  const stored = new Map(row.targets.map((target) => [target.connectionId, target]));
  const storedMedia = new Map(
    [...row.media, ...row.parts.flatMap((part) => part.media)].map((link) => [link.media.id, link.media] as const),
  );
  const knownMedia = (ids: readonly string[]) =>
    [...new Set(ids)].flatMap((id) => {
      const media = storedMedia.get(id) ?? known.media.get(id);
      return media ? [{ media }] : [];
    });
  const targets = state.targets.flatMap((target): StoredTarget[] => {
    const connection = stored.get(target.connectionId)?.connection ?? known.connections.get(target.connectionId);
    if (!connection) return [];
    const base: StoredTarget = stored.get(target.connectionId) ?? {
      connectionId: target.connectionId,
      contentOverride: null,
      options: null,
      status: target.status,
      revision: null,
      platformPostId: null,
      url: null,
      attempts: 0,
      lastError: null,
      commentError: null,
      attemptLog: [],
      publishedAt: null,
      connection,
    };
    // as the write: the outcome once the target has one, else the stored progress
    return [
      {
        ...base,
        contentOverride: target.content ?? null,
        options: (target.options as Prisma.JsonObject | undefined) ?? null,
        ...recordedTargetOutcome(target),
      },
    ];
  });
  return {
    ...row,
    content: state.content,
    publishAt: new Date(state.publishAt),
    status: state.status,
    revision: state.revision,
    stateVersion: state.stateVersion,
    targets: targets.sort((a, b) => (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0)),
    media: knownMedia(state.mediaIds),
    // NOTE: a state from a worker from before threads has none; the row's parts stand
    ...(state.thread && {
      parts: state.thread.map((part) => ({ content: part.content, media: knownMedia(part.mediaIds) })),
      threadDelaySeconds: state.threadDelaySeconds ?? 0,
      firstComment: state.firstComment ?? null,
    }),
  };
}

/** The column is text; activities/publish-to-target.ts writes only these two. */
function attemptOutcome(stored: string): AttemptOutcome {
  return stored === 'published' ? 'published' : 'failed';
}

/** A target's options as the API names them, under the platform's key (`{reddit: {…}}`), or null. */
function targetOptionsView(platform: Platform, stored: Prisma.JsonValue): Record<string, TargetOptions> | null {
  const options = asTargetOptions(stored);
  return options && hasTargetOptions(platform) ? { [optionsKey(platform)]: options } : null;
}

/** The first comment on one account: published once recorded at the target's revision, failed while it has an error. */
function firstCommentView(post: PostRow, target: StoredTarget): PostView['targets'][number]['firstComment'] {
  if (post.firstComment === null) return null;
  const published = post.commentPublications.find(
    (publication) => publication.connectionId === target.connectionId && publication.revision === target.revision,
  );
  if (published) {
    return {
      status: 'PUBLISHED',
      platformCommentId: published.platformCommentId,
      url: published.url,
      publishedAt: published.publishedAt.toISOString(),
      error: null,
    };
  }
  return {
    status: target.commentError ? 'FAILED' : 'PENDING',
    platformCommentId: null,
    url: null,
    publishedAt: null,
    error: target.commentError,
  };
}

export function toPostView(post: PostRow, options: { workflow?: PostState | null; temporalUiUrl: string; namespace: string }): PostView {
  const workflowId = postWorkflowId(post.id);
  return {
    id: post.id,
    teamId: post.teamId,
    content: post.content,
    publishAt: post.publishAt?.toISOString() ?? null,
    timeZone: post.timeZone,
    status: post.status,
    revision: post.revision,
    stateVersion: post.stateVersion,
    publishedAt: post.publishedAt?.toISOString() ?? null,
    createdAt: post.createdAt.toISOString(),
    updatedAt: post.updatedAt.toISOString(),
    targets: post.targets.map((target) => ({
      connectionId: target.connectionId,
      platform: target.connection.platform,
      handle: target.connection.handle,
      displayName: target.connection.displayName,
      /** this account's own text, or null when it publishes the post's content */
      content: target.contentOverride,
      options: targetOptionsView(target.connection.platform, target.options),
      status: target.status,
      revision: target.revision,
      platformPostId: target.platformPostId,
      url: target.url,
      attempts: target.attempts,
      lastError: target.lastError,
      publishedAt: target.publishedAt?.toISOString() ?? null,
      threadParts: post.partPublications
        .filter((publication) => publication.connectionId === target.connectionId && publication.revision === target.revision)
        .map(({ part, platformPostId, url, publishedAt }) => ({ part, platformPostId, url, publishedAt: publishedAt.toISOString() })),
      firstComment: firstCommentView(post, target),
      attemptLog: target.attemptLog.map((entry) => ({ ...entry, at: entry.at.toISOString(), outcome: attemptOutcome(entry.outcome) })),
    })),
    media: post.media.map((link) => toMediaView(link.media)),
    thread: post.parts.map((part) => ({ content: part.content, media: part.media.map((link) => toMediaView(link.media)) })),
    threadDelaySeconds: post.threadDelaySeconds,
    firstComment: post.firstComment,
    authorId: post.authorId,
    approvalDeadline:
      post.approvalDeadlineMinutes !== null && post.publishAt
        ? new Date(decisionDeadline(post.publishAt.toISOString(), post.approvalDeadlineMinutes)).toISOString()
        : null,
    labels: post.labels.map((link) => link.label),
    seriesId: post.seriesId,
    evergreenSetId: post.evergreenSetId,
    evergreenSourceId: post.evergreenSourceId,
    workflowId,
    // a draft that was never scheduled has no workflow to show
    temporalUiUrl:
      post.status === 'DRAFT' && !post.hasWorkflowRun
        ? null
        : `${options.temporalUiUrl}/namespaces/${encodeURIComponent(options.namespace)}/workflows/${workflowId}`,
    ...(options.workflow !== undefined ? { workflow: options.workflow } : {}),
  };
}
