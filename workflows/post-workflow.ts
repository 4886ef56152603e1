// The heart of planrrr: one workflow per post. It sleeps until publishAt (re-arming the
// timer whenever the post is rescheduled), then publishes to every target in parallel,
// one activity per target with its own retries, and ends PUBLISHED, PARTIALLY_PUBLISHED,
// FAILED or CANCELLED. A post that needs approval first waits, PENDING_APPROVAL, for a
// decider's approve or reject update until its decision deadline (docs/approvals.md). With a publish lead (PUBLISH_LEAD_SECONDS), the activities start
// that long before publishAt and wait on the worker for the exact time, so a burst of
// posts due at the same second is queued ahead of it (ADR 004).
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/workflow';
import { decisionDeadline, type ApprovalNotice } from '../domain/approvals';
import type { ApprovalDecision, ApprovalState, Platform, PlatformPostRef, PostState, TargetState } from '../domain/post';
import {
  cancelledFields,
  commentIdempotencyKeyFor,
  editedFields,
  firstWrittenStateVersion,
  idempotencyKeyFor,
  outcomeOf,
  refusedChange,
  scheduledState,
  whyEditIsInvalid,
  whyRescheduleIsInvalid,
  whyUnchangeable,
  type PostChange,
  type PostEdit,
} from '../domain/post-lifecycle';
import type {
  createActivities,
  PublishBudgetWait,
  PublishCommentInput,
  PublishFailureDetails,
  PublishInput,
  PublishPartInput,
} from '../activities';
import { publishTaskQueue } from '../temporal-config';
import {
  PlatformsAttribute,
  PostIdAttribute,
  PublishAtAttribute,
  StatusAttribute,
  TeamIdAttribute,
} from '../temporal-config/search-attributes';
import {
  APPROVAL_TOO_LATE,
  approveUpdate,
  cancelSignal,
  cancelUpdate,
  editSignal,
  editUpdate,
  INVALID_CHANGE,
  POST_NOT_CHANGEABLE,
  rescheduleSignal,
  rejectUpdate,
  rescheduleUpdate,
  STALE_STATE_VERSION,
  statusQuery,
  type ApproveRequest,
  type ChangeCondition,
  type RejectRequest,
  type PostWorkflowInput,
  type RescheduleRequest,
} from './post-messages';

type Activities = ReturnType<typeof createActivities>;

const { savePostState, announceApproval } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Publishing retries: transient platform errors (5xx, timeouts, 429) are retried with
 * backoff, a 429's Retry-After overriding the next delay; auth failures and content
 * rejections are thrown as non-retryable by the activity.
 */
const PUBLISH_TIMEOUT_MS = 2 * 60 * 1000;
const PUBLISH_OPTIONS: ActivityOptions = {
  startToCloseTimeout: PUBLISH_TIMEOUT_MS,
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
};

/** Platforms whose publishing deserves other retry settings than the default. */
const PUBLISH_OPTIONS_BY_PLATFORM: Partial<Record<Platform, ActivityOptions>> = {
  // The demo channel writes to planrrr's own database: fail fast if that is broken.
  DEMO: { ...PUBLISH_OPTIONS, retry: { ...PUBLISH_OPTIONS.retry, maximumAttempts: 5 } },
};

const { publishToTarget, publishThreadPart, publishFirstComment } = proxyActivities<Activities>(PUBLISH_OPTIONS);

/**
 * A publish beats while it runs (activities/publish-to-target.ts): if its worker dies, the
 * publish is retried once no beat came for this long, not after its start-to-close limit.
 * A publish started ahead allows half its wait, so that a long wait costs few beats and a
 * worker lost early in the wait is replaced before the time.
 */
const PUBLISH_HEARTBEAT_TIMEOUT_MS = 30_000;

/**
 * With a publish lead, a post reads PUBLISHING only if its publishes are still running this
 * long after its time: the common quick publish goes straight to PUBLISHED, and the
 * bookkeeping stays out of the way of the platform calls at the time itself. Long enough
 * for one worker to drain a burst of 10,000 posts (BENCHMARKS.md): at 2 s, most of such a
 * burst saved a PUBLISHING state in the middle of the drain, slowing it.
 */
