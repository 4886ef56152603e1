// The rules of a scheduled post's life, which the post workflow (workflows/post-workflow.ts)
// enforces: which change is accepted when, what an accepted change does to the post, how
// publishing ends, and the identity of one publication. Pure functions of their arguments.
// NOTE: imported by workflow code, so this file must stay deterministic and free of
// Node APIs; "now" is always an argument.
import type { Platform, PostState, PostStatus, TargetState, ThreadPart } from './post';
import type { TargetOptions } from './target-options';

export interface PostTargetInput {
  connectionId: string;
  platform: Platform;
  /** this account's own text instead of the post's content */
  content?: string;
  /** this account's platform options (domain/target-options.ts) */
  options?: TargetOptions;
}

/** An edit of a scheduled post; what it leaves out stays as it is. */
export interface PostEdit {
  content?: string;
  targets?: PostTargetInput[];
  /** replaces the attached media (in order) */
  mediaIds?: string[];
  /** replaces the parts that follow the first in a thread ([] makes it a single post) */
  thread?: ThreadPart[];
  threadDelaySeconds?: number;
  /** replaces the first comment; null removes it */
  firstComment?: string | null;
}

export type PostChange = 'edit' | 'reschedule' | 'cancel';

/**
 * With a publish lead (ADR 004), changes close this long before publishAt: the publish
 * activities waiting on the worker check the database before their time, and an accepted
 * change must be written there first.
 */
export const CHANGES_CLOSE_BEFORE_MS = 10_000;

/** A change (edit, reschedule, cancel) is only accepted while the post still waits: for its time, or for a decision. */
export function acceptsChanges(status: PostStatus): boolean {
  return status === 'SCHEDULED' || status === 'PENDING_APPROVAL';
}

/** What a post's workflow needs to know when the post needs approval (the team's policy when it was submitted). */
export interface ApprovalInput {
  /** decisions close this many minutes before publishAt */
  deadlineMinutes: number;
  /** already approved: a run restarted for an approved post (the reconciler) does not ask again */
  approved?: boolean;
}

/** The status a post's workflow starts in: waiting for approval when it needs one not yet given. */
export function statusAtStart(approval: ApprovalInput | undefined): 'PENDING_APPROVAL' | 'SCHEDULED' {
  return approval && !approval.approved ? 'PENDING_APPROVAL' : 'SCHEDULED';
}

/** Why `change` is refused at `now` (epoch ms), or undefined when it is accepted. */
export function whyUnchangeable(
  post: Pick<PostState, 'status' | 'publishAt'>,
  change: PostChange,
  { now, publishLeadMs }: { now: number; publishLeadMs: number },
): string | undefined {
  if (!acceptsChanges(post.status))
    return `The post is ${post.status}; a ${change} is only possible while it is SCHEDULED or PENDING_APPROVAL.`;
  // a post waiting for a decision has no publishes started ahead: it takes changes even past its time
  if (post.status === 'SCHEDULED' && publishLeadMs > 0 && now >= Date.parse(post.publishAt) - CHANGES_CLOSE_BEFORE_MS) {
    return `The post publishes at ${post.publishAt}; a ${change} is only possible until ${CHANGES_CLOSE_BEFORE_MS / 1000} seconds before.`;
  }
  return undefined;
}

/** Why an edit's arguments are invalid whatever the post's state, or undefined. */
export function whyEditIsInvalid(edit: PostEdit): string | undefined {
  return edit.targets?.length === 0 ? 'A post needs at least one target.' : undefined;
}

/** Why a reschedule's time is invalid whatever the post's state, or undefined. */
export function whyRescheduleIsInvalid(publishAt: string): string | undefined {
  return Number.isNaN(Date.parse(publishAt)) ? `publishAt "${publishAt}" is not a valid time.` : undefined;
}

/** A target as it waits for publishing. */
export function pendingTarget(target: PostTargetInput): TargetState {
  return {
    connectionId: target.connectionId,
    platform: target.platform,
    ...(target.content !== undefined ? { content: target.content } : {}),
    ...(target.options !== undefined ? { options: target.options } : {}),
    status: 'PENDING',
    attempts: 0,
  };
}

/** The state of a post whose workflow starts: SCHEDULED (or PENDING_APPROVAL), every target pending. */
export function scheduledState(post: {
  postId: string;
  teamId: string;
  publishAt: string;
  content: string;
  revision: number;
  targets: readonly PostTargetInput[];
  mediaIds: readonly string[];
  thread?: readonly ThreadPart[];
  threadDelaySeconds?: number;
  firstComment?: string;
  /** where this run's state versions start; 0 for a post's first run */
  stateVersion?: number;
  approval?: ApprovalInput;
}): PostState {
  return {
    postId: post.postId,
    teamId: post.teamId,
    status: statusAtStart(post.approval),
    publishAt: post.publishAt,
    content: post.content,
    revision: post.revision,
    targets: post.targets.map(pendingTarget),
    mediaIds: [...post.mediaIds],
    // a single post's state stays as it was before threads
    ...(post.thread?.length ? { thread: post.thread.map(copyPart), threadDelaySeconds: post.threadDelaySeconds ?? 0 } : {}),
    ...(post.firstComment !== undefined ? { firstComment: post.firstComment } : {}),
    refusedChanges: [],
    stateVersion: post.stateVersion ?? 0,
    // a post without approval keeps the state it had before approvals
    ...(post.approval ? { approval: { deadlineMinutes: post.approval.deadlineMinutes, expired: false } } : {}),
  };
}

