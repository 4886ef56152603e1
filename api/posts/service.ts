// The post lifecycle, on two paths. A draft is only a row: its changes are database writes.
// A scheduled post's row is written first (so a post is never only in Temporal), then its
// workflow is started; from then on the workflow owns status, content and publish time,
// and changes go to it as validated updates (./post-workflow-client.ts). A post the team's
// approval policy covers is submitted PENDING_APPROVAL: its workflow waits for a decision
// (api/approvals/service.ts) before it sleeps to its time.
import type { Platform, PostState, ThreadPart } from '../../domain/post';
import { NO_ACCOUNT_MESSAGE } from '../../domain/post-problems';
import { withSignature } from '../../domain/signature';
import { needsApproval } from '../../domain/approvals';
import {
  acceptsChanges,
  firstWrittenStateVersion,
  scheduledState,
  statusAtStart,
  type PostEdit,
  type PostTargetInput,
} from '../../domain/post-lifecycle';
import { announceFirstState, firstStateDeliveries, readTeamWebhooks, recordFirstStateDeliveries } from '../../lib/post-events';
import { readApprovalPolicy } from '../../lib/approval-policy';
import {
  hasPrismaCode,
  inPoolTransaction,
  lostRace,
  newRowId,
  poolStatements,
  prismaStatements,
  targetOptionsColumn,
  type SqlStatements,
} from '../../lib/db';
import type { Logger } from '../../lib/logger';
import { targetsFromRow, workflowInputFromRow } from '../../lib/temporal/post-workflow-start';
import { Prisma } from '../../prisma/generated/client';
import { asTargetOptions } from '../../domain/target-options';
import { withQueueLocks } from '../queue/queue-locks';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { MEDIA_FIELDS } from '../media/view';
import { problems } from '../http/problem';
import { createDeferredStarts } from './deferred-starts';
import {
  createPostChecks,
  overridesMap,
  targetOptionsOf,
  withOverrides,
  withTargetOptions,
  type ConnectionRow,
  type PostChecksDeps,
  type PostForRules,
} from './post-checks';
import {
  createPostWorkflowClient,
  type PostWorkflowClientDeps,
  type WorkflowStart,
  type WorkflowStartOptions,
} from './post-workflow-client';
import {
  overridesOutsideTargets,
  PublishAtSchema,
  type CreatePostInput,
  type EditPostInput,
  type ListPostsQuery,
  type RetryPostInput,
} from './schemas';
import { findPostPage } from './page-query';
import { insertPostSql, type NewPost } from './insert-post';
import { decodePostPageCursor, DEFAULT_POST_SORT, encodePostPageCursor, sortOrder } from './page-cursor';
import { idempotencyRequestHash, replayable } from './idempotency';
import { postMetricsView } from './metrics';
import { POST_FIELDS, postRowFromJson, rowAsWrittenBy, toPostView, type PostRow, type PostRowJson } from './view';

export interface PostServiceDeps extends PostWorkflowClientDeps, PostChecksDeps {
  /** for the workflows started in the background when Temporal was slow to answer */
  logger: Logger;
  audit: AuditLog;
  namespace: string;
  temporalUiUrl: string;
  /** for the deliveries of a new post's webhook event, which the API starts (announceFirstState) */
  webhookRetryInitialInterval: string;
}

/** A change's precondition: the post's stateVersion the caller read (If-Match); absent, any. */
export interface ChangeOptions {
  ifStateVersion?: number;
}

export interface RescheduleOptions extends ChangeOptions {
  /** the queue moving one of its posts to another slot (it rewrites the booking itself); by hand, a time off the slot takes the post out of the queue */
  byQueue?: boolean;
}

/**
 * How a queued post gets its time (api/queue/service.ts): in one transaction, the queue
 * chooses a free slot and `write`s the post's row with it, then books the slot.
 */
export type PostPlacement = (
  write: (tx: Prisma.TransactionClient, slot: { publishAt: Date; timeZone: string }) => Promise<PostRow>,
) => Promise<PostRow>;

/** What created a post other than its author's request: an evergreen set copying one of its posts. */
export interface PostOrigin {
  evergreenSetId: string;
  evergreenSourceId: string;
}

/** A thread's parts after the first as Prisma creates them under their post: positions from 1, media in order. */
function partsToCreate(thread: readonly ThreadPart[]) {
  return thread.map((part, index) => ({
    position: index + 1,
    content: part.content,
    media: { create: part.mediaIds.map((mediaId, position) => ({ mediaId, position })) },
  }));
}

