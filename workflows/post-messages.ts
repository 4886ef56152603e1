// The messages the post workflow answers: signals for fire-and-forget changes (operators,
// scripts), updates for callers that need a validated answer (the API), and a query.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Platform, PostState } from '../domain/post';

export interface PostTargetInput {
  connectionId: string;
  platform: Platform;
  /** this account's own text instead of the post's content */
  content?: string;
}

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
  /** attached media, in publishing order; absent in workflows started before media existed */
  mediaIds?: string[];
  /**
   * How long before publishAt the publish activities are started, to wait on the worker
   * for the exact time (config PUBLISH_LEAD_SECONDS); absent or 0 starts them at publishAt.
   */
  publishLeadMs?: number;
}

export interface EditRequest {
  content?: string;
  targets?: PostTargetInput[];
  /** replaces the attached media (in order) */
  mediaIds?: string[];
}

export interface RescheduleRequest {
  /** ISO 8601 */
  publishAt: string;
}

export const statusQuery = defineQuery<PostState>('status');

export const editSignal = defineSignal<[EditRequest]>('edit');
export const rescheduleSignal = defineSignal<[RescheduleRequest]>('reschedule');
export const cancelSignal = defineSignal('cancel');

export const editUpdate = defineUpdate<PostState, [EditRequest]>('editPost');
export const rescheduleUpdate = defineUpdate<PostState, [RescheduleRequest]>('reschedulePost');
export const cancelUpdate = defineUpdate<PostState>('cancelPost');

/** The failure type an update is rejected with when the post no longer accepts it. */
export const POST_NOT_CHANGEABLE = 'PostNotChangeable';
/** The failure type an update is rejected with when its arguments are invalid. */
export const INVALID_CHANGE = 'InvalidChange';