function copyPart(part: ThreadPart): ThreadPart {
  return { content: part.content, mediaIds: [...part.mediaIds] };
}

/** Whether two threads publish the same parts. */
export function sameThread(a: readonly ThreadPart[], b: readonly ThreadPart[]): boolean {
  return (
    a.length === b.length &&
    a.every((part, index) => part.content === b[index]!.content && part.mediaIds.join() === b[index]!.mediaIds.join())
  );
}

/**
 * The stateVersion of a workflow run's first state: one past the version it starts from
 * (scheduledState). The run takes it as it starts, and the API's answer to scheduling names
 * it, so that a change sent with that answer's ETag matches even before the state is
 * written (a new post's row is written at it by the API, so its run need not write it).
 */
export function firstWrittenStateVersion(startVersion: number): number {
  return startVersion + 1;
}

/**
 * The fields an accepted edit changes. What is published changing (content, media, an
 * account's own text) is a new revision, so publishing uses a new idempotency key for
 * what is now a different post (an account's options too: a Reddit post's title or subreddit). Sent targets replace the old ones, pending again.
 */
export function editedFields(
  post: Pick<PostState, 'content' | 'mediaIds' | 'thread' | 'firstComment' | 'targets' | 'revision'>,
  edit: PostEdit,
): Partial<Pick<PostState, 'content' | 'mediaIds' | 'thread' | 'threadDelaySeconds' | 'firstComment' | 'targets' | 'revision'>> {
  const contentChanged = edit.content !== undefined && edit.content !== post.content;
  const mediaChanged = edit.mediaIds !== undefined && edit.mediaIds.join() !== post.mediaIds.join();
  const threadChanged = edit.thread !== undefined && !sameThread(edit.thread, post.thread ?? []);
  const commentChanged = edit.firstComment !== undefined && (edit.firstComment ?? undefined) !== post.firstComment;
  const overrideChanged =
    edit.targets?.some((target) => {
      const old = post.targets.find((candidate) => candidate.connectionId === target.connectionId);
      return target.content !== old?.content || JSON.stringify(target.options) !== JSON.stringify(old?.options);
    }) ?? false;
  return {
    ...(contentChanged || mediaChanged || threadChanged || commentChanged || overrideChanged ? { revision: post.revision + 1 } : {}),
    ...(contentChanged ? { content: edit.content! } : {}),
    ...(mediaChanged ? { mediaIds: [...edit.mediaIds!] } : {}),
    ...(threadChanged ? { thread: edit.thread!.map(copyPart) } : {}),
    ...(edit.threadDelaySeconds !== undefined ? { threadDelaySeconds: edit.threadDelaySeconds } : {}),
    // undefined removes it: the state's JSON then leaves it out
    ...(commentChanged ? { firstComment: edit.firstComment ?? undefined } : {}),
    ...(edit.targets ? { targets: edit.targets.map(pendingTarget) } : {}),
  };
}

/** The fields a cancel changes: the post and every target end CANCELLED. */
export function cancelledFields(post: Pick<PostState, 'targets'>): Pick<PostState, 'status' | 'targets'> {
  return { status: 'CANCELLED', targets: post.targets.map((target) => ({ ...target, status: 'CANCELLED' })) };
}

/** A change that arrived too late, as the post keeps it visible. */
export function refusedChange(change: 'edit' | 'reschedule', reason: string, now: number): PostState['refusedChanges'][number] {
  return { kind: change, at: new Date(now).toISOString(), reason };
}

/** Final status from per-target outcomes: partial success is a first-class outcome. */
export function outcomeOf(targets: readonly Pick<TargetState, 'status'>[]): PostStatus {
  const published = targets.filter((target) => target.status === 'PUBLISHED').length;
  if (published === targets.length) return 'PUBLISHED';
  if (published === 0) return 'FAILED';
  return 'PARTIALLY_PUBLISHED';
}

/**
 * Stable across retries and re-runs: the business identity of one publication. A thread's
 * later parts (part 1 is the second) each have their own.
 */
export function idempotencyKeyFor(postId: string, connectionId: string, revision: number, part = 0): string {
  return `planrrr-${postId}-${connectionId}-r${revision}${part > 0 ? `-p${part}` : ''}`;
}

/** The identity of one account's first comment on the post, as idempotencyKeyFor is of a part. */
export function commentIdempotencyKeyFor(postId: string, connectionId: string, revision: number): string {
  return `${idempotencyKeyFor(postId, connectionId, revision)}-comment`;
}
