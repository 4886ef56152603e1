// The API's one door to the post workflows in Temporal: starts a post's workflow, sends it
// changes as updates, reads its live state, and turns Temporal's answers into problems
// (409 when the post no longer takes the change, 412 when it changed since the caller's
// version, 422 for an invalid one, 503 when Temporal does not answer in time, saying
// whether the change may have been made). A start Temporal does not answer is the
// caller's to handle (./deferred-starts.ts).
import { status as grpcStatus } from '@grpc/grpc-js';
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { PostState } from '../../domain/post';
import type { PostEdit } from '../../domain/post-lifecycle';
import { startPostWorkflow, workflowInputFromRow, type PostWorkflowRow } from '../../lib/temporal/post-workflow-start';
import { isTemporalUnavailable } from '../../lib/temporal/unanswered';
import { postWorkflowId } from '../../temporal-config';
import {
  APPROVAL_TOO_LATE,
  approveUpdate,
  cancelUpdate,
  conditionalCancelUpdate,
  editUpdate,
  INVALID_CHANGE,
  POST_NOT_CHANGEABLE,
  rejectUpdate,
  rescheduleUpdate,
  STALE_STATE_VERSION,
  statusQuery,
  type ChangeCondition,
} from '../../workflows/post-messages';
import type { postWorkflow } from '../../workflows/post-workflow';
import { problems, type ProblemError } from '../http/problem';

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
/** How long a change waits for a post's run that wrote its last state to close before starting the next one. */
const CLOSING_WAIT_MS = 10_000;

/**
 * What an update's failure means for the caller. Known to have changed nothing: a refusal
 * by the workflow (its validator answered) and a workflow that is not running. Any other
 * failure of the call (a timeout, an update the server aborted, a lost connection, a
 * server error) may come after the workflow accepted the change: its outcome is unknown,
 * and the answer must not claim otherwise. Anything else is not Temporal's answer: rethrown.
 */
function updateProblem(error: unknown): ProblemError | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.type === STALE_STATE_VERSION) {
      const [stateVersion] = cause.details ?? [];
      return typeof stateVersion === 'number' ? problems.preconditionFailed(stateVersion) : undefined;
    }
    if (cause instanceof ApplicationFailure && cause.type === POST_NOT_CHANGEABLE)
      return problems.conflict('post-not-changeable', cause.message);
    if (cause instanceof ApplicationFailure && cause.type === INVALID_CHANGE)
      return problems.unprocessable('invalid-change', cause.message);
    if (cause instanceof ApplicationFailure && cause.type === APPROVAL_TOO_LATE)
      return problems.conflict('approval-deadline-passed', cause.message, {
        errors: [{ field: 'body.publishAt', message: 'the decision deadline passed: choose a new time to approve it for' }],
      });
    return undefined;
  }
  // NOT_FOUND also answers an update the server dropped, unaccepted, because the run closed
  if (error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === grpcStatus.NOT_FOUND)) {
    return problems.conflict('post-not-changeable', 'The post has already been published or cancelled.');
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || error instanceof ServiceError || isGrpcServiceError(error)) {
    return problems.outcomeUnknown(
      'The scheduler did not confirm the change in time, so it may or may not have been made. ' +
        'GET the post: its ETag (stateVersion) shows whether it changed. Send changes with If-Match, so that a retry cannot apply one twice or over another.',
    );
  }
  return undefined;
}

/** What a post's workflow is started with besides its row (workflowInputFromRow). */
export type WorkflowStartOptions = Omit<Parameters<typeof workflowInputFromRow>[1], 'publishLeadMs'>;

/** What became of a workflow start: 'unanswered' when Temporal did not answer in time. */
export type WorkflowStart = 'started' | 'unanswered';

export type PostWorkflowClient = ReturnType<typeof createPostWorkflowClient>;

