// The JSON shape of a post over the API: no database types leak to clients.
import type { PostState } from '../../domain/post';
import { postWorkflowId } from '../../temporal-config';
import { MEDIA_FIELDS, toMediaView, type MediaRow } from '../media/view';

export const POST_FIELDS = {
  id: true,
  teamId: true,
  content: true,
  publishAt: true,
  timeZone: true,
  status: true,
  revision: true,
  publishedAt: true,
  createdAt: true,
  updatedAt: true,
  targets: {
    select: {
      connectionId: true,
      contentOverride: true,
      status: true,
      revision: true,
      platformPostId: true,
      url: true,
      attempts: true,
      lastError: true,
      attemptLog: { select: { attempt: true, at: true, outcome: true, errorKind: true, error: true, retryable: true }, orderBy: { at: 'asc' } },
      publishedAt: true,
      connection: { select: { platform: true, handle: true, displayName: true } },
    },
    orderBy: { connectionId: 'asc' },
  },
  media: { select: { media: { select: MEDIA_FIELDS } }, orderBy: { position: 'asc' } },
} as const;

export interface PostRow {
  id: string;
  teamId: string;
  content: string;
  publishAt: Date;
  timeZone: string | null;
  status: PostState['status'];
  revision: number;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  targets: Array<{
    connectionId: string;
    contentOverride: string | null;
    status: PostState['targets'][number]['status'];
    revision: number | null;
    platformPostId: string | null;
    url: string | null;
    attempts: number;
    lastError: string | null;
    attemptLog: Array<{ attempt: number; at: Date; outcome: string; errorKind: string | null; error: string | null; retryable: boolean | null }>;
    publishedAt: Date | null;
    connection: { platform: PostState['targets'][number]['platform']; handle: string; displayName: string };
  }>;
  media: Array<{ media: MediaRow }>;
}

export function toPostView(post: PostRow, options: { workflow?: PostState | null; temporalUiUrl: string; namespace: string }) {
  const workflowId = postWorkflowId(post.id);
  return {
    id: post.id,
    teamId: post.teamId,
    content: post.content,
    publishAt: post.publishAt.toISOString(),
    timeZone: post.timeZone,
    status: post.status,
    revision: post.revision,
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
      status: target.status,
      revision: target.revision,
      platformPostId: target.platformPostId,
      url: target.url,
      attempts: target.attempts,
      lastError: target.lastError,
      publishedAt: target.publishedAt?.toISOString() ?? null,
      attemptLog: target.attemptLog.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
    })),
    media: post.media.map((link) => toMediaView(link.media)),
    workflowId,
    temporalUiUrl: `${options.temporalUiUrl}/namespaces/${encodeURIComponent(options.namespace)}/workflows/${workflowId}`,
    ...(options.workflow !== undefined ? { workflow: options.workflow } : {}),
  };
}
