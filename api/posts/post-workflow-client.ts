// The API's one door to the post workflows in Temporal: starts a post's workflow, sends it
// changes as updates, reads its live state, and turns Temporal's answers into problems
// (409 when the post no longer takes the change, 422 for an invalid one, 503 when Temporal
// does not answer in time).
import { status as grpcStatus } from '@grpc/grpc-js';
import {
  isGrpcServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { PostState } from '../../domain/post';
import type { PostEdit, PostTargetInput } from '../../domain/post-lifecycle';
import { postWorkflowStartOptions, workflowInputFromRow, type PostWorkflowRow } from '../../lib/temporal/post-workflow-start';
import { postWorkflowId } from '../../temporal-config';
import {
  cancelUpdate,
  editUpdate,
  INVALID_CHANGE,
  POST_NOT_CHANGEABLE,
  rescheduleUpdate,
  statusQuery,
} from '../../workflows/post-messages';
import type { postWorkflow } from '../../workflows/post-workflow';
import { problems } from '../http/problem';

export interface PostWorkflowClientDeps {
  temporal: Client;
  taskQueue: string;
  /** how long a caller waits for the workflow to answer an update */
  updateTimeoutMs: number;
  /** config PUBLISH_LEAD_SECONDS, in milliseconds: carried in each workflow's input */
  publishLeadMs: number;
}

/** How long a read waits for the workflow's live status before answering without it. */
const QUERY_TIMEOUT_MS = 2_000;

function isTemporalUnavailable(error: unknown): boolean {
  return (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    (isGrpcServiceError(error) && [grpcStatus.UNAVAILABLE, grpcStatus.DEADLINE_EXCEEDED, grpcStatus.CANCELLED].includes(error.code))
  );
}

export type PostWorkflowClient = ReturnType<typeof createPostWorkflowClient>;

export function createPostWorkflowClient(deps: PostWorkflowClientDeps) {
  const { temporal } = deps;

  function handleOf(postId: string): WorkflowHandle<typeof postWorkflow> {
    return temporal.workflow.getHandle<typeof postWorkflow>(postWorkflowId(postId));
  }

  /** Sends an update to the post's workflow and maps its refusals to problems. */
  async function update(postId: string, send: (handle: WorkflowHandle<typeof postWorkflow>) => Promise<PostState>): Promise<PostState> {
    try {
      return await temporal.withDeadline(Date.now() + deps.updateTimeoutMs, () => send(handleOf(postId)));
    } catch (error) {
      const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type === POST_NOT_CHANGEABLE) {
        throw problems.conflict('post-not-changeable', cause.message);
      }
      if (cause instanceof ApplicationFailure && cause.type === INVALID_CHANGE)
        throw problems.unprocessable('invalid-change', cause.message);
      if (error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === grpcStatus.NOT_FOUND)) {
        throw problems.conflict('post-not-changeable', 'The post has already been published or cancelled.');
      }
      if (isTemporalUnavailable(error)) {
        throw problems.unavailable('The scheduler did not answer in time; nothing was changed. Try again shortly.');
      }
      throw error;
    }
  }

  return {
    /**
     * Starts the post's workflow from its row. Answers 503 when Temporal is unreachable; a
     * workflow the reconciler already started counts as started.
     */
    async start(
      post: PostWorkflowRow,
      options: { targets?: PostTargetInput[]; publishAt?: Date; stateVersion?: number } = {},
    ): Promise<void> {
      const input = workflowInputFromRow(post, { ...options, publishLeadMs: deps.publishLeadMs });
      try {
        await temporal.workflow.start<typeof postWorkflow>('postWorkflow', postWorkflowStartOptions(input, deps.taskQueue));
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return;
        if (isTemporalUnavailable(error)) {
          throw problems.unavailable('The scheduler is unreachable; nothing was scheduled. Try again shortly.');
        }
        throw error;
      }
    },

    edit(postId: string, edit: PostEdit): Promise<PostState> {
      return update(postId, (handle) => handle.executeUpdate(editUpdate, { args: [edit] }));
    },

    reschedule(postId: string, publishAt: Date): Promise<PostState> {
      return update(postId, (handle) => handle.executeUpdate(rescheduleUpdate, { args: [{ publishAt: publishAt.toISOString() }] }));
    },

    cancel(postId: string): Promise<PostState> {
      return update(postId, (handle) => handle.executeUpdate(cancelUpdate));
    },

    /** The workflow's live state, or null when Temporal does not answer in time. */
    async liveState(postId: string): Promise<PostState | null> {
      try {
        return await temporal.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handleOf(postId).query(statusQuery));
      } catch {
        // The stored state is still a true answer; `workflow: null` says the live one is missing.
        return null;
      }
    },

    /** Whether a run of the post's workflow is still going (a retry in progress, say). */
    isRunning(postId: string): Promise<boolean> {
      return handleOf(postId)
        .describe()
        .then((description) => description.status.name === 'RUNNING')
        .catch(() => false);
    },
  };
}