const SHOW_PUBLISHING_AFTER_MS = 10_000;

export async function postWorkflow(input: PostWorkflowInput): Promise<PostState> {
  // a retry's run continues the state versions of the run before it, so its writes win
  const state: PostState = scheduledState(input);
  // The version of the first write is taken before any handler runs: a change that comes
  // with the start is checked against the version the API answered the scheduling with.
  state.stateVersion = firstWrittenStateVersion(state.stateVersion);
  const { publishLeadMs } = input;
  /** accepted changes so far: publish activities started before the latest one are replaced */
  let changes = 0;

  /** Writes a new version of the state; answers that version, which later changes leave as it is. */
  async function persist(): Promise<PostState> {
    state.stateVersion += 1;
    return save();
  }

  /** Writes the state to the database (ordered by stateVersion) and to the search attributes. */
  async function save(): Promise<PostState> {
    // a copy: handlers of other changes run while this one waits for its write
    const saved: PostState = JSON.parse(JSON.stringify(state));
    upsertSearchAttributes([
      { key: PostIdAttribute, value: state.postId },
      { key: TeamIdAttribute, value: state.teamId },
      { key: StatusAttribute, value: state.status },
      { key: PublishAtAttribute, value: new Date(state.publishAt) },
      { key: PlatformsAttribute, value: [...new Set(state.targets.map((target) => target.platform))] },
    ]);
    await savePostState(saved);
    return saved;
  }

  /** Why a change is refused now (the rules: domain/post-lifecycle.ts), or undefined. */
  function whyUnchangeableNow(change: PostChange): string | undefined {
    return whyUnchangeable(state, change, { now: Date.now(), publishLeadMs });
  }

  function refuseLateChange(reason: string, change: 'edit' | 'reschedule'): void {
    state.refusedChanges.push(refusedChange(change, reason, Date.now()));
  }

  // Update validators: a refusal answers the caller and writes nothing to history. An
  // accepted change's handler bumps stateVersion before it first waits, so the validators
  // of changes behind it see the new version: of concurrent changes with the same
  // condition, one is accepted.
  function requireChangeable(change: PostChange, condition: ChangeCondition | undefined): void {
    if (condition && condition.ifStateVersion !== state.stateVersion) {
      throw ApplicationFailure.create({
        message: `The post is at stateVersion ${state.stateVersion}, not ${condition.ifStateVersion}.`,
        type: STALE_STATE_VERSION,
        nonRetryable: true,
        details: [state.stateVersion],
      });
    }
    const reason = whyUnchangeableNow(change);
    if (reason) throw ApplicationFailure.nonRetryable(reason, POST_NOT_CHANGEABLE);
  }

  function validateReschedule({ publishAt }: RescheduleRequest, condition?: ChangeCondition): void {
    requireChangeable('reschedule', condition);
    const invalid = whyRescheduleIsInvalid(publishAt);
    if (invalid) throw ApplicationFailure.nonRetryable(invalid, INVALID_CHANGE);
  }

  function validateEdit(edit: PostEdit, condition?: ChangeCondition): void {
    requireChangeable('edit', condition);
    const invalid = whyEditIsInvalid(edit);
    if (invalid) throw ApplicationFailure.nonRetryable(invalid, INVALID_CHANGE);
  }

  // Each accepted change counts, so publish activities started before it are replaced.
  function applyEdit(edit: PostEdit): void {
    const approvedRevision = state.revision;
    Object.assign(state, editedFields(state, edit));
    // what a decider approved is not what would be published any more: it needs approval again
    if (state.approval && state.status === 'SCHEDULED' && state.revision !== approvedRevision) state.status = 'PENDING_APPROVAL';
    changes += 1;
  }

  function applyReschedule(publishAt: string): void {
    state.publishAt = publishAt;
    // a new time with its deadline ahead reopens the decision
    if (state.approval?.expired) state.approval.expired = decisionDeadline(publishAt, state.approval.deadlineMinutes) <= Date.now();
    changes += 1;
  }

  /** Why a decision is refused now, as the approve and reject updates' validators say it. */
  function requirePending(): ApprovalState {
    if (state.status !== 'PENDING_APPROVAL' || !state.approval) {
      throw ApplicationFailure.nonRetryable(
        `The post is ${state.status}; only a post PENDING_APPROVAL can be approved or rejected.`,
        POST_NOT_CHANGEABLE,
      );
    }
    return state.approval;
  }

  function validateApprove({ publishAt }: ApproveRequest): void {
    const approval = requirePending();
    if (publishAt === undefined) {
      if (decisionDeadline(state.publishAt, approval.deadlineMinutes) <= Date.now()) {
        throw ApplicationFailure.nonRetryable(
          `Decisions on this post closed ${approval.deadlineMinutes} minutes before its time (${state.publishAt}): approve it with a new publishAt.`,
          APPROVAL_TOO_LATE,
        );
      }
      return;
    }
    const invalid = whyRescheduleIsInvalid(publishAt);
    if (invalid) throw ApplicationFailure.nonRetryable(invalid, INVALID_CHANGE);
    if (Date.parse(publishAt) <= Date.now()) throw ApplicationFailure.nonRetryable(`publishAt ${publishAt} has passed.`, INVALID_CHANGE);
  }

  function validateReject({ comment }: RejectRequest): void {
    requirePending();
    if (!comment.trim()) throw ApplicationFailure.nonRetryable('A rejection needs a comment for the author.', INVALID_CHANGE);
  }

  function decide(kind: ApprovalDecision['kind'], by: string, comment?: string): void {
    state.approval!.decision = {
      kind,
      by,
      at: new Date(Date.now()).toISOString(),
      revision: state.revision,
      ...(comment !== undefined && { comment }),
    };
    state.approval!.expired = false;
    changes += 1;
  }

  async function announce(kind: ApprovalNotice['kind']): Promise<void> {
    const { postId, teamId, revision, publishAt, approval } = state;
    await announceApproval({ kind, postId, teamId, revision, publishAt, ...(approval?.decision && { decision: approval.decision }) });
  }

  function applyCancel(): void {
    Object.assign(state, cancelledFields(state));
    changes += 1;
  }

  setHandler(statusQuery, () => state);

  // Signals: a change that arrives too late is recorded in the state, never dropped silently.
  setHandler(editSignal, async (request) => {
    const refusal = whyUnchangeableNow('edit');
    if (refusal) refuseLateChange(refusal, 'edit');
    else applyEdit(request);
    await persist();
  });
  setHandler(rescheduleSignal, async (request) => {
    const refusal = whyUnchangeableNow('reschedule');
    if (refusal) refuseLateChange(refusal, 'reschedule');
    // an operator's malformed time is dropped: the post keeps the time it had
    else if (!whyRescheduleIsInvalid(request.publishAt)) applyReschedule(request.publishAt);
    await persist();
  });
  setHandler(cancelSignal, async () => {
    if (whyUnchangeableNow('cancel')) return; // too late to cancel: it is already publishing or done
    applyCancel();
    await persist();
  });

  // Decisions: only by update, as the API checks who may decide. The post waiting in
  // awaitDecision announces them.
  setHandler(
    approveUpdate,
    (request) => {
      if (request.publishAt !== undefined) state.publishAt = request.publishAt;
      state.status = 'SCHEDULED';
      decide('approved', request.decidedBy);
      return persist();
    },
    { validator: validateApprove },
  );
  setHandler(
    rejectUpdate,
    (request) => {
      // back to its author as a draft: the run ends, and scheduling it again submits it again
      state.status = 'DRAFT';
      decide('rejected', request.decidedBy, request.comment);
      return persist();
    },
    { validator: validateReject },
  );

  // Updates: the same changes, validated synchronously so the caller learns the outcome.
  setHandler(
    editUpdate,
    (request) => {
      applyEdit(request);
      return persist();
    },
    { validator: validateEdit },
  );
  setHandler(
    rescheduleUpdate,
    (request) => {
      applyReschedule(request.publishAt);
      return persist();
    },
    { validator: validateReschedule },
  );
  setHandler(
    cancelUpdate,
    () => {
      applyCancel();
      return persist();
    },
    { validator: (condition?: ChangeCondition) => requireChangeable('cancel', condition) },
  );

  /**
   * Waits for a decision on a post PENDING_APPROVAL: asks the deciders, and waits until its
   * decision deadline (re-armed by a reschedule). Past the deadline the post is not
   * published: its author and the deciders are told, and it waits on, editable, for an
   * approval with a new time, a reschedule, a rejection or a cancel.
   */
  async function awaitDecision(approval: ApprovalState): Promise<void> {
    await announce('approval_requested');
    while (state.status === 'PENDING_APPROVAL') {
      const armedFor = state.publishAt;
      const changed = () => state.status !== 'PENDING_APPROVAL' || state.publishAt !== armedFor;
      const untilDeadline = decisionDeadline(armedFor, approval.deadlineMinutes) - Date.now();
      if (untilDeadline > 0) {
        await condition(changed, untilDeadline, {
          summary: `Wait for a decision until ${approval.deadlineMinutes} min before ${armedFor}`,
        });
        if (changed()) continue;
      }
      if (!approval.expired) {
        approval.expired = true;
        await persist();
        await announce('approval_expired');
      }
      await condition(changed);
    }
  }

  /** The decision last told to the post's author (a decision may come before the post first waits for one). */
  let announcedDecision: ApprovalDecision | undefined;

  /**
   * Sleeps until `leadMs` before publishAt, first waiting for a decision while the post needs
   * one. Each reschedule ends the wait and re-arms the timer.
   */
  async function sleepUntilDue(leadMs: number): Promise<void> {
    for (;;) {
      // NOTE: only a post that needs approval has a decision or is PENDING_APPROVAL, so histories from before approvals replay as they ran
      const decision = state.approval?.decision;
      if (decision && decision !== announcedDecision) {
        announcedDecision = decision;
        await announce('approval_decided');
        // an edit may have sent it back for approval, or a rejection ended it, meanwhile: check again
        continue;
      }
      if (state.status === 'PENDING_APPROVAL' && state.approval) {
        await awaitDecision(state.approval);
        continue;
      }
      const armedFor = state.publishAt;
      const delay = Date.parse(armedFor) - leadMs - Date.now();
      if (delay <= 0 || state.status !== 'SCHEDULED') return;
      await condition(() => state.status !== 'SCHEDULED' || state.publishAt !== armedFor, delay, {
        summary: leadMs > 0 ? `Sleep until ${leadMs / 1000} s before ${armedFor}` : `Sleep until ${armedFor}`,
      });
    }
  }

  async function publishAtPublishTime(): Promise<void> {
    await sleepUntilDue(0);
    if (state.status !== 'SCHEDULED') return;
    state.status = 'PUBLISHING';
    await persist();
    await Promise.all(state.targets.map((target) => publishTarget(state, target)));
    state.status = outcomeOf(state.targets);
    await persist();
  }

  /**
   * Starts the publish activities publishLeadMs ahead; they wait on the worker until
   * publishAt. A change before then cancels them and starts new ones for the new state.
   */
  async function publishWithLead(): Promise<void> {
    let publishing: Promise<unknown> | undefined;
    while (!publishing) {
      await sleepUntilDue(publishLeadMs);
      if (state.status !== 'SCHEDULED') return;
      const changesWhenStarted = changes;
      const started = new CancellationScope();
      const running = started.run(() => Promise.all(state.targets.map((target) => publishTarget(state, target, { startedAhead: true }))));
      // Changes close before the time, so this wait ends with a change, with the publishes
      // done, or a little after the time with them still running.
      const waitMs = Date.parse(state.publishAt) + SHOW_PUBLISHING_AFTER_MS - Date.now();
      const changed =
        waitMs > 0 && (await Promise.race([running.then(() => false), condition(() => changes !== changesWhenStarted, waitMs)]));
      if (changed) {
        started.cancel();
        await running;
      } else {
        publishing = running;
      }
    }
    // still publishing a while after the time (retries, a slow platform): say so
    if (state.targets.some((target) => target.status === 'PENDING')) {
      state.status = 'PUBLISHING';
      for (const target of state.targets) if (target.status === 'PENDING') target.status = 'PUBLISHING';
      await persist();
    }
    await publishing;
    state.status = outcomeOf(state.targets);
    await persist();
  }

  // The search attributes were set by the start. NOTE: a run an older worker began saved its
  // first state even with rowWritten; the patch keeps it replaying (ADR 003).
  if (!(input.rowWritten && patched('skip-first-save-when-row-written'))) await save();
  if (publishLeadMs > 0) await publishWithLead();
  else await publishAtPublishTime();

  await condition(allHandlersFinished);
  return state;
}