export function createPostService(deps: PostServiceDeps) {
  const { db, audit } = deps;
  const workflows = createPostWorkflowClient(deps);
  const deferredStarts = createDeferredStarts({ db, workflows, logger: deps.logger });
  const { readConnections, resolveTargets, resolveThread, assertPlatformRules, checkNewPost } = createPostChecks(deps);

  function mediaIdsOf(post: PostRow): string[] {
    return post.media.map((link) => link.media.id);
  }

  /** The post's thread parts after the first, as the workflow and the rules take them. */
  function threadOf(post: PostRow): ThreadPart[] {
    return post.parts.map((part) => ({ content: part.content, mediaIds: part.media.map((link) => link.media.id) }));
  }

  /**
   * Writes a new post's rows and reads them back as the page query reads a post, in one
   * statement (insert-post.ts): no read can fail after a committed insert (the database lost
   * in between), which would answer an error for a post that exists without a workflow until
   * the reconciler found it, a minute later (database-restart.test.ts). `alongside` writes,
   * in `statements`' transaction, what must exist whenever the post does (its first state's
   * webhook deliveries).
   */
  async function insertPost(
    statements: SqlStatements,
    post: NewPost,
    alongside?: (statements: SqlStatements, post: PostRow) => Promise<void>,
  ): Promise<PostRow> {
    const [inserted] = await statements.query<{ post: PostRowJson }>(insertPostSql(newRowId(), post));
    const row = postRowFromJson(inserted!.post);
    await alongside?.(statements, row);
    return row;
  }

  async function findPost(actor: Actor, id: string): Promise<PostRow> {
    const post = await db.post.findFirst({ where: { id, teamId: actor.teamId }, select: POST_FIELDS });
    if (!post) throw problems.notFound('Post', id);
    return post;
  }

  /** The post's per-account texts by connection id. */
  function overridesOf(post: PostRow): Map<string, string> {
    return new Map(
      post.targets.flatMap((target) => (target.contentOverride === null ? [] : [[target.connectionId, target.contentOverride] as const])),
    );
  }

  async function findDraft(actor: Actor, id: string): Promise<PostRow | undefined> {
    const post = await findPost(actor, id);
    return post.status === 'DRAFT' ? post : undefined;
  }

  /**
   * The input with each account's signature appended to the text it publishes, as that
   * account's own text: what is published is what is stored and shown. Unless `signatures` is false.
   */
  function withSignatures(input: CreatePostInput, connections: readonly ConnectionRow[]): CreatePostInput {
    if (input.signatures === false) return input;
    const signatures = new Map(
      connections.flatMap((connection) => (connection.signature === null ? [] : [[connection.id, connection.signature]])),
    );
    if (signatures.size === 0) return input;
    const own = overridesMap(input.overrides);
    const overrides = input.connectionIds.flatMap((connectionId) => {
      const text = own.get(connectionId) ?? input.content;
      const signedText = withSignature(text, signatures.get(connectionId));
      return own.has(connectionId) || signedText !== text ? [{ connectionId, content: signedText }] : [];
    });
    return { ...input, overrides };
  }

  /**
   * Whether the actor's post to `connectionIds` needs approval under the team's policy: the
   * status it is submitted in, and its deadline (null: none needed). Who submits it is its
   * author for the policy, whoever wrote the draft.
   */
  async function submission(actor: Actor, connectionIds: readonly string[]) {
    const policy = await readApprovalPolicy(db, actor.teamId);
    const approval = needsApproval(policy, actor.role, connectionIds) ? { deadlineMinutes: policy.deadlineMinutes } : undefined;
    return { status: statusAtStart(approval), approvalDeadlineMinutes: approval?.deadlineMinutes ?? null };
  }

  function view(post: PostRow, workflow?: PostState | null) {
    return toPostView(post, { workflow, temporalUiUrl: deps.temporalUiUrl, namespace: deps.namespace });
  }

  // The draft path: a draft is only a row, and may break platform rules while it is written.

  /**
   * Writes a change to a draft as its next version, in `tx`: the version moves with every
   * change, and the write is made only if the draft is still a draft at the caller's version
   * (If-Match), so of two changes sent with the same ETag one is made and the other is a 412.
   */
  async function nextDraftVersion(
    tx: Prisma.TransactionClient,
    id: string,
    data: Prisma.PostUpdateManyMutationInput,
    options: ChangeOptions,
  ) {
    const { count } = await tx.post.updateMany({
      where: { id, status: 'DRAFT', ...(options.ifStateVersion !== undefined && { stateVersion: options.ifStateVersion }) },
      data: { ...data, stateVersion: { increment: 1 } },
    });
    if (count === 1) return;
    const now = await tx.post.findUnique({ where: { id }, select: { status: true, stateVersion: true } });
    if (now?.status === 'DRAFT') throw problems.preconditionFailed(now.stateVersion);
    throw problems.conflict('post-not-draft', 'The draft was scheduled or deleted meanwhile: open it again to see it.');
  }

  async function editDraft(actor: Actor, id: string, edit: PostEdit, options: ChangeOptions) {
    await db.$transaction(async (tx) => {
      await nextDraftVersion(
        tx,
        id,
        {
          ...(edit.content !== undefined && { content: edit.content }),
          ...(edit.threadDelaySeconds !== undefined && { threadDelaySeconds: edit.threadDelaySeconds }),
          ...(edit.firstComment !== undefined && { firstComment: edit.firstComment }),
        },
        options,
      );
      if (edit.targets) {
        await tx.postTarget.deleteMany({ where: { postId: id } });
        await tx.postTarget.createMany({
          data: edit.targets.map((target) => ({
            postId: id,
            connectionId: target.connectionId,
            contentOverride: target.content ?? null,
            options: targetOptionsColumn(target.options),
          })),
        });
      }
      if (edit.mediaIds) {
        await tx.postMedia.deleteMany({ where: { postId: id } });
        await tx.postMedia.createMany({ data: edit.mediaIds.map((mediaId, position) => ({ postId: id, mediaId, position })) });
      }
      if (edit.thread) {
        await tx.postPart.deleteMany({ where: { postId: id } });
        for (const part of partsToCreate(edit.thread)) await tx.postPart.create({ data: { postId: id, ...part } });
      }
    });
    return view(await findPost(actor, id));
  }

  async function rescheduleDraft(id: string, publishAt: Date | null, timeZone: string | undefined, options: ChangeOptions) {
    return db.$transaction(async (tx) => {
      await nextDraftVersion(tx, id, { publishAt, ...(timeZone && { timeZone }) }, options);
      return view(await tx.post.findUniqueOrThrow({ where: { id }, select: POST_FIELDS }));
    });
  }

  /** 412 at once when the caller's version is not the draft's (the write checks it again). */
  function requireDraftVersion(draft: PostRow, { ifStateVersion }: ChangeOptions): void {
    if (ifStateVersion !== undefined && ifStateVersion !== draft.stateVersion) throw problems.preconditionFailed(draft.stateVersion);
  }

  // The scheduled path: the post's workflow owns it, and answers each change.

  /**
   * The post as the workflow's `state` left it, not as a later change may have made it
   * since: the row read now, with what that state wrote over it (view.ts rowAsWrittenBy).
   */
  async function viewAsWrittenBy(actor: Actor, id: string, state: PostState) {
    const row = await findPost(actor, id);
    const storedTargets = new Set(row.targets.map((target) => target.connectionId));
    const storedMedia = new Set([...row.media, ...row.parts.flatMap((part) => part.media)].map((link) => link.media.id));
    const missingTargets = state.targets.map((target) => target.connectionId).filter((connectionId) => !storedTargets.has(connectionId));
    // NOTE: a state from a worker from before media existed has no mediaIds; its post has none.
    const mediaIds = state.mediaIds ?? [];
    const missingMedia = [...mediaIds, ...(state.thread ?? []).flatMap((part) => part.mediaIds)].filter(
      (mediaId) => !storedMedia.has(mediaId),
    );
    const [connections, media] = await Promise.all([
      missingTargets.length === 0
        ? []
        : db.connection.findMany({
            where: { id: { in: missingTargets }, teamId: actor.teamId },
            select: { id: true, platform: true, handle: true, displayName: true },
          }),
      missingMedia.length === 0
        ? []
        : db.media.findMany({ where: { id: { in: missingMedia }, teamId: actor.teamId }, select: MEDIA_FIELDS }),
    ]);
    const written = rowAsWrittenBy(
      row,
      { ...state, mediaIds },
      {
        connections: new Map(connections.map(({ id: connectionId, ...connection }) => [connectionId, connection])),
        media: new Map(media.map((item) => [item.id, item])),
      },
    );
    return view(written, state);
  }

  /** 409 unless the post still takes changes; then `change` asks its workflow, and the answer is the post as that change left it. */
  async function changeScheduled(actor: Actor, id: string, change: () => Promise<PostState>) {
    const post = await findPost(actor, id);
    if (!acceptsChanges(post.status)) {
      throw problems.conflict(
        'post-not-changeable',
        `The post is ${post.status}; it can only be changed while SCHEDULED or PENDING_APPROVAL.`,
        {
          postStatus: post.status,
        },
      );
    }
    return viewAsWrittenBy(actor, id, await change());
  }

  async function editScheduled(actor: Actor, current: PostRow, edit: PostEdit, next: PostForRules, options: ChangeOptions) {
    // a post that can no longer change answers 409 below, not a rule it would break
    if (acceptsChanges(current.status)) await assertPlatformRules(actor, next);
    return changeScheduled(actor, current.id, () => workflows.edit(current.id, edit, options.ifStateVersion));
  }

  /** `timeZone`, when given, replaces the zone the post is shown in: it is not the workflow's business. */
  async function rescheduleScheduled(actor: Actor, id: string, publishAt: Date, timeZone: string | undefined, options: ChangeOptions) {
    const rescheduled = await changeScheduled(actor, id, () => workflows.reschedule(id, publishAt, options.ifStateVersion));
    if (!timeZone) return rescheduled;
    await db.post.update({ where: { id }, data: { timeZone } });
    return { ...rescheduled, timeZone };
  }

  /** Schedules a draft: from here on its workflow owns it, as for a post created scheduled. */
  async function scheduleDraft(actor: Actor, id: string, publishAt?: Date, timeZone?: string, options: ChangeOptions = {}) {
    const draft = await findDraft(actor, id);
    if (!draft) throw problems.conflict('post-not-draft', 'Only a draft can be scheduled; this post already is.');
    requireDraftVersion(draft, options);
    const when = publishAt ?? draft.publishAt;
    if (!when) throw problems.validation([{ field: 'body.publishAt', message: 'the draft has no time yet: send when to publish it' }]);
    if (draft.targets.length === 0) {
      throw problems.unprocessable(
        'draft-without-accounts',
        'The draft has no account to publish to: add one (PATCH connectionIds) before scheduling it.',
      );
    }
    const planned = PublishAtSchema.safeParse(when.toISOString());
    if (!planned.success) {
      throw problems.validation([
        { field: 'body.publishAt', message: `the draft's time ${when.toISOString()} has passed: send a new publishAt` },
      ]);
    }
    const overrides = overridesOf(draft);
    const stored = targetOptionsOf(targetsFromRow(draft));
    const targets = withOverrides(
      (
        await resolveTargets(
          actor,
          draft.targets.map((target) => target.connectionId),
        )
      ).map((target) => ({ ...target, ...(stored.has(target.connectionId) && { options: stored.get(target.connectionId)! }) })),
      overrides,
    );
    await assertPlatformRules(actor, {
      content: draft.content,
      connectionIds: targets.map((target) => target.connectionId),
      mediaIds: mediaIdsOf(draft),
      overrides,
      targetOptions: stored,
      thread: threadOf(draft),
      firstComment: draft.firstComment,
    });
    // a rejected draft's run writes its last state before it closes: a new run must not start beside it
    if (draft.hasWorkflowRun && (await workflows.runningAfterClosing(id)))
      throw problems.conflict('post-closing', 'The post is still going back to a draft: try again in a moment.');
    const submitted = await submission(
      actor,
      targets.map((target) => target.connectionId),
    );
    // the status flip is the lock: of two concurrent schedules (or a schedule and an edit), one wins
    const { count } = await db.post.updateMany({
      where: { id, status: 'DRAFT', ...(options.ifStateVersion !== undefined && { stateVersion: options.ifStateVersion }) },
      data: { ...submitted, hasWorkflowRun: true, publishAt: when, ...(timeZone && { timeZone }) },
    });
    if (count === 0) {
      const now = await db.post.findUnique({ where: { id }, select: { status: true, stateVersion: true } });
      if (now?.status === 'DRAFT') throw problems.preconditionFailed(now.stateVersion);
      throw problems.conflict('post-not-draft', 'Only a draft can be scheduled; this post already is.');
    }
    const post = await findPost(actor, id);
    let started: WorkflowStart;
    try {
      // a restored post's new run continues the versions its cancelled run wrote
      started = await workflows.start(post, { targets, stateVersion: post.stateVersion });
    } catch (error) {
      await db.post.update({ where: { id }, data: { status: 'DRAFT' } });
      throw error;
    }
    if (started === 'unanswered') deferredStarts.defer(id);
    await audit.record(actor, 'post.scheduled', {
      entityType: 'post',
      entityId: id,
      details: {
        publishAt: when.toISOString(),
        ...(submitted.status === 'PENDING_APPROVAL' && { pendingApproval: true }),
        ...(started === 'unanswered' && { startDeferred: true }),
      },
    });
    return { post: view({ ...post, stateVersion: firstWrittenStateVersion(post.stateVersion) }), startDeferred: started === 'unanswered' };
  }

  // Retrying with fixes: what changes, checked as scheduling checks it, before anything is written.

  function publishedPlatform(post: PostRow, connectionId: string): Platform {
    return post.targets.find((target) => target.connectionId === connectionId)!.connection.platform;
  }

  /** The post as a retry with `fixes` would publish it; 400/422 naming what a published account cannot lose. */
  async function fixedForRetry(actor: Actor, post: PostRow, fixes: RetryPostInput) {
    const published = post.targets.filter((target) => target.status === 'PUBLISHED');
    const publishedIds = new Set(published.map((target) => target.connectionId));
    const connectionIds = fixes.connectionIds ?? post.targets.map((target) => target.connectionId);
    const content = fixes.content ?? post.content;
    const mediaIds = fixes.media ? await deps.media.resolveForPost(actor, fixes.media) : mediaIdsOf(post);
    const errors: Array<{ field: string; message: string }> = [];
    const dropped = published.filter((target) => !connectionIds.includes(target.connectionId));
    if (dropped.length > 0) {
      errors.push({
        field: 'body.connectionIds',
        message: `${dropped.map((target) => target.connection.handle).join(', ')} already published this post, so it stays one of its accounts`,
      });
    }
    for (const field of ['overrides', 'targetOptions'] as const) {
      for (const { index, message } of overridesOutsideTargets(fixes[field] ?? [], connectionIds))
        errors.push({ field: `body.${field}.${index}.connectionId`, message });
    }
    if (published.length > 0 && mediaIds.join() !== mediaIdsOf(post).join()) {
      errors.push({
        field: 'body.media',
        message: 'Some accounts already published these media, so they cannot change: duplicate the post to publish other media',
      });
    }
    // sent per-account texts replace the set; published accounts keep the text they published
    const overrides = fixes.overrides ? overridesMap(fixes.overrides) : overridesOf(post);
    for (const target of published) {
      const publishedText = target.contentOverride ?? post.content;
      const sent = fixes.overrides ? overrides.get(target.connectionId) : undefined;
      if (sent !== undefined && sent !== publishedText) {
        errors.push({
          field: 'body.overrides',
          message: `${target.connection.handle} already published its text, so it cannot change`,
        });
      }
      if (publishedText !== content) overrides.set(target.connectionId, publishedText);
      else overrides.delete(target.connectionId);
    }
    if (errors.length > 0) throw problems.validation(errors);

    const retriedIds = connectionIds.filter((connectionId) => !publishedIds.has(connectionId));
    if (retriedIds.length === 0) {
      throw problems.validation([{ field: 'body.connectionIds', message: 'Every account left has published the post: nothing to retry' }]);
    }
    // a disconnected or expired account is named before anything runs; a published one is not asked again
    const retried = new Map((await resolveTargets(actor, retriedIds)).map((target) => [target.connectionId, target]));
    // the accounts keep their platform options unless the fixes send new ones
    const stored = targetOptionsOf(targetsFromRow(post));
    const withStoredOptions = connectionIds.map((connectionId): PostTargetInput => {
      const target = retried.get(connectionId) ?? { connectionId, platform: publishedPlatform(post, connectionId) };
      return stored.has(connectionId) ? { ...target, options: stored.get(connectionId)! } : target;
    });
    const targets = withOverrides(
      fixes.targetOptions ? withTargetOptions(withStoredOptions, fixes.targetOptions) : withStoredOptions,
      overrides,
    );
    const retriedTargets = new Set(retriedIds);
    await assertPlatformRules(actor, {
      content,
      connectionIds: retriedIds,
      mediaIds,
      overrides: new Map([...overrides].filter(([connectionId]) => retriedTargets.has(connectionId))),
      targetOptions: targetOptionsOf(targets),
      thread: threadOf(post),
      firstComment: post.firstComment,
    });
    const targetSet = (list: PostTargetInput[]) =>
      list
        .map((target) => JSON.stringify([target.connectionId, target.content ?? null, target.options ?? null]))
        .sort()
        .join();
    const changed =
      content !== post.content || mediaIds.join() !== mediaIdsOf(post).join() || targetSet(targets) !== targetSet(targetsFromRow(post));
    // A thread that failed at a later part has its first parts out: a new revision would post them again.
    const partlyOut = post.targets.filter((target) => target.status !== 'PUBLISHED' && target.platformPostId !== null);
    if (changed && partlyOut.length > 0) {
      throw problems.validation([
        {
          field: 'body',
          message: `${partlyOut.map((target) => target.connection.handle).join(', ')} already published the thread's first parts: retry without changes to go on from the part that failed, or duplicate the post`,
        },
      ]);
    }
    return { content, mediaIds, targets, retriedIds, changed };
  }

  /**
   * Writes a retry's fixes, as a new revision (a new text is a new post to the platforms, so a
   * new idempotency key). Only while the post is still failed: of two concurrent retries, one writes.
   */
  async function saveRetryFixes(post: PostRow, next: { content: string; mediaIds: string[]; targets: PostTargetInput[] }) {
    const kept = new Set(next.targets.map((target) => target.connectionId));
    const [{ count }] = await db.$transaction([
      db.post.updateMany({
        where: { id: post.id, status: post.status, revision: post.revision },
        data: { content: next.content, revision: post.revision + 1 },
      }),
      db.postTarget.deleteMany({ where: { postId: post.id, connectionId: { notIn: [...kept] }, status: { not: 'PUBLISHED' } } }),
      ...next.targets.map((target) =>
        db.postTarget.upsert({
          where: { postId_connectionId: { postId: post.id, connectionId: target.connectionId } },
          create: {
            postId: post.id,
            connectionId: target.connectionId,
            contentOverride: target.content ?? null,
            options: targetOptionsColumn(target.options),
            status: 'PENDING',
          },
          update: { contentOverride: target.content ?? null, options: targetOptionsColumn(target.options) },
        }),
      ),
      db.postMedia.deleteMany({ where: { postId: post.id } }),
      db.postMedia.createMany({ data: next.mediaIds.map((mediaId, position) => ({ postId: post.id, mediaId, position })) }),
    ]);
    if (count === 0) throw problems.conflict('post-retrying', 'The post was retried or changed meanwhile: reload it.');
  }

  return {
    /** With `placement`, a queued post: the queue chooses its time (input.publishAt is then absent). */
    async create(actor: Actor, input: CreatePostInput, idempotencyKey?: string, placement?: PostPlacement, origin?: PostOrigin) {
      const requestHash = idempotencyRequestHash(input);
      const keyed = { ...POST_FIELDS, idempotencyRequestHash: true } as const;
      if (idempotencyKey) {
        const existing = await db.post.findFirst({ where: { teamId: actor.teamId, idempotencyKey }, select: keyed });
        if (existing) return { post: view(replayable(existing, requestHash)), replayed: true, startDeferred: false };
      }
      // a draft may break platform rules while it is written; scheduling checks them
      // the accounts are read once: for their signatures, and for the checks
      const checked = readConnections(actor, input.connectionIds).then((connections) =>
        checkNewPost(actor, withSignatures(input, connections), { platformRules: !input.draft, connections }),
      );
      // the policy and the webhooks are read beside the checks: the targets are the accounts asked for, in their order
      const [{ targets, mediaIds, labelIds, thread }, submitted, webhooks] = await Promise.all([
        checked,
        input.draft ? { status: 'DRAFT' as const, approvalDeadlineMinutes: null } : submission(actor, input.connectionIds),
        input.draft ? [] : readTeamWebhooks(db, actor.teamId),
      ]);
      // the targets in the order the author chose them
      const startOptions: WorkflowStartOptions = { targets, rowWritten: true };
      const firstStateOf = (post: PostRow): PostState => ({
        ...scheduledState(workflowInputFromRow(post, { ...startOptions, publishLeadMs: deps.publishLeadMs })),
        stateVersion: post.stateVersion,
      });
      // a scheduled post's first state has its webhook deliveries written with its row, started after its workflow
      const deliveries = input.draft ? undefined : firstStateDeliveries(webhooks, submitted.status);
      const recordDeliveries =
        deliveries &&
        ((statements: SqlStatements, post: PostRow) => recordFirstStateDeliveries(statements, deliveries, firstStateOf(post)));
      const newPost: NewPost = {
        teamId: actor.teamId,
        authorId: actor.userId,
        content: input.content,
        publishAt: input.publishAt ?? null,
        timeZone: input.timeZone ?? null,
        ...submitted,
        hasWorkflowRun: !input.draft,
        // a scheduled post's row is its workflow's first state, which the run then need not save (PostWorkflowInput.rowWritten)
        stateVersion: input.draft ? 0 : firstWrittenStateVersion(0),
        idempotencyKey: idempotencyKey ?? null,
        idempotencyRequestHash: idempotencyKey ? requestHash : null,
        targets: targets.map((target) => ({
          connectionId: target.connectionId,
          contentOverride: target.content ?? null,
          options: target.options,
        })),
        mediaIds,
        thread,
        threadDelaySeconds: input.threadDelaySeconds ?? 0,
        firstComment: input.firstComment ?? null,
        labelIds,
        ...origin,
      };
      // the post's rows are one statement, atomic alone; its webhook deliveries need a transaction around both
      const insertOnPool = () =>
        recordDeliveries
          ? inPoolTransaction(db, (statements) => insertPost(statements, newPost, recordDeliveries))
          : insertPost(poolStatements(db.$pool), newPost);
      let post: PostRow;
      try {
        post = placement
          ? await placement((tx, slot) =>
              insertPost(
                prismaStatements(tx),
                { ...newPost, publishAt: slot.publishAt, timeZone: input.timeZone ?? slot.timeZone },
                recordDeliveries,
              ),
            )
          : await insertOnPool();
      } catch (error) {
        // A concurrent request with the same Idempotency-Key won the race: answer with its post.
        if (idempotencyKey && lostRace(error, 'P2002')) {
          const existing = await db.post.findFirst({ where: { teamId: actor.teamId, idempotencyKey }, select: keyed });
          if (existing) return { post: view(replayable(existing, requestHash)), replayed: true, startDeferred: false };
        }
        throw error;
      }

      if (input.draft) {
        await audit.record(actor, 'post.created', { entityType: 'post', entityId: post.id, details: { draft: true } });
        return { post: view(post), replayed: false, startDeferred: false };
      }
      let started: WorkflowStart;
      try {
        started = await workflows.start(post, startOptions);
      } catch (error) {
        // Not Temporal's slowness but a failure: without a workflow the post would never publish, so take the row back
        // (its unsent webhook deliveries go with it) and say so.
        await db.post.delete({ where: { id: post.id } });
        throw error;
      }
      if (started === 'unanswered') deferredStarts.defer(post.id, startOptions);
      const details = {
        ...(submitted.status === 'PENDING_APPROVAL' && { pendingApproval: true }),
        ...(started === 'unanswered' && { startDeferred: true }),
      };
      await Promise.all([
        announceFirstState(deps, firstStateOf(post), deliveries),
        audit.record(actor, 'post.created', {
          entityType: 'post',
          entityId: post.id,
          ...(Object.keys(details).length > 0 && { details }),
        }),
      ]);
      return {
        // the row holds the version of its workflow's first state, which changes are checked against from the start
        post: view(post),
        replayed: false,
        startDeferred: started === 'unanswered',
      };
    },

    async list(actor: Actor, query: ListPostsQuery) {
      const sort = query.sort ?? DEFAULT_POST_SORT;
      const rows = await findPostPage(
        db,
        {
          teamId: actor.teamId,
          status: query.status,
          from: query.from,
          to: query.to,
          text: query.q,
          connectionId: query.connectionId,
          labelId: query.labelId,
          sort,
          after: query.cursor ? decodePostPageCursor(query.cursor, sort) : undefined,
        },
        query.limit + 1,
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        data: page.map((post) => view(post)),
        nextCursor: rows.length > query.limit && last ? encodePostPageCursor({ sort, at: last[sortOrder(sort).field], id: last.id }) : null,
      };
    },

    /** The post as stored, with the workflow's live state when Temporal answers in time. */
    async get(actor: Actor, id: string) {
      const post = await findPost(actor, id);
      // a draft has no workflow to ask
      return view(post, post.status === 'DRAFT' ? null : await workflows.liveState(id));
    },

    /** The post's metrics per account it published to (./metrics.ts). */
    async metrics(actor: Actor, id: string) {
      const post = await findPost(actor, id);
      return postMetricsView(db, post.id, deps);
    },

    async edit(actor: Actor, id: string, input: EditPostInput, options: ChangeOptions = {}) {
      const resolved = input.connectionIds ? await resolveTargets(actor, input.connectionIds) : undefined;
      const current = await findPost(actor, id);
      const mediaIds = input.media ? await deps.media.resolveForPost(actor, input.media) : undefined;
      const thread = input.thread ? await resolveThread(actor, input.thread) : undefined;
      const connectionIds = input.connectionIds ?? current.targets.map((target) => target.connectionId);
      for (const field of ['overrides', 'targetOptions'] as const) {
        const outside = overridesOutsideTargets(input[field] ?? [], connectionIds);
        if (outside.length > 0)
          throw problems.validation(outside.map(({ index, message }) => ({ field: `body.${field}.${index}.connectionId`, message })));
      }
      // sent overrides and options replace the set; otherwise the accounts that stay keep theirs
      const overrides = input.overrides ? overridesMap(input.overrides) : overridesOf(current);
      const stored = targetOptionsOf(targetsFromRow(current));
      const kept = (resolved ?? targetsFromRow(current)).map(({ options: _options, ...target }) =>
        stored.has(target.connectionId) ? { ...target, options: stored.get(target.connectionId)! } : target,
      );
      const changesTargets = resolved || input.overrides || input.targetOptions;
      const targets = changesTargets
        ? withOverrides(input.targetOptions ? withTargetOptions(kept, input.targetOptions) : kept, overrides)
        : undefined;
      const next = {
        content: input.content ?? current.content,
        connectionIds,
        mediaIds: mediaIds ?? mediaIdsOf(current),
        overrides,
        targetOptions: targetOptionsOf(targets ?? kept),
        thread: thread ?? threadOf(current),
        firstComment: input.firstComment !== undefined ? input.firstComment : current.firstComment,
      };
      const edit: PostEdit = {
        ...(input.content !== undefined ? { content: input.content } : {}),
        ...(targets ? { targets } : {}),
        ...(mediaIds ? { mediaIds } : {}),
        ...(thread ? { thread } : {}),
        ...(input.threadDelaySeconds !== undefined ? { threadDelaySeconds: input.threadDelaySeconds } : {}),
        ...(input.firstComment !== undefined ? { firstComment: input.firstComment } : {}),
      };
      if (current.status !== 'DRAFT' && connectionIds.length === 0)
        throw problems.validation([{ field: 'body.connectionIds', message: NO_ACCOUNT_MESSAGE }]);
      if (current.status === 'DRAFT') requireDraftVersion(current, options);
      const edited =
        current.status === 'DRAFT' ? await editDraft(actor, id, edit, options) : await editScheduled(actor, current, edit, next, options);
      // an account the post no longer goes to no longer holds a slot for it
      if (targets) await db.queueBooking.deleteMany({ where: { postId: id, connectionId: { notIn: connectionIds } } });
      await audit.record(actor, 'post.edited', { entityType: 'post', entityId: id, details: { fields: Object.keys(input) } });
      return edited;
    },

    /** `timeZone`, when given, replaces the zone the post is shown in. Only a draft may lose its time (`null`). */
    async reschedule(actor: Actor, id: string, publishAt: Date | null, timeZone?: string, options: RescheduleOptions = {}) {
      const draft = await findDraft(actor, id);
      if (draft) requireDraftVersion(draft, options);
      if (!draft && !publishAt) {
        throw problems.validation([{ field: 'body.publishAt', message: 'Only a draft can be without a time: cancel the post instead' }]);
      }
      const reschedule = async () => {
        const rescheduled = draft
          ? await rescheduleDraft(id, publishAt, timeZone, options)
          : await rescheduleScheduled(actor, id, publishAt!, timeZone, options);
        await audit.record(actor, 'post.rescheduled', {
          entityType: 'post',
          entityId: id,
          details: { publishAt: publishAt?.toISOString() ?? null },
        });
        return rescheduled;
      };
      // the queue rewrites its own bookings; it only ever moves or drops a post's bookings, never adds one to a post
      const queues = options.byQueue ? [] : await db.queueBooking.findMany({ where: { postId: id }, select: { connectionId: true } });
      if (queues.length === 0) return reschedule();
      // A queued post given a time off its slot by hand leaves the queue. Under its queues'
      // locks, so that a queue change in flight cannot book it again at the slot it leaves.
      return withQueueLocks(
        db,
        queues.map((queue) => queue.connectionId),
        async (tx) => {
          const rescheduled = await reschedule();
          await tx.queueBooking.deleteMany({ where: { postId: id, ...(publishAt && { slotAt: { not: publishAt } }) } });
          return rescheduled;
        },
      );
    },

    async cancel(actor: Actor, id: string, options: ChangeOptions = {}) {
      if (await findDraft(actor, id)) throw problems.conflict('post-is-draft', 'A draft is not scheduled: delete it instead.');
      const cancelled = await changeScheduled(actor, id, () => workflows.cancel(id, options.ifStateVersion));
      await db.queueBooking.deleteMany({ where: { postId: id } });
      await audit.record(actor, 'post.cancelled', { entityType: 'post', entityId: id });
      return cancelled;
    },

    schedule: scheduleDraft,

    /**
     * Publishes the failed targets of a FAILED or PARTIALLY_PUBLISHED post again, now, in a
     * new run of its workflow, after the `fixes` (a new text, other accounts, other media).
     * Published targets are not published again (the publish activity answers them from
     * the recorded publication) and keep what they published: they stay among the accounts,
     * keep their text (pinned as their own when the post's text changes) and the post's media.
     */
    async retry(actor: Actor, id: string, fixes: RetryPostInput = {}) {
      const post = await findPost(actor, id);
      if (post.status !== 'FAILED' && post.status !== 'PARTIALLY_PUBLISHED') {
        throw problems.conflict(
          'post-not-retryable',
          `The post is ${post.status}; only FAILED or PARTIALLY_PUBLISHED posts can be retried.`,
          {
            postStatus: post.status,
          },
        );
      }
      const next = await fixedForRetry(actor, post, fixes);
      const { stateVersion } = await db.post.findUniqueOrThrow({ where: { id }, select: { stateVersion: true } });
      if (await workflows.runningAfterClosing(id)) throw problems.conflict('post-retrying', 'The post is already being retried.');
      if (next.changed) await saveRetryFixes(post, next);
      const retried = next.changed ? await findPost(actor, id) : post;
      const started = await workflows.start(retried, { publishAt: new Date(), stateVersion, targets: next.targets });
      if (started === 'unanswered') {
        throw problems.unavailable(
          'The scheduler did not answer in time: GET the post to see whether it is retrying, then try again if not.',
        );
      }
      await audit.record(actor, 'post.retried', {
        entityType: 'post',
        entityId: id,
        details: { connectionIds: next.retriedIds, ...(next.changed && { fixed: Object.keys(fixes) }) },
      });
      return view(retried);
    },

    /**
     * A new draft of the team with the post's content, per-account texts, media and labels,
     * for the accounts that are still connected and usable (perhaps none: a draft may be an
     * idea without accounts). It keeps the post's time, even a past one: a draft's time may
     * pass anyway, and scheduling then asks for a new one.
     */
    async duplicate(actor: Actor, id: string) {
      const source = await findPost(actor, id);
      const usable = await db.connection.findMany({
        where: { id: { in: source.targets.map((target) => target.connectionId) }, teamId: actor.teamId, status: 'ACTIVE' },
        select: { id: true },
      });
      const usableIds = new Set(usable.map((connection) => connection.id));
      const targets = source.targets.filter((target) => usableIds.has(target.connectionId));
      let post: PostRow;
      try {
        post = await db.post.create({
          data: {
            teamId: actor.teamId,
            authorId: actor.userId,
            content: source.content,
            publishAt: source.publishAt,
            timeZone: source.timeZone,
            status: 'DRAFT',
            targets: {
              create: targets.map((target) => ({
                connectionId: target.connectionId,
                contentOverride: target.contentOverride,
                options: targetOptionsColumn(asTargetOptions(target.options)),
              })),
            },
            media: { create: mediaIdsOf(source).map((mediaId, position) => ({ mediaId, position })) },
            parts: { create: partsToCreate(threadOf(source)) },
            threadDelaySeconds: source.threadDelaySeconds,
            firstComment: source.firstComment,
            labels: { create: source.labels.map((link) => ({ labelId: link.label.id })) },
          },
          select: POST_FIELDS,
        });
      } catch (error) {
        // an account or label of the post was removed after it was read: copying again reads what is left
        if (hasPrismaCode(error, 'P2003')) {
          throw problems.conflict(
            'post-changed',
            'An account or label of the post was removed while it was being copied: duplicate it again.',
          );
        }
        throw error;
      }
      await audit.record(actor, 'post.created', { entityType: 'post', entityId: post.id, details: { draft: true, duplicateOf: id } });
      return view(post);
    },

    /**
     * Takes a cancelled post back: as a draft, or, with `publishAt`, scheduled again (in a
     * new run of its workflow). Its accounts are checked as for scheduling before anything
     * changes, so a refused restore leaves the post cancelled.
     */
    async restore(actor: Actor, id: string, publishAt?: Date, timeZone?: string) {
      const post = await findPost(actor, id);
      if (post.status !== 'CANCELLED') {
        throw problems.conflict('post-not-cancelled', `The post is ${post.status}; only a CANCELLED post can be restored.`, {
          postStatus: post.status,
        });
      }
      if (publishAt) {
        const overrides = overridesOf(post);
        const connectionIds = post.targets.map((target) => target.connectionId);
        await resolveTargets(actor, connectionIds);
        await assertPlatformRules(actor, {
          content: post.content,
          connectionIds,
          mediaIds: mediaIdsOf(post),
          overrides,
          targetOptions: targetOptionsOf(targetsFromRow(post)),
          thread: threadOf(post),
          firstComment: post.firstComment,
        });
      }
      // the cancelled run writes its last state before it closes: a new run must not start beside it
      if (await workflows.runningAfterClosing(id))
        throw problems.conflict('post-closing', 'The post is still being cancelled: try again in a moment.');
      // the status flip is the lock: of two concurrent restores, one wins
      const [{ count }] = await db.$transaction([
        db.post.updateMany({ where: { id, status: 'CANCELLED' }, data: { status: 'DRAFT' } }),
        db.postTarget.updateMany({ where: { postId: id, post: { status: 'DRAFT' } }, data: { status: 'PENDING' } }),
      ]);
      if (count === 0) throw problems.conflict('post-not-cancelled', 'The post was restored or changed meanwhile.');
      await audit.record(actor, 'post.restored', {
        entityType: 'post',
        entityId: id,
        details: publishAt ? { publishAt: publishAt.toISOString() } : { draft: true },
      });
      return publishAt ? scheduleDraft(actor, id, publishAt, timeZone) : { post: view(await findPost(actor, id)), startDeferred: false };
    },

    /** Replaces the post's labels, in any state: they are planning metadata, not the workflow's business. */
    async setLabels(actor: Actor, id: string, labelIds: readonly string[]) {
      await findPost(actor, id);
      const resolved = await deps.labels.resolve(actor, labelIds, 'body.labelIds');
      try {
        await db.$transaction([
          db.postLabel.deleteMany({ where: { postId: id } }),
          db.postLabel.createMany({ data: resolved.map((labelId) => ({ postId: id, labelId })) }),
        ]);
      } catch (error) {
        if (!hasPrismaCode(error, 'P2003')) throw error;
        // the post, or one of the labels, was deleted after it was checked
        await findPost(actor, id);
        throw problems.conflict(
          'label-deleted',
          'A label was deleted while it was being put on the post: reload the labels and try again.',
        );
      }
      await audit.record(actor, 'post.labels_set', { entityType: 'post', entityId: id, details: { labelIds: resolved } });
      return view(await findPost(actor, id));
    },

    /** Deletes a draft. A scheduled post is cancelled instead, so its history stays. */
    async remove(actor: Actor, id: string) {
      if (!(await findDraft(actor, id)))
        throw problems.conflict('post-not-draft', 'Only drafts can be deleted; cancel a scheduled post instead.');
      const { count } = await db.post.deleteMany({ where: { id, teamId: actor.teamId, status: 'DRAFT' } });
      if (count === 0) throw problems.conflict('post-not-draft', 'Only drafts can be deleted; cancel a scheduled post instead.');
      await audit.record(actor, 'post.deleted', { entityType: 'post', entityId: id });
    },
  };
}
export type PostService = ReturnType<typeof createPostService>;
