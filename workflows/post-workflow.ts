// The heart of planrrr: one workflow per post. It sleeps until publishAt (re-arming the
// timer whenever the post is rescheduled), then publishes to every target in parallel,
// one activity per target with its own retries, and ends PUBLISHED, PARTIALLY_PUBLISHED,
// FAILED or CANCELLED.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/workflow';
import { acceptsChanges, outcomeOf, type Platform, type PostState, type TargetState } from '../domain/post';
import type { createActivities, PublishFailureDetails, PublishInput } from '../activities';
import { publishTaskQueue } from '../temporal-config';
import {
  PlatformsAttribute,
  PostIdAttribute,
  PublishAtAttribute,
  StatusAttribute,
  TeamIdAttribute,
} from '../temporal-config/search-attributes';
import {
  cancelSignal,
  cancelUpdate,
  editSignal,
  editUpdate,
  INVALID_CHANGE,
  POST_NOT_CHANGEABLE,
  rescheduleSignal,
  rescheduleUpdate,
  statusQuery,
  type EditRequest,
  type PostTargetInput,
  type PostWorkflowInput,
  type RescheduleRequest,
} from './post-messages';

type Activities = ReturnType<typeof createActivities>;

const { savePostState } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Publishing retries: transient platform errors (5xx, timeouts, 429) are retried with
 * backoff, a 429's Retry-After overriding the next delay; auth failures and content
 * rejections are thrown as non-retryable by the activity.
 */
const PUBLISH_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
};

/** Platforms whose publishing deserves other retry settings than the default. */
const PUBLISH_OPTIONS_BY_PLATFORM: Partial<Record<Platform, ActivityOptions>> = {
  // The demo channel writes to planrrr's own database: fail fast if that is broken.
  DEMO: { ...PUBLISH_OPTIONS, retry: { ...PUBLISH_OPTIONS.retry, maximumAttempts: 5 } },
};

const { publishToTarget } = proxyActivities<Activities>(PUBLISH_OPTIONS);

/** Stable across retries and re-runs: the business identity of one publication. */
export function idempotencyKeyFor(postId: string, connectionId: string, revision: number): string {
  return `planrrr-${postId}-${connectionId}-r${revision}`;
}

function pendingTarget(target: PostTargetInput): TargetState {
  return { connectionId: target.connectionId, platform: target.platform, ...(target.content !== undefined ? { content: target.content } : {}), status: 'PENDING', attempts: 0 };
}