/** The retry settings and task queue of a platform's publishing, as every publish of one account uses them. */
function publishOptionsFor(platform: Platform): ActivityOptions {
  return {
    ...(PUBLISH_OPTIONS_BY_PLATFORM[platform] ?? PUBLISH_OPTIONS),
    // each platform's publishing runs on its own queue, under its own rate limit
    taskQueue: publishTaskQueue(workflowInfo().taskQueue, platform),
  };
}

/** Records a failed publish on the target: its error, whether Temporal would retry it, its attempts. */
function recordFailure(target: TargetState, error: ActivityFailure): void {
  const cause = error.cause;
  const details = cause instanceof ApplicationFailure ? (cause.details?.[0] as PublishFailureDetails | undefined) : undefined;
  target.status = 'FAILED';
  target.lastError = cause?.message ?? error.message;
  target.lastErrorRetryable = details?.retryable ?? false;
  target.attempts = details?.attempt ?? target.attempts + 1;
}

/**
 * Runs a publish (a target, a thread's part, a first comment) within its account's budget.
 * When the account's (or app's) budget is spent, the activity answers the time it reserved
 * in the budget instead of publishing, and the workflow waits here for it on a timer: the
 * wait holds no worker slot and is no failed attempt. NOTE: no patch, as no history
 * recorded before budgets (or before parts and comments took from them) holds such an
 * answer to replay: the commands only differ after one.
 */
