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
import type { Actor } from '../auth/actor';
import type { MediaService } from '../media/service';
import { problems } from '../http/problem';
import type { CreatePostInput, EditPostInput, ListPostsQuery } from './schemas';
import { POST_FIELDS, toPostView, type PostRow } from './view';

export interface PostServiceDeps {
  db: Db;
  temporal: Client;
  /** checks that attached media belong to the team */
  media: Pick<MediaService, 'resolveForPost'>;
  taskQueue: string;
  namespace: string;
  temporalUiUrl: string;
  /** how long a caller waits for the workflow to answer an update */
  updateTimeoutMs: number;
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
  const { db, temporal } = deps;

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
      if (idempotencyKey) {
        const existing = await db.post.findFirst({ where: { teamId: actor.teamId, idempotencyKey }, select: POST_FIELDS });
        if (existing) return { post: view(existing), replayed: true };
      }
      const targets = await resolveTargets(actor, input.connectionIds);
      const mediaIds = input.media ? await deps.media.resolveForPost(actor, input.media) : [];
      let post: PostRow;
      try {
        post = await db.post.create({
          data: {
            teamId: actor.teamId,
            authorId: actor.userId,
            content: input.content,
            publishAt: input.publishAt,
            status: 'SCHEDULED',
            idempotencyKey: idempotencyKey ?? null,
            targets: { create: targets.map((target) => ({ connectionId: target.connectionId })) },
            media: { create: mediaIds.map((mediaId, position) => ({ mediaId, position })) },
          },
          select: POST_FIELDS,
        });
      } catch (error) {
        // A concurrent request with the same Idempotency-Key won the race: answer with its post.
        if (idempotencyKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          const existing = await db.post.findFirst({ where: { teamId: actor.teamId, idempotencyKey }, select: POST_FIELDS });
          if (existing) return { post: view(existing), replayed: true };
        }
        throw error;
      }

      const workflowInput: PostWorkflowInput = {
        postId: post.id,
        teamId: actor.teamId,
        publishAt: post.publishAt.toISOString(),
        content: post.content,
        revision: post.revision,
        targets,
        mediaIds,
      };
      try {
        await temporal.workflow.start<typeof postWorkflow>('postWorkflow', postWorkflowStartOptions(workflowInput, deps.taskQueue));
      } catch (error) {
        // The reconciler got there first (the start was slow): the post has its workflow.
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { post: view(post), replayed: false };
        // Without a workflow the post would never publish: take the row back and say so.
        await db.post.delete({ where: { id: post.id } });
        if (isTemporalUnavailable(error)) {
          throw problems.unavailable('The scheduler is unreachable; the post was not created. Try again shortly.');
        }
        throw error;
      }
      return { post: view(post), replayed: false };
    },

    async list(actor: Actor, query: ListPostsQuery) {
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await db.post.findMany({
        where: {
          teamId: actor.teamId,
          ...(query.status ? { status: query.status } : {}),
          publishAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) },
          ...(cursor
            ? {
                OR: [
                  { publishAt: { gt: new Date(cursor.publishAt) } },
                  { publishAt: new Date(cursor.publishAt), id: { gt: cursor.id } },
                ],
              }
            : {}),
        },
        select: POST_FIELDS,
        orderBy: [{ publishAt: 'asc' }, { id: 'asc' }],
        take: query.limit + 1,
      });
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
      const targets = input.connectionIds ? await resolveTargets(actor, input.connectionIds) : undefined;
      const mediaIds = input.media ? await deps.media.resolveForPost(actor, input.media) : undefined;
      return updateWorkflow(actor, id, (handle) =>
        handle.executeUpdate(editUpdate, {
          args: [{ ...(input.content !== undefined ? { content: input.content } : {}), ...(targets ? { targets } : {}), ...(mediaIds ? { mediaIds } : {}) }],
        }),
      );
    },

    reschedule(actor: Actor, id: string, publishAt: Date) {
      return updateWorkflow(actor, id, (handle) => handle.executeUpdate(rescheduleUpdate, { args: [{ publishAt: publishAt.toISOString() }] }));
    },

    cancel(actor: Actor, id: string) {
      return updateWorkflow(actor, id, (handle) => handle.executeUpdate(cancelUpdate));
    },
  };
}
