// The post lifecycle. The database row is written first (so a post is never only in
// Temporal), then the post's workflow is started; from then on the workflow owns status,
// content and publish time, and changes go to it as validated updates.
import { status as grpcStatus } from '@grpc/grpc-js';
import {
  isGrpcServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { checkPostForTargets } from '../../domain/platform-rules';
import { acceptsChanges, type PostState } from '../../domain/post';
import type { Db } from '../../lib/db';
import { Prisma } from '../../prisma/generated/client';
import { postWorkflowId } from '../../temporal-config';
import { postWorkflowStartOptions } from '../../temporal-config/post-workflow-start';
import {
  cancelUpdate,
  editUpdate,
  INVALID_CHANGE,
  POST_NOT_CHANGEABLE,
  rescheduleUpdate,
  statusQuery,
  type PostTargetInput,
  type PostWorkflowInput,
} from '../../workflows/post-messages';
import type { postWorkflow } from '../../workflows/post-workflow';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import type { MediaService } from '../media/service';
import { problems } from '../http/problem';
import { overridesOutsideTargets, PublishAtSchema, type CreatePostInput, type EditPostInput, type ListPostsQuery, type OverridesInput } from './schemas';
import { findPostPage } from './page-query';
import { idempotencyRequestHash, replayable } from './idempotency';
import { POST_FIELDS, toPostView, type PostRow } from './view';

export interface PostServiceDeps {
  db: Db;
  temporal: Client;
  audit: AuditLog;
  /** checks that attached media belong to the team */
  media: Pick<MediaService, 'resolveForPost'>;
  taskQueue: string;
  namespace: string;
  temporalUiUrl: string;
  /** how long a caller waits for the workflow to answer an update */
  updateTimeoutMs: number;
  /** config PUBLISH_LEAD_SECONDS, in milliseconds: carried in each workflow's input */
  publishLeadMs: number;
}

/** How long a read waits for the workflow's live status before answering without it. */
const QUERY_TIMEOUT_MS = 2_000;

interface Cursor {
  publishAt: string;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Cursor;
    if (typeof cursor.publishAt === 'string' && typeof cursor.id === 'string' && !Number.isNaN(Date.parse(cursor.publishAt))) return cursor;
  } catch {
    // fall through to the validation error
  }
  throw problems.validation([{ field: 'query.cursor', message: 'is not a cursor this API returned' }]);
}

function isTemporalUnavailable(error: unknown): boolean {
  return (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    (isGrpcServiceError(error) &&
      [grpcStatus.UNAVAILABLE, grpcStatus.DEADLINE_EXCEEDED, grpcStatus.CANCELLED].includes(error.code))
  );
}