async function withinBudget<Input extends { budgetReservedAt?: string }, Result extends object>(
  publish: (input: Input) => Promise<Result | PublishBudgetWait>,
  input: Input,
): Promise<Result> {
  for (;;) {
    const answer = await publish(input);
    if (!('waitForBudget' in answer)) return answer;
    await sleep(Math.max(1, Date.parse(answer.waitForBudget.until) - Date.now()));
    input = { ...input, budgetReservedAt: answer.waitForBudget.until };
  }
}

async function publishTarget(state: PostState, target: TargetState, { startedAhead = false } = {}): Promise<void> {
  // Started ahead of publishAt, the target stays PENDING until the post is due.
  if (!startedAhead) target.status = 'PUBLISHING';
  const thread = state.thread ?? [];
  try {
    const waitMs = startedAhead ? Math.max(0, Date.parse(state.publishAt) - Date.now()) : 0;
    const options: ActivityOptions = {
      ...publishOptionsFor(target.platform),
      // the wait for publishAt comes on top of the publishing time
      startToCloseTimeout: PUBLISH_TIMEOUT_MS + waitMs,
      heartbeatTimeout: Math.max(PUBLISH_HEARTBEAT_TIMEOUT_MS, waitMs / 2),
      // names the account in the Web UI's event history
      summary: `Publish revision ${state.revision} to ${target.platform} account ${target.connectionId}`,
    };
    const input: PublishInput = {
      postId: state.postId,
      teamId: state.teamId,
      connectionId: target.connectionId,
      content: target.content ?? state.content,
      ...(target.options !== undefined && { options: target.options }),
      mediaIds: state.mediaIds,
      revision: state.revision,
      idempotencyKey: idempotencyKeyFor(state.postId, target.connectionId, state.revision),
      publishAt: state.publishAt,
      ...(startedAhead && { notBefore: state.publishAt }),
      ...(thread.length > 0 && { opensThread: true }),
    };
    const result = await withinBudget((each: PublishInput) => publishToTarget.executeWithOptions(options, [each]), input);
    Object.assign(target, {
      revision: state.revision,
      platformPostId: result.platformPostId,
      ...(result.platformCid !== undefined && { platformCid: result.platformCid }),
      url: result.url,
      attempts: result.attempts,
      publishedAt: result.publishedAt,
      // what did not go out with the post (a YouTube thumbnail), or nothing
      lastError: result.notice,
      lastErrorRetryable: undefined,
    } satisfies Partial<TargetState>);
  } catch (error) {
    // replaced after a change: the target is published by the activity started for the new state
    if (startedAhead && isCancellation(error)) return;
    if (!(error instanceof ActivityFailure)) throw error;
    recordFailure(target, error);
    return;
  }
  if (thread.length > 0) await publishThreadParts(state, target);
  else target.status = 'PUBLISHED';
  if (target.status === 'PUBLISHED' && state.firstComment !== undefined) await publishComment(state, target, state.firstComment);
}