export async function postWorkflow(input: PostWorkflowInput): Promise<PostState> {
  const state: PostState = {
    postId: input.postId,
    teamId: input.teamId,
    status: 'SCHEDULED',
    publishAt: input.publishAt,
    content: input.content,
    revision: input.revision,
    targets: input.targets.map(pendingTarget),
    mediaIds: input.mediaIds ?? [],
    refusedChanges: [],
    // a retry's run continues the versions of the run before it, so its writes win
    stateVersion: input.stateVersion ?? 0,
  };

  /** Writes the state to the database (ordered by stateVersion) and to the search attributes. */
  async function persist(): Promise<void> {
    state.stateVersion += 1;
    upsertSearchAttributes([
      { key: PostIdAttribute, value: state.postId },
      { key: TeamIdAttribute, value: state.teamId },
      { key: StatusAttribute, value: state.status },
      { key: PublishAtAttribute, value: new Date(state.publishAt) },
      { key: PlatformsAttribute, value: [...new Set(state.targets.map((target) => target.platform))] },
    ]);
    await savePostState(state);
  }

  function refuseLateChange(kind: 'edit' | 'reschedule'): string {
    const reason = `The post is ${state.status}; a ${kind} is only possible while it is SCHEDULED.`;
    state.refusedChanges.push({ kind, at: new Date().toISOString(), reason });
    return reason;
  }

  function requireChangeable(kind: 'edit' | 'reschedule' | 'cancel'): void {
    if (!acceptsChanges(state.status)) {
      throw ApplicationFailure.nonRetryable(
        `The post is ${state.status}; a ${kind} is only possible while it is SCHEDULED.`,
        POST_NOT_CHANGEABLE,
      );
    }
  }

  function validateReschedule({ publishAt }: RescheduleRequest): void {
    requireChangeable('reschedule');
    if (Number.isNaN(Date.parse(publishAt))) {
      throw ApplicationFailure.nonRetryable(`publishAt "${publishAt}" is not a valid time.`, INVALID_CHANGE);
    }
  }

  function validateEdit(request: EditRequest): void {
    requireChangeable('edit');
    if (request.targets?.length === 0) {
      throw ApplicationFailure.nonRetryable('A post needs at least one target.', INVALID_CHANGE);
    }
  }

  function applyEdit(request: EditRequest): void {
    const contentChanged = request.content !== undefined && request.content !== state.content;
    const mediaChanged = request.mediaIds !== undefined && request.mediaIds.join() !== state.mediaIds.join();
    const overrideChanged = request.targets?.some((target) => target.content !== state.targets.find((old) => old.connectionId === target.connectionId)?.content) ?? false;
    // A new revision, so publishing uses a new idempotency key for what is now a different post.
    if (contentChanged || mediaChanged || overrideChanged) state.revision += 1;
    if (contentChanged) state.content = request.content!;
    if (mediaChanged) state.mediaIds = [...request.mediaIds!];
    if (request.targets) state.targets = request.targets.map(pendingTarget);
  }

  function applyCancel(): void {
    state.status = 'CANCELLED';
    for (const target of state.targets) target.status = 'CANCELLED';
  }

  setHandler(statusQuery, () => state);

  // Signals: a change that arrives too late is recorded in the state, never dropped silently.
  setHandler(editSignal, async (request) => {
    if (acceptsChanges(state.status)) applyEdit(request);
    else refuseLateChange('edit');
    await persist();
  });
  setHandler(rescheduleSignal, async (request) => {
    if (acceptsChanges(state.status) && !Number.isNaN(Date.parse(request.publishAt))) state.publishAt = request.publishAt;
    else refuseLateChange('reschedule');
    await persist();
  });
  setHandler(cancelSignal, async () => {
    if (!acceptsChanges(state.status)) return; // too late to cancel: it is already publishing or done
    applyCancel();
    await persist();
  });

  // Updates: the same changes, validated synchronously so the caller learns the outcome.
  setHandler(
    editUpdate,
    async (request) => {
      applyEdit(request);
      await persist();
      return state;
    },
    { validator: validateEdit },
  );
  setHandler(
    rescheduleUpdate,
    async (request) => {
      state.publishAt = request.publishAt;
      await persist();
      return state;
    },
    { validator: validateReschedule },
  );
  setHandler(
    cancelUpdate,
    async () => {
      applyCancel();
      await persist();
      return state;
    },
    { validator: () => requireChangeable('cancel') },
  );

  await persist();

  // Sleep until publishAt. Each reschedule ends the wait and re-arms the timer.
  for (;;) {
    const armedFor = state.publishAt;
    const delay = Date.parse(armedFor) - Date.now();
    if (delay <= 0 || state.status !== 'SCHEDULED') break;
    await condition(() => state.status !== 'SCHEDULED' || state.publishAt !== armedFor, delay, {
      summary: `Sleep until ${armedFor}`,
    });
  }

  if (state.status === 'SCHEDULED') {
    state.status = 'PUBLISHING';
    await persist();
    await Promise.all(state.targets.map((target) => publishTarget(state, target)));
    state.status = outcomeOf(state.targets);
    await persist();
  }

  await condition(allHandlersFinished);
  return state;
}

async function publishTarget(state: PostState, target: TargetState): Promise<void> {
  target.status = 'PUBLISHING';
  try {
    const options: ActivityOptions = {
      ...(PUBLISH_OPTIONS_BY_PLATFORM[target.platform] ?? PUBLISH_OPTIONS),
      // names the account in the Web UI's event history
      summary: `Publish revision ${state.revision} to ${target.platform} account ${target.connectionId}`,
    };
    // Each platform's publishing runs on its own queue, under its own rate limit. Posts
    // that scheduled this activity before the change keep the main queue (ADR 003).
    if (patched('publish-on-platform-task-queue')) {
      options.taskQueue = publishTaskQueue(workflowInfo().taskQueue, target.platform);
    }
    const input: PublishInput = {
      postId: state.postId,
      teamId: state.teamId,
      connectionId: target.connectionId,
      content: target.content ?? state.content,
      mediaIds: state.mediaIds,
      revision: state.revision,
      idempotencyKey: idempotencyKeyFor(state.postId, target.connectionId, state.revision),
      publishAt: state.publishAt,
    };
    const result = await publishToTarget.executeWithOptions(options, [input]);
    Object.assign(target, {
      status: 'PUBLISHED',
      revision: state.revision,
      platformPostId: result.platformPostId,
      url: result.url,
      attempts: result.attempts,
      publishedAt: result.publishedAt,
      lastError: undefined,
      lastErrorRetryable: undefined,
    } satisfies Partial<TargetState>);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause;
    const details = cause instanceof ApplicationFailure ? (cause.details?.[0] as PublishFailureDetails | undefined) : undefined;
    target.status = 'FAILED';
    target.lastError = cause?.message ?? error.message;
    target.lastErrorRetryable = details?.retryable ?? false;
    target.attempts = details?.attempt ?? target.attempts + 1;
  }
}

