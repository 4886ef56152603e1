// Evergreen sets: the row is the truth, and one long-running workflow per set
// (workflows/evergreen-workflow.ts) refills its accounts' empty queue slots from it. A
// change to the set wakes the workflow (starting it again if it is not running); deleting
// the set ends it. The posts it created are posts of their own, and stay.
import { WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import type { z } from 'zod';
import type { EvergreenRefillResult } from '../../activities/evergreen-refill';
import type { Db } from '../../lib/db';
import { EVERGREEN_SET_FIELDS, evergreenSources, shareablePosts, SHARED_STATUSES, type EvergreenSetRow } from '../../lib/evergreen-set';
import { evergreenSignalWithStart } from '../../lib/temporal/evergreen-workflow-start';
import { evergreenWorkflowId } from '../../temporal-config';
import { refillUpdate, setDeletedSignal } from '../../workflows/evergreen-messages';
import type { evergreenWorkflow } from '../../workflows/evergreen-workflow';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { problems, type FieldError } from '../http/problem';
import { temporalSilent, withTemporalDeadline } from '../http/temporal-deadline';
import { parseAs } from '../http/validate';
import type { EvergreenSchema } from '../openapi/responses';
import { QueueSlotsSchema } from '../queue/schemas';
import { CreateEvergreenSchema, type EditEvergreenInput, type EvergreenInput } from './schemas';

export interface EvergreenServiceDeps {
  db: Db;
  temporal: Client;
  audit: AuditLog;
  taskQueue: string;
  namespace: string;
  temporalUiUrl: string;
  /** how long a caller waits for Temporal to answer */
  updateTimeoutMs: number;
}

type EvergreenView = z.infer<typeof EvergreenSchema>;
type SetFields = Omit<EvergreenInput, 'paused'>;

const EXCERPT_LENGTH = 80;
/** Shares shown per account: the latest ones. */
const RECENT_SHARES = 10;
/** Coming copies shown per set. */
const COMING_SHOWN = 200;

const excerpt = (text: string) => (text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text);

export function createEvergreenService(deps: EvergreenServiceDeps) {
  const { db, temporal, audit } = deps;

  function withTemporal<T>(call: () => Promise<T>): Promise<T> {
    return withTemporalDeadline(temporal, deps.updateTimeoutMs, call);
  }

  /** Starts the set's workflow if it is not running, and wakes it for a refill. */
  function wake(set: Pick<EvergreenSetRow, 'id' | 'teamId' | 'name'>) {
    return withTemporal(() =>
      temporal.workflow.signalWithStart<typeof evergreenWorkflow>('evergreenWorkflow', evergreenSignalWithStart(set, deps.taskQueue)),
    );
  }

  async function findSet(actor: Actor, id: string): Promise<EvergreenSetRow> {
    const set = await db.evergreenSet.findFirst({ where: { id, teamId: actor.teamId }, select: EVERGREEN_SET_FIELDS });
    if (!set) throw problems.notFound('Evergreen set', id);
    return set;
  }

  function unprocessable(slug: string, errors: FieldError[]) {
    return problems.unprocessable(slug, errors.map((error) => `${error.field}: ${error.message}`).join('; '), { errors });
  }

  /** 422 naming each account that is not the team's, or whose queue has no slots to fill. */
  async function checkAccounts(actor: Actor, connectionIds: readonly string[]) {
    const connections = await db.connection.findMany({
      where: { id: { in: [...connectionIds] }, teamId: actor.teamId },
      select: { id: true, handle: true, queueSettings: { select: { slots: true } } },
    });
    const byId = new Map(connections.map((connection) => [connection.id, connection]));
    const unknown = connectionIds.flatMap((id, index) =>
      byId.has(id) ? [] : [{ field: `body.connectionIds.${index}`, message: `no connected account with id ${id} in this team` }],
    );
    if (unknown.length > 0) throw unprocessable('unknown-connection', unknown);
    const slotless = connectionIds.flatMap((id, index) => {
      const connection = byId.get(id)!;
      const slots = connection.queueSettings ? QueueSlotsSchema.parse(connection.queueSettings.slots) : [];
      return slots.length > 0
        ? []
        : [
            {
              field: `body.connectionIds.${index}`,
              message: `the queue of ${connection.handle} has no time slots to fill: add some first (PUT /connections/${id}/queue)`,
            },
          ];
    });
    if (slotless.length > 0) throw unprocessable('queue-empty', slotless);
  }

  /** 422 naming the label or each post the set cannot share. */
  async function checkSources(actor: Actor, fields: Pick<SetFields, 'labelId' | 'postIds'>) {
    if (fields.labelId) {
      const label = await db.label.findFirst({ where: { id: fields.labelId, teamId: actor.teamId }, select: { name: true } });
      if (!label)
        throw unprocessable('unknown-label', [{ field: 'body.labelId', message: `no label with id ${fields.labelId} in this team` }]);
      const posts = await db.post.count({ where: { ...shareablePosts(actor.teamId), labels: { some: { labelId: fields.labelId } } } });
      if (posts === 0) {
        throw unprocessable('empty-source', [
          { field: 'body.labelId', message: `no post has the label ${label.name} yet: label the posts to share first` },
        ]);
      }
      return;
    }
    const postIds = fields.postIds ?? [];
    const found = await db.post.findMany({
      where: { id: { in: postIds }, teamId: actor.teamId },
      select: { id: true, status: true, evergreenSourceId: true },
    });
    const byId = new Map(found.map((post) => [post.id, post]));
    const refused = postIds.flatMap((id, index) => {
      const post = byId.get(id);
      const field = `body.postIds.${index}`;
      if (!post) return [{ field, message: `no post with id ${id} in this team` }];
      if (post.status === 'CANCELLED') return [{ field, message: `post ${id} is cancelled: restore it, or leave it out` }];
      if (post.evergreenSourceId)
        return [{ field, message: `post ${id} is a copy an evergreen set made: choose the post it copies (${post.evergreenSourceId})` }];
      return [];
    });
    if (refused.length > 0) throw unprocessable('unknown-post', refused);
  }

  async function check(actor: Actor, fields: SetFields) {
    await checkAccounts(actor, fields.connectionIds);
    await checkSources(actor, fields);
  }

  function rowFields(fields: SetFields) {
    return {
      name: fields.name,
      connectionIds: fields.connectionIds,
      labelId: fields.labelId ?? null,
      sourcePostIds: fields.labelId ? [] : (fields.postIds ?? []),
      minGapDays: fields.minGapDays,
      horizonDays: fields.horizonDays,
    };
  }

  function inputOf(set: EvergreenSetRow): SetFields {
    return {
      name: set.name,
      connectionIds: set.connectionIds,
      ...(set.labelId ? { labelId: set.labelId } : { postIds: set.sourcePostIds }),
      minGapDays: set.minGapDays,
      horizonDays: set.horizonDays,
    };
  }

  async function view(set: EvergreenSetRow): Promise<EvergreenView> {
    const now = new Date();
    const shareFields = {
      id: true,
      publishAt: true,
      status: true,
      evergreenSourceId: true,
      targets: { select: { connectionId: true } },
    } as const;
    const [sources, connections, coming, recent] = await Promise.all([
      evergreenSources(db, set),
      db.connection.findMany({
        where: { id: { in: set.connectionIds }, teamId: set.teamId },
        select: { id: true, handle: true, platform: true },
      }),
      db.post.findMany({
        where: { evergreenSetId: set.id, status: { in: ['SCHEDULED', 'PUBLISHING'] }, publishAt: { gt: now } },
        select: shareFields,
        orderBy: { publishAt: 'asc' },
        take: COMING_SHOWN,
      }),
      db.post.findMany({
        where: { evergreenSetId: set.id, status: { in: [...SHARED_STATUSES, 'FAILED'] }, publishAt: { lte: now } },
        select: shareFields,
        orderBy: { publishAt: 'desc' },
        take: RECENT_SHARES * set.connectionIds.length,
      }),
    ]);
    const byId = new Map(connections.map((connection) => [connection.id, connection]));
    const sharesOf = (posts: typeof coming, connectionId: string) =>
      posts
        .filter((post) => post.targets.some((target) => target.connectionId === connectionId))
        .map((post) => ({ postId: post.id, sourceId: post.evergreenSourceId, at: post.publishAt!.toISOString(), status: post.status }));
    const workflowId = evergreenWorkflowId(set.id);
    return {
      id: set.id,
      teamId: set.teamId,
      name: set.name,
      connectionIds: set.connectionIds,
      labelId: set.labelId,
      postIds: set.labelId ? null : set.sourcePostIds,
      minGapDays: set.minGapDays,
      horizonDays: set.horizonDays,
      paused: set.paused,
      createdById: set.createdById,
      sources: sources.map((source) => ({ id: source.id, excerpt: excerpt(source.content) })),
      accounts: set.connectionIds.flatMap((connectionId) => {
        const connection = byId.get(connectionId);
        return connection
          ? [
              {
                connectionId,
                handle: connection.handle,
                platform: connection.platform,
                coming: sharesOf(coming, connectionId),
                recent: sharesOf(recent, connectionId).slice(0, RECENT_SHARES),
              },
            ]
          : [];
      }),
      workflowId,
      temporalUiUrl: `${deps.temporalUiUrl}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(workflowId)}`,
      createdAt: set.createdAt.toISOString(),
      updatedAt: set.updatedAt.toISOString(),
    };
  }

  async function setPaused(actor: Actor, id: string, paused: boolean) {
    await findSet(actor, id);
    const set = await db.evergreenSet.update({ where: { id }, data: { paused }, select: EVERGREEN_SET_FIELDS });
    // a paused set's workflow finds it paused at its next refill; a resumed one refills now
    if (!paused) await wake(set);
    await audit.record(actor, paused ? 'evergreen.paused' : 'evergreen.resumed', { entityType: 'evergreen', entityId: id });
    return view(set);
  }

  return {
    async list(actor: Actor): Promise<EvergreenView[]> {
      const sets = await db.evergreenSet.findMany({
        where: { teamId: actor.teamId },
        select: EVERGREEN_SET_FIELDS,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      });
      return Promise.all(sets.map(view));
    },

    async get(actor: Actor, id: string): Promise<EvergreenView> {
      return view(await findSet(actor, id));
    },

    async create(actor: Actor, input: EvergreenInput): Promise<EvergreenView> {
      await check(actor, input);
      const set = await db.evergreenSet.create({
        data: { teamId: actor.teamId, createdById: actor.userId, paused: input.paused, ...rowFields(input) },
        select: EVERGREEN_SET_FIELDS,
      });
      try {
        await wake(set);
      } catch (error) {
        // without its workflow the set would never fill anything: take the row back and say so
        await db.evergreenSet.delete({ where: { id: set.id } });
        throw error;
      }
      await audit.record(actor, 'evergreen.created', { entityType: 'evergreen', entityId: set.id, details: { name: set.name } });
      return view(set);
    },

    /** Changes the set; the copies already booked stay. Its workflow refills at once with the new settings. */
    async edit(actor: Actor, id: string, edit: EditEvergreenInput): Promise<EvergreenView> {
      const current = await findSet(actor, id);
      const defined = Object.fromEntries(Object.entries(edit).filter(([, value]) => value !== undefined));
      // a new source of one kind replaces the other kind
      const { labelId, postIds, ...rest } = inputOf(current);
      const source = edit.labelId != null || edit.postIds != null ? {} : { labelId, postIds };
      const next = parseAs(CreateEvergreenSchema, { ...rest, ...source, ...defined }, 'body');
      await check(actor, next);
      const set = await db.evergreenSet.update({ where: { id }, data: rowFields(next), select: EVERGREEN_SET_FIELDS });
      await wake(set);
      await audit.record(actor, 'evergreen.edited', { entityType: 'evergreen', entityId: id, details: { fields: Object.keys(defined) } });
      return view(set);
    },

    pause(actor: Actor, id: string) {
      return setPaused(actor, id, true);
    },

    resume(actor: Actor, id: string) {
      return setPaused(actor, id, false);
    },

    /**
     * Refills now and answers what the refill did; `accepted` when the workflow did not
     * answer within the deadline (it refills all the same) or had to be started again.
     */
    async refill(actor: Actor, id: string): Promise<{ summary: EvergreenRefillResult } | { accepted: { workflowId: string } }> {
      const set = await findSet(actor, id);
      const workflowId = evergreenWorkflowId(id);
      try {
        const summary = await temporal.withDeadline(Date.now() + deps.updateTimeoutMs, () =>
          temporal.workflow.getHandle(workflowId).executeUpdate(refillUpdate),
        );
        await audit.record(actor, 'evergreen.refilled', {
          entityType: 'evergreen',
          entityId: id,
          details: { created: summary.created.length },
        });
        return { summary };
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) {
          await wake(set);
        } else if (!(error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || temporalSilent(error))) {
          throw error;
        }
        await audit.record(actor, 'evergreen.refilled', { entityType: 'evergreen', entityId: id, details: { accepted: true } });
        return { accepted: { workflowId } };
      }
    },

    /** Deletes the set and ends its workflow; the posts it created stay, as posts of their own. */
    async remove(actor: Actor, id: string): Promise<void> {
      const set = await findSet(actor, id);
      await db.evergreenSet.delete({ where: { id } });
      try {
        await temporal.withDeadline(Date.now() + deps.updateTimeoutMs, () =>
          temporal.workflow.getHandle(evergreenWorkflowId(id)).signal(setDeletedSignal),
        );
      } catch (error) {
        // Not running, or Temporal silent: the workflow ends at its next refill, which finds the set gone.
        if (!(error instanceof WorkflowNotFoundError || temporalSilent(error))) throw error;
      }
      await audit.record(actor, 'evergreen.deleted', { entityType: 'evergreen', entityId: id, details: { name: set.name } });
    },
  };
}
export type EvergreenService = ReturnType<typeof createEvergreenService>;