/**
 * The first comment, right after the post (after a thread's last part), by its own activity
 * as a part is. It has its own outcome: a failed comment leaves the post PUBLISHED.
 */
async function publishComment(state: PostState, target: TargetState, content: string): Promise<void> {
  const root: PlatformPostRef = { platformPostId: target.platformPostId!, ...(target.platformCid && { platformCid: target.platformCid }) };
  const last = target.parts?.at(-1);
  try {
    const options: ActivityOptions = {
      ...publishOptionsFor(target.platform),
      heartbeatTimeout: PUBLISH_HEARTBEAT_TIMEOUT_MS,
      summary: `Publish the first comment to ${target.platform} account ${target.connectionId}`,
    };
    const comment = await withinBudget((each: PublishCommentInput) => publishFirstComment.executeWithOptions(options, [each]), {
      postId: state.postId,
      teamId: state.teamId,
      connectionId: target.connectionId,
      revision: state.revision,
      content,
      idempotencyKey: commentIdempotencyKeyFor(state.postId, target.connectionId, state.revision),
      post: { ...root, url: target.url ?? '' },
      lastPart: last ? { platformPostId: last.platformPostId, ...(last.platformCid && { platformCid: last.platformCid }) } : root,
    });
    target.comment = {
      status: 'PUBLISHED',
      platformCommentId: comment.platformCommentId,
      url: comment.url,
      publishedAt: comment.publishedAt,
    };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    target.comment = { status: 'FAILED', error: error.cause?.message ?? error.message };
  }
}