export function createPostWorkflowClient(deps: PostWorkflowClientDeps) {
  const { temporal } = deps;

  function handleOf(postId: string): WorkflowHandle<typeof postWorkflow> {
    return temporal.workflow.getHandle<typeof postWorkflow>(postWorkflowId(postId));
  }

  /**
   * Sends an update to the post's workflow; answers the state its change produced, and maps
   * failures to problems (updateProblem).
   */
  async function update(postId: string, send: (handle: WorkflowHandle<typeof postWorkflow>) => Promise<PostState>): Promise<PostState> {
    try {
      return await temporal.withDeadline(Date.now() + deps.updateTimeoutMs, () => send(handleOf(postId)));
    } catch (error) {
      throw updateProblem(error) ?? error;
    }
  }

  function conditionOf(ifStateVersion: number | undefined): ChangeCondition | undefined {
    return ifStateVersion === undefined ? undefined : { ifStateVersion };
  }

  function isRunning(postId: string): Promise<boolean> {
    return handleOf(postId)
      .describe()
      .then((description) => description.status.name === 'RUNNING')
      .catch(() => false);
  }

  return {
    /**
     * Starts the post's workflow from its row; a workflow the reconciler already started
     * counts as started. 'unanswered' when Temporal did not answer in time: the workflow
     * may or may not have started, and starting it again is safe (its id is the post's).
     */
    async start(post: PostWorkflowRow, options: WorkflowStartOptions = {}): Promise<WorkflowStart> {
      const input = workflowInputFromRow(post, { ...options, publishLeadMs: deps.publishLeadMs });
      try {
        await temporal.withDeadline(Date.now() + deps.updateTimeoutMs, () => startPostWorkflow(temporal, input, deps.taskQueue));
      } catch (error) {
        if (isTemporalUnavailable(error)) return 'unanswered';
        throw error;
      }
      return 'started';
    },

    // `ifStateVersion`: the change applies only to the post at that version (If-Match), else 412.

    edit(postId: string, edit: PostEdit, ifStateVersion?: number): Promise<PostState> {
      return update(postId, (handle) => handle.executeUpdate(editUpdate, { args: [edit, conditionOf(ifStateVersion)] }));
    },

    reschedule(postId: string, publishAt: Date, ifStateVersion?: number): Promise<PostState> {
      return update(postId, (handle) =>
        handle.executeUpdate(rescheduleUpdate, { args: [{ publishAt: publishAt.toISOString() }, conditionOf(ifStateVersion)] }),
      );
    },

    cancel(postId: string, ifStateVersion?: number): Promise<PostState> {
      return update(postId, (handle) =>
        ifStateVersion === undefined
          ? handle.executeUpdate(cancelUpdate)
          : handle.executeUpdate(conditionalCancelUpdate, { args: [{ ifStateVersion }] }),
      );
    },

    /** A decider's approval (the caller checked they may decide); with `publishAt`, for that new time. */
    approve(postId: string, decidedBy: string, publishAt?: Date): Promise<PostState> {
      return update(postId, (handle) =>
        handle.executeUpdate(approveUpdate, { args: [{ decidedBy, ...(publishAt && { publishAt: publishAt.toISOString() }) }] }),
      );
    },

    /** A decider's rejection with its comment: the post goes back to its author as a draft. */
    reject(postId: string, decidedBy: string, comment: string): Promise<PostState> {
      return update(postId, (handle) => handle.executeUpdate(rejectUpdate, { args: [{ decidedBy, comment }] }));
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

    /**
     * Whether a run of the post's workflow is still going (a retry in progress, say) once it
     * had up to CLOSING_WAIT_MS to close: a run that wrote its last state (failed, cancelled,
     * rejected) still tells it (webhooks, notifications) before it closes, for a moment that
     * grows with the machine's load, and the author who saw that state should not be refused.
     */
    async runningAfterClosing(postId: string): Promise<boolean> {
      if (!(await isRunning(postId))) return false;
      await temporal.withDeadline(Date.now() + CLOSING_WAIT_MS, () => handleOf(postId).result()).catch(() => undefined);
      return isRunning(postId);
    },
  };
}
