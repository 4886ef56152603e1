// The messages the post workflow answers: signals for fire-and-forget changes (operators,
// scripts), updates for callers that need a validated answer (the API), and a query.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PostState } from '../domain/post';
import type { PostEdit, PostTargetInput } from '../domain/post-lifecycle';

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
  /**
   * How long before publishAt the publish activities are started, to wait on the worker
   * for the exact time (config PUBLISH_LEAD_SECONDS); 0 starts them at publishAt.
   */
  publishLeadMs: number;
}

export interface RescheduleRequest {
  /** ISO 8601 */
  publishAt: string;
}

export const statusQuery = defineQuery<PostState>('status');

export const editSignal = defineSignal<[PostEdit]>('edit');
export const rescheduleSignal = defineSignal<[RescheduleRequest]>('reschedule');
export const cancelSignal = defineSignal('cancel');

export const editUpdate = defineUpdate<PostState, [PostEdit]>('editPost');
export const rescheduleUpdate = defineUpdate<PostState, [RescheduleRequest]>('reschedulePost');
export const cancelUpdate = defineUpdate<PostState>('cancelPost');

/** The failure type an update is rejected with when the post no longer accepts it. */
export const POST_NOT_CHANGEABLE = 'PostNotChangeable';
/** The failure type an update is rejected with when its arguments are invalid. */
export const INVALID_CHANGE = 'InvalidChange';