/**
 * The thread's later parts on one account, each by its own activity (so a part is one
 * activity in history and is published once), each a reply to the part before it. The
 * target is PUBLISHED once every part is out; a part that fails fails the target, naming
 * the part, and the parts already out stay listed.
 */
async function publishThreadParts(state: PostState, target: TargetState): Promise<void> {
  const thread = state.thread ?? [];
  const root: PlatformPostRef = { platformPostId: target.platformPostId!, ...(target.platformCid && { platformCid: target.platformCid }) };
  let parent = root;
  target.parts = [];
  for (const [index, part] of thread.entries()) {
    const partNumber = index + 1;
    if (state.threadDelaySeconds) await sleep(state.threadDelaySeconds * 1000);
    try {
      const options: ActivityOptions = {
        ...publishOptionsFor(target.platform),
        heartbeatTimeout: PUBLISH_HEARTBEAT_TIMEOUT_MS,
        summary: `Publish part ${partNumber + 1} of ${thread.length + 1} to ${target.platform} account ${target.connectionId}`,
      };
      const published = await withinBudget((each: PublishPartInput) => publishThreadPart.executeWithOptions(options, [each]), {
        postId: state.postId,
        teamId: state.teamId,
        connectionId: target.connectionId,
        revision: state.revision,
        part: partNumber,
        content: part.content,
        mediaIds: part.mediaIds,
        idempotencyKey: idempotencyKeyFor(state.postId, target.connectionId, state.revision, partNumber),
        replyTo: { root, parent },
      });
      parent = { platformPostId: published.platformPostId, ...(published.platformCid && { platformCid: published.platformCid }) };
      target.parts.push({ part: partNumber, ...parent, url: published.url, publishedAt: published.publishedAt });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      recordFailure(target, error);
      return;
    }
  }
  target.status = 'PUBLISHED';
}
