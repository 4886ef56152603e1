// The messages the post workflow answers: signals for fire-and-forget changes (operators,
// scripts), updates for callers that need a validated answer (the API), and a query.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PostState, ThreadPart } from '../domain/post';
import type { ApprovalInput, PostEdit, PostTargetInput } from '../domain/post-lifecycle';

export interface PostWorkflowInput {
  postId: string;
  teamId: string;
  /** ISO 8601 */
  publishAt: string;
  content: string;
  revision: number;
  targets: PostTargetInput[];
  /** where this run's state versions start: set when a failed post is retried in a new run */
  stateVersion?: number;
  /** attached media, in publishing order */
  mediaIds: string[];
  /** the parts that follow content and mediaIds in a thread (absent: a single post) */
  thread?: ThreadPart[];
  /** seconds between the parts of a thread */
  threadDelaySeconds?: number;
  /** published by each account right after the post (after a thread's last part) */
  firstComment?: string;
  /**
   * How long before publishAt the publish activities are started, to wait on the worker
   * for the exact time (config PUBLISH_LEAD_SECONDS); 0 starts them at publishAt.
   */
  publishLeadMs: number;
  /** the series (recurring post) that created the post: the workflow's PlanrrrSeriesId, for operators */
  seriesId?: string;
  /** the evergreen set that created the post: the workflow's PlanrrrEvergreenId, for operators */
  evergreenSetId?: string;
  /** present when the post needs a decider's approval before it publishes */
  approval?: ApprovalInput;
  /**
   * The API wrote the post's row as this run starts it, at the run's first stateVersion, and
   * announced it (webhooks, event streams): the run does not save its first state. Absent for
   * the reconciler's restarts and a scheduled draft, whose rows the first save brings up to date.
   */
  rowWritten?: true;
}

export interface RescheduleRequest {
  /** ISO 8601 */
  publishAt: string;
}

export const statusQuery = defineQuery<PostState>('status');

export const editSignal = defineSignal<[PostEdit]>('edit');
export const rescheduleSignal = defineSignal<[RescheduleRequest]>('reschedule');
export const cancelSignal = defineSignal('cancel');

/**
 * A change's precondition (the API's If-Match): it applies only to the post at this
 * stateVersion. Optional and last, so callers and histories from before it still fit.
 */
export interface ChangeCondition {
  ifStateVersion: number;
}

// Each update answers the state as its own change left it, not as later changes made it.
export const editUpdate = defineUpdate<PostState, [PostEdit, ChangeCondition?]>('editPost');
export const rescheduleUpdate = defineUpdate<PostState, [RescheduleRequest, ChangeCondition?]>('reschedulePost');
export const cancelUpdate = defineUpdate<PostState>('cancelPost');
/** The same update with a condition (the client's types cannot send an optional only argument). */
export const conditionalCancelUpdate = defineUpdate<PostState, [ChangeCondition]>('cancelPost');

/** The failure type an update is rejected with when the post no longer accepts it. */
export const POST_NOT_CHANGEABLE = 'PostNotChangeable';
/** The failure type an update is rejected with when its arguments are invalid. */
export const INVALID_CHANGE = 'InvalidChange';
/**
 * The failure type an update is rejected with when its ChangeCondition names another
 * stateVersion than the post's; its one detail is the post's current stateVersion.
 */
export const STALE_STATE_VERSION = 'StaleStateVersion';

/** A decider's approval; with publishAt, approved for that new time (needed once the decision deadline passed). */
export interface ApproveRequest {
  /** the deciding user's id (the API checked they may decide) */
  decidedBy: string;
  /** ISO 8601 */
  publishAt?: string;
}

/** A decider's rejection: the post goes back to its author as a draft, with the comment. */
export interface RejectRequest {
  /** the deciding user's id (the API checked they may decide) */
  decidedBy: string;
  comment: string;
}

export const approveUpdate = defineUpdate<PostState, [ApproveRequest]>('approvePost');
export const rejectUpdate = defineUpdate<PostState, [RejectRequest]>('rejectPost');

/**
 * The failure type an approval is rejected with when the post's decision deadline has
 * passed: it can only be approved for a new time.
 */
export const APPROVAL_TOO_LATE = 'ApprovalTooLate';