export function createPostService(deps: PostServiceDeps) {
  const { db, temporal, audit } = deps;

  /**
   * 422 listing every rule a target platform would break, so the author can fix them all at
   * once. Each account is checked against the text it will publish: its override, else the content.
   */
  async function assertPlatformRules(
    actor: Actor,
    post: { content: string; connectionIds: readonly string[]; mediaIds: readonly string[]; overrides: ReadonlyMap<string, string> },
  ): Promise<void> {
    const [connections, media] = await Promise.all([
      db.connection.findMany({
        where: { id: { in: [...post.connectionIds] }, teamId: actor.teamId },
        select: { id: true, platform: true, handle: true, maxCharacters: true },
      }),
      db.media.findMany({ where: { id: { in: [...post.mediaIds] }, teamId: actor.teamId }, select: { id: true, kind: true, mimeType: true, sizeBytes: true } }),
    ]);
    const byId = new Map(connections.map((connection) => [connection.id, connection]));
    // in the order the author chose the accounts and arranged the media
    const targets = post.connectionIds.flatMap((id) => {
      const connection = byId.get(id);
      return connection ? [{ connectionId: id, platform: connection.platform, maxCharacters: connection.maxCharacters, content: post.overrides.get(id) }] : [];
    });
    const mediaById = new Map(media.map((item) => [item.id, item]));
    const ruleMedia = post.mediaIds.flatMap((mediaId) => {
      const item = mediaById.get(mediaId);
      return item ? [{ kind: item.kind === 'IMAGE' ? ('image' as const) : ('video' as const), mimeType: item.mimeType, sizeBytes: item.sizeBytes }] : [];
    });
    const violations = checkPostForTargets({ content: post.content, media: ruleMedia }, targets).map((violation) => ({
      ...violation,
      handle: byId.get(violation.connectionId!)!.handle,
    }));
    if (violations.length === 0) return;
    throw problems.unprocessable(
      'platform-rules',
      violations.map((violation) => `${violation.platform} (${violation.rule}) for ${violation.handle}: ${violation.message}`).join('; '),
      { violations },
    );
  }

  function mediaIdsOf(post: PostRow): string[] {
    return post.media.map((link) => link.media.id);
  }

  async function findPost(actor: Actor, id: string): Promise<PostRow> {
    const post = await db.post.findFirst({ where: { id, teamId: actor.teamId }, select: POST_FIELDS });
    if (!post) throw problems.notFound('Post', id);
    return post;
  }

  /** The team's active connections among `ids`, in order; 422 naming the ones that are not. */
  async function resolveTargets(actor: Actor, ids: string[]): Promise<PostTargetInput[]> {
    const connections = await db.connection.findMany({
      where: { id: { in: ids }, teamId: actor.teamId },
      select: { id: true, platform: true, status: true },
    });
    const byId = new Map(connections.map((connection) => [connection.id, connection]));
    const unknown = ids.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      throw problems.unprocessable('unknown-connection', `No connected account with id ${unknown.join(', ')} in this team.`, { connectionIds: unknown });
    }
    const inactive = connections.filter((connection) => connection.status !== 'ACTIVE');
    if (inactive.length > 0) {
      throw problems.unprocessable('connection-needs-reconnect', `Reconnect ${inactive.map((c) => c.id).join(', ')} before scheduling to it.`);
    }
    return ids.map((id) => ({ connectionId: id, platform: byId.get(id)!.platform }));
  }

  /**
   * Starts the post's workflow. Answers 503 when Temporal is unreachable; a workflow the
   * reconciler already started counts as started.
   */
  async function startWorkflow(post: PostRow, targets: PostTargetInput[], overrides: Partial<PostWorkflowInput> = {}): Promise<void> {
    const workflowInput: PostWorkflowInput = {
      postId: post.id,
      teamId: post.teamId,
      publishAt: post.publishAt.toISOString(),
      content: post.content,
      revision: post.revision,
      targets,
      mediaIds: mediaIdsOf(post),
      publishLeadMs: deps.publishLeadMs,
      ...overrides,
    };
    try {
      await temporal.workflow.start<typeof postWorkflow>('postWorkflow', postWorkflowStartOptions(workflowInput, deps.taskQueue));
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      if (isTemporalUnavailable(error)) {
        throw problems.unavailable('The scheduler is unreachable; nothing was scheduled. Try again shortly.');
      }
      throw error;
    }
  }

  function targetsOf(post: PostRow): PostTargetInput[] {
    return withOverrides(
      post.targets.map((target) => ({ connectionId: target.connectionId, platform: target.connection.platform })),
      overridesOf(post),
    );
  }

  /** The post's per-account texts by connection id. */
  function overridesOf(post: PostRow): Map<string, string> {
    return new Map(post.targets.flatMap((target) => (target.contentOverride === null ? [] : [[target.connectionId, target.contentOverride] as const])));
  }

  function overridesMap(overrides: OverridesInput | undefined): Map<string, string> {
    return new Map((overrides ?? []).map((override) => [override.connectionId, override.content]));
  }

  /** The targets, each with its override from `overrides` (and no other). */
  function withOverrides(targets: PostTargetInput[], overrides: ReadonlyMap<string, string>): PostTargetInput[] {
    return targets.map(({ connectionId, platform }) => {
      const content = overrides.get(connectionId);
      return { connectionId, platform, ...(content !== undefined ? { content } : {}) };
    });
  }

  async function findDraft(actor: Actor, id: string): Promise<PostRow | undefined> {
    const post = await findPost(actor, id);
    return post.status === 'DRAFT' ? post : undefined;
  }

  function view(post: PostRow, workflow?: PostState | null) {
    return toPostView(post, { workflow, temporalUiUrl: deps.temporalUiUrl, namespace: deps.namespace });
  }

  /** Sends an update to the post's workflow and maps its refusals to problems. */
  async function updateWorkflow(actor: Actor, id: string, send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<PostState>) {
    const post = await findPost(actor, id);
    if (!acceptsChanges(post.status)) {
      throw problems.conflict('post-not-changeable', `The post is ${post.status}; it can only be changed while SCHEDULED.`, { postStatus: post.status });
    }
    const handle = temporal.workflow.getHandle(postWorkflowId(id));
    let state: PostState;
    try {
      state = await temporal.withDeadline(Date.now() + deps.updateTimeoutMs, () => send(handle));
    } catch (error) {
      const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type === POST_NOT_CHANGEABLE) {
        throw problems.conflict('post-not-changeable', cause.message);
      }
      if (cause instanceof ApplicationFailure && cause.type === INVALID_CHANGE) throw problems.unprocessable('invalid-change', cause.message);
      if (error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === grpcStatus.NOT_FOUND)) {
        throw problems.conflict('post-not-changeable', 'The post has already been published or cancelled.');
      }
      if (isTemporalUnavailable(error)) {
        throw problems.unavailable('The scheduler did not answer in time; nothing was changed. Try again shortly.');
      }
      throw error;
    }
    return view(await findPost(actor, id), state);
  }

  return {
    async create(actor: Actor, input: CreatePostInput, idempotencyKey?: string) {
      const requestHash = idempotencyRequestHash(input);
      const keyed = { ...POST_FIELDS, idempotencyRequestHash: true } as const;
      if (idempotencyKey) {
        const existing = await db.post.findFirst({ where: { teamId: actor.teamId, idempotencyKey }, select: keyed });
        if (existing) return { post: view(replayable(existing, requestHash)), replayed: true };
      }
      const overrides = overridesMap(input.overrides);
      const targets = withOverrides(await resolveTargets(actor, input.connectionIds), overrides);
      const mediaIds = input.media ? await deps.media.resolveForPost(actor, input.media) : [];
      // a draft may break platform rules while it is written; scheduling checks them
      if (!input.draft) await assertPlatformRules(actor, { content: input.content, connectionIds: input.connectionIds, mediaIds, overrides });
      let post: PostRow;
      try {
        post = await db.post.create({
          data: {
            teamId: actor.teamId,
            authorId: actor.userId,
            content: input.content,
            publishAt: input.publishAt,
            timeZone: input.timeZone ?? null,
            status: input.draft ? 'DRAFT' : 'SCHEDULED',
            idempotencyKey: idempotencyKey ?? null,
            idempotencyRequestHash: idempotencyKey ? requestHash : null,
            targets: { create: targets.map((target) => ({ connectionId: target.connectionId, contentOverride: target.content ?? null })) },
            media: { create: mediaIds.map((mediaId, position) => ({ mediaId, position })) },
          },
          select: POST_FIELDS,
        });
      } catch (error) {
        // A concurrent request with the same Idempotency-Key won the race: answer with its post.
        if (idempotencyKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          const existing = await db.post.findFirst({ where: { teamId: actor.teamId, idempotencyKey }, select: keyed });
          if (existing) return { post: view(replayable(existing, requestHash)), replayed: true };
        }
        throw error;
      }

      if (input.draft) {
        await audit.record(actor, 'post.created', { entityType: 'post', entityId: post.id, details: { draft: true } });
        return { post: view(post), replayed: false };
      }
      try {
        await startWorkflow(post, targets);
      } catch (error) {
        // Without a workflow the post would never publish: take the row back and say so.
        await db.post.delete({ where: { id: post.id } });
        throw error;
      }
      await audit.record(actor, 'post.created', { entityType: 'post', entityId: post.id });
      return { post: view(post), replayed: false };
    },

    async list(actor: Actor, query: ListPostsQuery) {
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await findPostPage(
        db,
        {
          teamId: actor.teamId,
          status: query.status,
          from: query.from,
          to: query.to,
          after: cursor && { publishAt: new Date(cursor.publishAt), id: cursor.id },
        },
        query.limit + 1,
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        data: page.map((post) => view(post)),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ publishAt: last.publishAt.toISOString(), id: last.id }) : null,
      };
    },

    /** The post as stored, with the workflow's live state when Temporal answers in time. */
    async get(actor: Actor, id: string) {
      const post = await findPost(actor, id);
      let workflow: PostState | null = null;
      try {
        workflow = await temporal.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
          temporal.workflow.getHandle(postWorkflowId(id)).query(statusQuery),
        );
      } catch {
        // The stored state is still a true answer; `workflow: null` says the live one is missing.
      }
      return view(post, workflow);
    },

    async edit(actor: Actor, id: string, input: EditPostInput) {
      const resolved = input.connectionIds ? await resolveTargets(actor, input.connectionIds) : undefined;
      const current = await findPost(actor, id);
      const mediaIds = input.media ? await deps.media.resolveForPost(actor, input.media) : undefined;
      const connectionIds = input.connectionIds ?? current.targets.map((target) => target.connectionId);
      if (input.overrides) {
        const outside = overridesOutsideTargets(input.overrides, connectionIds);
        if (outside.length > 0) throw problems.validation(outside.map(({ index, message }) => ({ field: `body.overrides.${index}.connectionId`, message })));
      }
      // sent overrides replace the set; otherwise the accounts that stay keep theirs
      const overrides = input.overrides ? overridesMap(input.overrides) : overridesOf(current);
      const targets = resolved || input.overrides ? withOverrides(resolved ?? targetsOf(current), overrides) : undefined;
      const next = {
        content: input.content ?? current.content,
        connectionIds,
        mediaIds: mediaIds ?? mediaIdsOf(current),
        overrides,
      };
      let edited;
      if (current.status === 'DRAFT') {
        // a draft may break platform rules while it is written; scheduling checks them
        await db.$transaction([
          db.post.update({ where: { id }, data: { ...(input.content !== undefined ? { content: input.content } : {}) } }),
          ...(targets
            ? [
                db.postTarget.deleteMany({ where: { postId: id } }),
                db.postTarget.createMany({
                  data: targets.map((target) => ({ postId: id, connectionId: target.connectionId, contentOverride: target.content ?? null })),
                }),
              ]
            : []),
          ...(mediaIds
            ? [
                db.postMedia.deleteMany({ where: { postId: id } }),
                db.postMedia.createMany({ data: mediaIds.map((mediaId, position) => ({ postId: id, mediaId, position })) }),
              ]
            : []),
        ]);
        edited = view(await findPost(actor, id));
      } else {
        // a post that can no longer change answers 409 below, not a rule it would break
        if (acceptsChanges(current.status)) await assertPlatformRules(actor, next);
        edited = await updateWorkflow(actor, id, (handle) =>
          handle.executeUpdate(editUpdate, {
            args: [{ ...(input.content !== undefined ? { content: input.content } : {}), ...(targets ? { targets } : {}), ...(mediaIds ? { mediaIds } : {}) }],
          }),
        );
      }
      await audit.record(actor, 'post.edited', { entityType: 'post', entityId: id, details: { fields: Object.keys(input) } });
      return edited;
    },

    /** `timeZone`, when given, replaces the zone the post is shown in (it is not the workflow's business). */
    async reschedule(actor: Actor, id: string, publishAt: Date, timeZone?: string) {
      const draft = await findDraft(actor, id);
      let rescheduled = draft
        ? view(await db.post.update({ where: { id }, data: { publishAt, ...(timeZone && { timeZone }) }, select: POST_FIELDS }))
        : await updateWorkflow(actor, id, (handle) => handle.executeUpdate(rescheduleUpdate, { args: [{ publishAt: publishAt.toISOString() }] }));
      if (!draft && timeZone) {
        await db.post.update({ where: { id }, data: { timeZone } });
        rescheduled = { ...rescheduled, timeZone };
      }
      await audit.record(actor, 'post.rescheduled', { entityType: 'post', entityId: id, details: { publishAt: publishAt.toISOString() } });
      return rescheduled;
    },

    async cancel(actor: Actor, id: string) {
      if (await findDraft(actor, id)) throw problems.conflict('post-is-draft', 'A draft is not scheduled: delete it instead.');
      const cancelled = await updateWorkflow(actor, id, (handle) => handle.executeUpdate(cancelUpdate));
      await audit.record(actor, 'post.cancelled', { entityType: 'post', entityId: id });
      return cancelled;
    },

    /** Schedules a draft: from here on its workflow owns it, as for a post created scheduled. */
    async schedule(actor: Actor, id: string, publishAt?: Date, timeZone?: string) {
      const draft = await findDraft(actor, id);
      if (!draft) throw problems.conflict('post-not-draft', 'Only a draft can be scheduled; this post already is.');
      const when = publishAt ?? draft.publishAt;
      const planned = PublishAtSchema.safeParse(when.toISOString());
      if (!planned.success) {
        throw problems.validation([{ field: 'body.publishAt', message: `the draft's time ${when.toISOString()} has passed: send a new publishAt` }]);
      }
      const overrides = overridesOf(draft);
      const targets = withOverrides(await resolveTargets(actor, draft.targets.map((target) => target.connectionId)), overrides);
      await assertPlatformRules(actor, { content: draft.content, connectionIds: targets.map((target) => target.connectionId), mediaIds: mediaIdsOf(draft), overrides });
      // the status flip is the lock: of two concurrent schedules, one wins
      const { count } = await db.post.updateMany({ where: { id, status: 'DRAFT' }, data: { status: 'SCHEDULED', publishAt: when, ...(timeZone && { timeZone }) } });
      if (count === 0) throw problems.conflict('post-not-draft', 'Only a draft can be scheduled; this post already is.');
      const post = await findPost(actor, id);
      try {
        await startWorkflow(post, targets);
      } catch (error) {
        await db.post.update({ where: { id }, data: { status: 'DRAFT' } });
        throw error;
      }
      await audit.record(actor, 'post.scheduled', { entityType: 'post', entityId: id, details: { publishAt: when.toISOString() } });
      return view(post);
    },

    /**
     * Retries the failed targets of a FAILED or PARTIALLY_PUBLISHED post now, in a new run
     * of its workflow. Published targets are not published again: the publish activity
     * answers them from the recorded publication.
     */
    async retry(actor: Actor, id: string) {
      const post = await findPost(actor, id);
      if (post.status !== 'FAILED' && post.status !== 'PARTIALLY_PUBLISHED') {
        throw problems.conflict('post-not-retryable', `The post is ${post.status}; only FAILED or PARTIALLY_PUBLISHED posts can be retried.`, {
          postStatus: post.status,
        });
      }
      const failed = post.targets.filter((target) => target.status === 'FAILED').map((target) => target.connectionId);
      await resolveTargets(actor, failed); // a disconnected or expired account is named before anything runs
      const { stateVersion } = await db.post.findUniqueOrThrow({ where: { id }, select: { stateVersion: true } });
      const handle = temporal.workflow.getHandle(postWorkflowId(id));
      const running = await handle
        .describe()
        .then((description) => description.status.name === 'RUNNING')
        .catch(() => false);
      if (running) throw problems.conflict('post-retrying', 'The post is already being retried.');
      await startWorkflow(post, targetsOf(post), { publishAt: new Date().toISOString(), stateVersion });
      await audit.record(actor, 'post.retried', { entityType: 'post', entityId: id, details: { connectionIds: failed } });
      return view(post);
    },

    /** Deletes a draft. A scheduled post is cancelled instead, so its history stays. */
    async remove(actor: Actor, id: string) {
      if (!(await findDraft(actor, id))) throw problems.conflict('post-not-draft', 'Only drafts can be deleted; cancel a scheduled post instead.');
      const { count } = await db.post.deleteMany({ where: { id, teamId: actor.teamId, status: 'DRAFT' } });
      if (count === 0) throw problems.conflict('post-not-draft', 'Only drafts can be deleted; cancel a scheduled post instead.');
      await audit.record(actor, 'post.deleted', { entityType: 'post', entityId: id });
    },
  };
}
