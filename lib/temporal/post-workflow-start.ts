// How a post's workflow is started: by the API when a post is scheduled or retried, and by
// the reconciler when a post's workflow is missing. One definition of the input a row
// gives and of the start options, so every start is alike.
import { trace } from '@opentelemetry/api';
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Platform, PostStatus } from '../../domain/post';
import { statusAtStart, type PostTargetInput } from '../../domain/post-lifecycle';
import { asTargetOptions } from '../../domain/target-options';
import type { Prisma } from '../../prisma/generated/client';
import { postWorkflowId } from '../../temporal-config';
import {
  PlatformsAttribute,
  PostIdAttribute,
  PublishAtAttribute,
  EvergreenIdAttribute,
  SeriesIdAttribute,
  StatusAttribute,
  TeamIdAttribute,
} from '../../temporal-config/search-attributes';
import type { PostWorkflowInput } from '../../workflows/post-messages';
import type { postWorkflow } from '../../workflows/post-workflow';

/** What a post's workflow input is made of, as read from the database. */
export interface PostWorkflowRow {
  id: string;
  teamId: string;
  content: string;
  /** null only for a draft without a time, which has no workflow */
  publishAt: Date | null;
  revision: number;
  targets: ReadonlyArray<{
    connectionId: string;
    contentOverride: string | null;
    /** a JSON column (domain/target-options.ts) */
    options: Prisma.JsonValue;
    connection: { platform: Platform };
  }>;
  /** in publishing order */
  media: ReadonlyArray<{ media: { id: string } }>;
  /** a thread's later parts, in order, each with its media in order */
  parts: ReadonlyArray<{ content: string; media: ReadonlyArray<{ media: { id: string } }> }>;
  threadDelaySeconds: number;
  firstComment: string | null;
  /** the series that created the post, if one did */
  seriesId: string | null;
  /** the evergreen set that created the post, if one did */
  evergreenSetId: string | null;
  /** null: needs no approval; else decisions close this many minutes before publishAt */
  approvalDeadlineMinutes: number | null;
  /** a post that needs approval and is not PENDING_APPROVAL was approved */
  status: PostStatus;
}

/** The Prisma select that reads a PostWorkflowRow. */
export const POST_WORKFLOW_ROW_FIELDS = {
  id: true,
  teamId: true,
  content: true,
  publishAt: true,
  revision: true,
  targets: { select: { connectionId: true, contentOverride: true, options: true, connection: { select: { platform: true } } } },
  media: { select: { media: { select: { id: true } } }, orderBy: { position: 'asc' } },
  parts: {
    select: { content: true, media: { select: { media: { select: { id: true } } }, orderBy: { position: 'asc' } } },
    orderBy: { position: 'asc' },
  },
  threadDelaySeconds: true,
  firstComment: true,
  seriesId: true,
  evergreenSetId: true,
  approvalDeadlineMinutes: true,
  status: true,
} as const;

/** The row's targets, each with its own text and its platform options when it has them. */
export function targetsFromRow(post: Pick<PostWorkflowRow, 'targets'>): PostTargetInput[] {
  return post.targets.map((target) => {
    const options = asTargetOptions(target.options);
    return {
      connectionId: target.connectionId,
      platform: target.connection.platform,
      ...(target.contentOverride !== null ? { content: target.contentOverride } : {}),
      ...(options ? { options } : {}),
    };
  });
}

/** The row's thread as the workflow takes it; nothing for a single post, so its input stays as before threads. */
export function threadFromRow(
  post: Pick<PostWorkflowRow, 'parts' | 'threadDelaySeconds'>,
): Pick<PostWorkflowInput, 'thread' | 'threadDelaySeconds'> {
  if (post.parts.length === 0) return {};
  return {
    thread: post.parts.map((part) => ({ content: part.content, mediaIds: part.media.map((link) => link.media.id) })),
    threadDelaySeconds: post.threadDelaySeconds,
  };
}

export function workflowInputFromRow(
  post: PostWorkflowRow,
  options: {
    /** config PUBLISH_LEAD_SECONDS, in milliseconds */
    publishLeadMs: number;
    /** a run that replaces an earlier one continues its state versions, so its writes win */
    stateVersion?: number;
    /** instead of the row's: the targets in the order the author chose them */
    targets?: PostTargetInput[];
    /** instead of the row's: a retry publishes now */
    publishAt?: Date;
    /** the caller wrote the row as the run starts it (PostWorkflowInput.rowWritten) */
    rowWritten?: boolean;
  },
): PostWorkflowInput {
  const publishAt = options.publishAt ?? post.publishAt;
  // the services schedule only dated posts: this is a programming error, not a client's
  if (!publishAt) throw new Error(`Post ${post.id} has no publish time, so it cannot have a workflow`);
  return {
    postId: post.id,
    teamId: post.teamId,
    publishAt: publishAt.toISOString(),
    content: post.content,
    revision: post.revision,
    targets: options.targets ?? targetsFromRow(post),
    mediaIds: post.media.map((link) => link.media.id),
    ...threadFromRow(post),
    ...(post.firstComment !== null ? { firstComment: post.firstComment } : {}),
    ...(options.stateVersion !== undefined ? { stateVersion: options.stateVersion } : {}),
    publishLeadMs: options.publishLeadMs,
    ...(post.seriesId !== null ? { seriesId: post.seriesId } : {}),
    ...(post.evergreenSetId !== null ? { evergreenSetId: post.evergreenSetId } : {}),
    // a post without approval keeps the input it had before approvals
    ...(post.approvalDeadlineMinutes !== null
      ? { approval: { deadlineMinutes: post.approvalDeadlineMinutes, ...(post.status !== 'PENDING_APPROVAL' && { approved: true }) } }
      : {}),
    ...(options.rowWritten && { rowWritten: true as const }),
  };
}

export function postWorkflowStartOptions(input: PostWorkflowInput, taskQueue: string): WorkflowStartOptions<typeof postWorkflow> {
  return {
    workflowId: postWorkflowId(input.postId),
    taskQueue,
    args: [input],
    // Shown in the Web UI's workflow list, so operators recognise the post.
    memo: { title: input.content.slice(0, 80), teamId: input.teamId },
    // Set at start so the post is findable in the Web UI before its first workflow task.
    typedSearchAttributes: [
      { key: PostIdAttribute, value: input.postId },
      { key: TeamIdAttribute, value: input.teamId },
      { key: StatusAttribute, value: statusAtStart(input.approval) },
      { key: PublishAtAttribute, value: new Date(input.publishAt) },
      { key: PlatformsAttribute, value: [...new Set(input.targets.map((target) => target.platform))] },
      ...(input.seriesId ? [{ key: SeriesIdAttribute, value: input.seriesId }] : []),
      ...(input.evergreenSetId ? [{ key: EvergreenIdAttribute, value: input.evergreenSetId }] : []),
    ],
  };
}

/**
 * Starts a post's workflow; one already started (by the API, the reconciler, or an earlier
 * attempt of the same caller) counts as started, as its id is the post's.
 */
export async function startPostWorkflow(client: Client, input: PostWorkflowInput, taskQueue: string): Promise<void> {
  // the span of what starts it (a request, an activity) names the post: its trace is the post's life
  trace.getActiveSpan()?.setAttributes({
    'planrrr.post_id': input.postId,
    'planrrr.team_id': input.teamId,
    'planrrr.platforms': [...new Set(input.targets.map((target) => target.platform))],
  });
  try {
    await client.workflow.start<typeof postWorkflow>('postWorkflow', postWorkflowStartOptions(input, taskQueue));
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
