// Each account's posting queue: weekly slots in the account's own time zone, and the
// posts booked into them. The database is the arbiter of who gets a slot: every change to
// an account's queue runs in a transaction holding that account's advisory lock, and the
// unique (connectionId, slotAt) of QueueBooking backs it up. Moving a queued post is a
// reschedule of its workflow, through the post service, like any other.
import { randomInt } from 'node:crypto';
import { nextSlotInstants, sortSlots, type WeeklySchedule } from '../../domain/queue-slots';
import type { Db } from '../../lib/db';
import type { Prisma } from '../../prisma/generated/client';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { ProblemError, problems } from '../http/problem';
import type { CreatePostInput } from '../posts/schemas';
import type { PostOrigin, PostPlacement, PostService } from '../posts/service';
import { withQueueLocks, type Tx } from './queue-locks';
import { MAX_SLOTS_PER_WEEK, QueueSlotsSchema, type PutQueueInput } from './schemas';

/** A caller's own condition for booking a slot, checked under the account's lock (it throws to refuse). */
export type SlotCheck = (tx: Tx) => Promise<void>;

/** Slots sooner than this are not offered, nor their posts moved: a post needs time to be changed before it publishes. */
export const QUEUE_MARGIN_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** What GET …/upcoming shows without a limit. */
const UPCOMING_DAYS = 14;
/** How far ahead a slot free in every account of a "together" post is looked for. */
const SEARCH_DAYS = 366;
const EXCERPT_LENGTH = 80;

export interface QueueMove {
  postId: string;
  connectionId: string;
  from: Date;
  to: Date;
}

export interface QueueNotMoved {
  postId: string;
  connectionId: string;
  at: Date;
  reason: 'queued-in-several-accounts' | 'not-changeable' | 'no-slots';
  message: string;
}

export interface QueueChanges {
  moved: QueueMove[];
  notMoved: QueueNotMoved[];
}

interface Booking {
  postId: string;
  slotAt: Date;
  /** in how many accounts' queues the post is: one account's changes move only posts in its queue alone */
  accounts: number;
}

interface Queue extends WeeklySchedule {
  connectionId: string;
  paused: boolean;
}

function notMovedMessage(reason: QueueNotMoved['reason'], detail?: string): string {
  switch (reason) {
    case 'queued-in-several-accounts':
      return "queued in several accounts at once: one account's queue does not move it, so it keeps its time";
    case 'not-changeable':
      return `its workflow refused the move (${detail ?? 'no reason given'}): it keeps its time and leaves the queue`;
    case 'no-slots':
      return 'the queue has no slots left to move it to: it keeps its time and leaves the queue';
  }
}

export function createQueueService(deps: { db: Db; audit: AuditLog; posts: Pick<PostService, 'create' | 'reschedule'> }) {
  const { db, audit, posts } = deps;

  async function requireConnection(actor: Actor, connectionId: string) {
    const connection = await db.connection.findFirst({
      where: { id: connectionId, teamId: actor.teamId },
      select: { id: true, handle: true },
    });
    if (!connection) throw problems.notFound('Connection', connectionId);
    return connection;
  }

  async function actorTimeZone(actor: Actor): Promise<string> {
    const user = await db.user.findUnique({ where: { id: actor.userId }, select: { timeZone: true } });
    return user?.timeZone ?? 'UTC';
  }

  /** The account's queue as stored, or the one it has before it is set: no slots, in the actor's zone. */
  async function readQueue(client: Db | Tx, actor: Actor, connectionId: string): Promise<Queue> {
    const row = await client.queueSettings.findUnique({ where: { connectionId }, select: { timeZone: true, paused: true, slots: true } });
    if (!row) return { connectionId, timeZone: await actorTimeZone(actor), paused: false, slots: [] };
    return { connectionId, timeZone: row.timeZone, paused: row.paused, slots: QueueSlotsSchema.parse(row.slots) };
  }

  function settingsView(queue: Queue) {
    return { connectionId: queue.connectionId, timeZone: queue.timeZone, paused: queue.paused, slots: sortSlots(queue.slots) };
  }

  /** The account's bookings after `after`, soonest first. */
  async function bookingsAfter(tx: Tx, connectionId: string, after: Date): Promise<Booking[]> {
    const rows = await tx.queueBooking.findMany({
      where: { connectionId, slotAt: { gt: after } },
      select: { postId: true, slotAt: true, post: { select: { _count: { select: { queueBookings: true } } } } },
      orderBy: { slotAt: 'asc' },
    });
    return rows.map((row) => ({ postId: row.postId, slotAt: row.slotAt, accounts: row.post._count.queueBookings }));
  }

  /** 422 naming the first account whose queue cannot take a post. */
  function requireOpen(queue: Queue, handle: string): void {
    if (queue.paused)
      throw problems.unprocessable('queue-paused', `The queue of ${handle} is paused: resume it, or choose a time.`, {
        connectionId: queue.connectionId,
      });
    if (queue.slots.length === 0) {
      throw problems.unprocessable(
        'queue-empty',
        `The queue of ${handle} has no time slots: add some (PUT /connections/${queue.connectionId}/queue), or choose a time.`,
        {
          connectionId: queue.connectionId,
        },
      );
    }
  }

  /**
   * The first instant that is a slot of every queue and that `taken` allows, within a
   * year; 422 when there is none (queues whose slots never meet).
   */
  function firstCommonSlot(queues: Queue[], after: Date, taken: (at: number) => boolean, minimum: number): Date {
    const until = new Date(after.getTime() + SEARCH_DAYS * DAY_MS);
    for (let count = minimum + 8; ; count *= 2) {
      const [first, ...others] = queues.map((queue) => nextSlotInstants(queue, after, count, until));
      const otherSets = others.map((instants) => new Set(instants.map((instant) => instant.getTime())));
      const found = first!.find((instant) => otherSets.every((set) => set.has(instant.getTime())) && !taken(instant.getTime()));
      if (found) return found;
      if (queues.every((queue, index) => [first!, ...others][index]!.length < count)) {
        throw problems.unprocessable(
          'queue-no-common-slot',
          `The accounts' queues have no free slot in common within ${SEARCH_DAYS} days: queue the post to each account on its own (queueMode each).`,
          { connectionIds: queues.map((queue) => queue.connectionId) },
        );
      }
    }
  }

  /**
   * Moves queued posts of one account (`moves`, from → to), each a reschedule of its
   * workflow, then rewrites their bookings. A post whose workflow refuses (its publishing
   * started, it was cancelled meanwhile) keeps its time and leaves the queue: it is reported.
   */
  async function carryOut(tx: Tx, actor: Actor, connectionId: string, moves: QueueMove[]): Promise<QueueChanges> {
    const moved: QueueMove[] = [];
    const notMoved: QueueNotMoved[] = [];
    for (const move of moves.filter((candidate) => candidate.from.getTime() !== candidate.to.getTime())) {
      try {
        await posts.reschedule(actor, move.postId, move.to, undefined, { byQueue: true });
        moved.push(move);
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        notMoved.push({
          postId: move.postId,
          connectionId,
          at: move.from,
          reason: 'not-changeable',
          message: notMovedMessage('not-changeable', error.detail),
        });
      }
    }
    const touched = [...moved, ...notMoved].map((change) => change.postId);
    if (touched.length > 0) {
      await tx.queueBooking.deleteMany({ where: { connectionId, postId: { in: touched } } });
      await tx.queueBooking.createMany({ data: moved.map((move) => ({ connectionId, postId: move.postId, slotAt: move.to })) });
    }
    return { moved, notMoved };
  }

  /** The account's posts that move with its queue (queued in it alone), and those that keep their time. */
  function movableOf(connectionId: string, bookings: Booking[]) {
    const movable = bookings.filter((booking) => booking.accounts === 1);
    const fixed = bookings.filter((booking) => booking.accounts > 1);
    const kept: QueueNotMoved[] = fixed.map((booking) => ({
      postId: booking.postId,
      connectionId,
      at: booking.slotAt,
      reason: 'queued-in-several-accounts',
      message: notMovedMessage('queued-in-several-accounts'),
    }));
    return { movable, fixed, kept };
  }

  /**
   * "Share next": frees `slotAt` in the account's queue. The post booked there moves to
   * the next slot, and the one there to the one after, up to the first free slot; slots
   * held by posts queued in several accounts are stepped over (those keep their times).
   */
  async function pushBack(tx: Tx, actor: Actor, queue: Queue, slotAt: Date, after: Date): Promise<QueueChanges> {
    const bookings = await bookingsAfter(tx, queue.connectionId, after);
    const byTime = new Map(bookings.map((booking) => [booking.slotAt.getTime(), booking]));
    const slots = nextSlotInstants(queue, new Date(slotAt.getTime() - 1), bookings.length + 2);
    const moves: QueueMove[] = [];
    let carried = byTime.get(slotAt.getTime());
    for (const slot of slots.slice(1)) {
      if (!carried) break;
      const occupant = byTime.get(slot.getTime());
      if (occupant && occupant.accounts > 1) continue;
      moves.push({ postId: carried.postId, connectionId: queue.connectionId, from: carried.slotAt, to: slot });
      carried = occupant;
    }
    // from the last move back, so each post's new slot is free when it arrives
    return carryOut(tx, actor, queue.connectionId, moves.reverse());
  }

  /**
   * Books the post about to be written into the accounts' queues, at the slot `choose`
   * picks (one transaction, their locks held).
   */
  function booking(
    actor: Actor,
    connections: ReadonlyArray<{ id: string; handle: string }>,
    choose: (tx: Tx, queues: Queue[], after: Date) => Promise<Date>,
  ): PostPlacement {
    return (write) =>
      withQueueLocks(
        db,
        connections.map((connection) => connection.id),
        async (tx) => {
          const queues = await Promise.all(connections.map((connection) => readQueue(tx, actor, connection.id)));
          queues.forEach((queue, index) => requireOpen(queue, connections[index]!.handle));
          const slotAt = await choose(tx, queues, new Date(Date.now() + QUEUE_MARGIN_MS));
          const post = await write(tx, { publishAt: slotAt, timeZone: queues[0]!.timeZone });
          await tx.queueBooking.createMany({
            data: queues.map((queue) => ({ connectionId: queue.connectionId, slotAt, postId: post.id })),
          });
          return post;
        },
      );
  }

  /** "Add to queue": the first slot free in every account (`next`), or the very first one, pushing their queues back (`first`). */
  function placement(
    actor: Actor,
    connections: ReadonlyArray<{ id: string; handle: string }>,
    position: 'next' | 'first',
    changes: QueueChanges,
  ): PostPlacement {
    return booking(actor, connections, async (tx, queues, after) => {
      const bookings = await Promise.all(queues.map((queue) => bookingsAfter(tx, queue.connectionId, after)));
      const held = (accounts: (booking: Booking) => boolean) =>
        new Set(
          bookings
            .flat()
            .filter(accounts)
            .map((booking) => booking.slotAt.getTime()),
        );
      const taken = held(() => true);
      const fixed = held((booking) => booking.accounts > 1);
      const slotAt =
        position === 'next'
          ? firstCommonSlot(queues, after, (at) => taken.has(at), taken.size)
          : firstCommonSlot(queues, after, (at) => fixed.has(at), fixed.size);
      if (position === 'first') {
        for (const queue of queues) {
          const pushed = await pushBack(tx, actor, queue, slotAt, after);
          changes.moved.push(...pushed.moved);
          changes.notMoved.push(...pushed.notMoved);
        }
      }
      return slotAt;
    });
  }

  /** The account's free slots after `after`, up to `until`, soonest first. */
  async function freeSlotsOf(client: Db | Tx, queue: Queue, after: Date, until: Date): Promise<Date[]> {
    const days = Math.ceil((until.getTime() - after.getTime()) / DAY_MS) + 1;
    const instants = nextSlotInstants(queue, after, days * MAX_SLOTS_PER_WEEK, until);
    const booked = await client.queueBooking.findMany({
      where: { connectionId: queue.connectionId, slotAt: { gt: after, lte: until } },
      select: { slotAt: true },
    });
    const taken = new Set(booked.map((row) => row.slotAt.getTime()));
    return instants.filter((instant) => !taken.has(instant.getTime()));
  }

  /**
   * One account's slot at `slotAt`, if it is still free when the lock is held (409 if another
   * post took it meanwhile) and `check` (run under the lock) does not refuse it.
   */
  function placementAt(actor: Actor, connection: { id: string; handle: string }, slotAt: Date, check?: SlotCheck): PostPlacement {
    return booking(actor, [connection], async (tx, [queue], after) => {
      const free = await freeSlotsOf(tx, queue!, after, slotAt);
      if (free.at(-1)?.getTime() !== slotAt.getTime()) {
        throw problems.conflict('queue-slot-taken', `The slot at ${slotAt.toISOString()} of ${connection.handle} is no longer free.`);
      }
      await check?.(tx);
      return slotAt;
    });
  }

  /** The new order's moves: the posts take the slots they hold between them, in `order`. */
  function reorderMoves(connectionId: string, current: Booking[], order: readonly string[]): QueueMove[] {
    const byPost = new Map(current.map((booking) => [booking.postId, booking]));
    const instants = current.map((booking) => booking.slotAt);
    return order.map((postId, index) => ({ postId, connectionId, from: byPost.get(postId)!.slotAt, to: instants[index]! }));
  }

  async function reorder(
    actor: Actor,
    connectionId: string,
    order: (movable: Booking[]) => string[],
    action: 'queue.reordered' | 'queue.shuffled',
  ) {
    await requireConnection(actor, connectionId);
    const { changes, order: postIds } = await withQueueLocks(db, [connectionId], async (tx) => {
      const { movable, kept } = movableOf(connectionId, await bookingsAfter(tx, connectionId, new Date(Date.now() + QUEUE_MARGIN_MS)));
      const postIds = order(movable);
      const carried = await carryOut(tx, actor, connectionId, reorderMoves(connectionId, movable, postIds));
      return { changes: { moved: carried.moved, notMoved: [...kept, ...carried.notMoved] }, order: postIds };
    });
    await audit.record(actor, action, {
      entityType: 'connection',
      entityId: connectionId,
      details: { postIds, moved: changes.moved.map((move) => move.postId), notMoved: changes.notMoved.map((left) => left.postId) },
    });
    return changes;
  }

  return {
    async get(actor: Actor, connectionId: string) {
      await requireConnection(actor, connectionId);
      return settingsView(await readQueue(db, actor, connectionId));
    },

    /**
     * Replaces the account's slots (and zone, and paused), then moves its queued posts onto
     * the new slots in their order. Posts queued in several accounts keep their times.
     */
    async put(actor: Actor, connectionId: string, input: PutQueueInput) {
      await requireConnection(actor, connectionId);
      const { queue, changes } = await withQueueLocks(db, [connectionId], async (tx) => {
        const before = await readQueue(tx, actor, connectionId);
        const queue: Queue = {
          connectionId,
          timeZone: input.timeZone ?? before.timeZone,
          paused: input.paused ?? before.paused,
          slots: sortSlots(input.slots),
        };
        const fields = { timeZone: queue.timeZone, paused: queue.paused, slots: queue.slots as unknown as Prisma.InputJsonValue };
        await tx.queueSettings.upsert({ where: { connectionId }, create: { connectionId, ...fields }, update: fields });
        const after = new Date(Date.now() + QUEUE_MARGIN_MS);
        const { movable, fixed, kept } = movableOf(connectionId, await bookingsAfter(tx, connectionId, after));
        const fixedAt = new Set(fixed.map((booking) => booking.slotAt.getTime()));
        const free = nextSlotInstants(queue, after, movable.length + fixed.length).filter((instant) => !fixedAt.has(instant.getTime()));
        const moves = free.flatMap((to, index) => {
          const booking = movable[index];
          return booking ? [{ postId: booking.postId, connectionId, from: booking.slotAt, to }] : [];
        });
        const carried = await carryOut(tx, actor, connectionId, moves);
        // with no slots left, the posts cannot be placed: they keep their times and leave the queue
        const unplaced: QueueNotMoved[] = movable.slice(free.length).map((booking) => ({
          postId: booking.postId,
          connectionId,
          at: booking.slotAt,
          reason: 'no-slots',
          message: notMovedMessage('no-slots'),
        }));
        if (unplaced.length > 0)
          await tx.queueBooking.deleteMany({ where: { connectionId, postId: { in: unplaced.map((left) => left.postId) } } });
        return { queue, changes: { moved: carried.moved, notMoved: [...kept, ...carried.notMoved, ...unplaced] } };
      });
      await audit.record(actor, 'queue.updated', {
        entityType: 'connection',
        entityId: connectionId,
        details: { timeZone: queue.timeZone, paused: queue.paused, slots: queue.slots.length, moved: changes.moved.length },
      });
      return { ...settingsView(queue), ...changes };
    },

    /** The coming slot instants (`limit` of them, else those of the next 14 days), each with the post booked there, and queued posts off the slots. */
    async upcoming(actor: Actor, connectionId: string, limit?: number) {
      await requireConnection(actor, connectionId);
      const queue = await readQueue(db, actor, connectionId);
      const now = new Date();
      const horizon = new Date(now.getTime() + UPCOMING_DAYS * DAY_MS);
      const instants = limit ? nextSlotInstants(queue, now, limit) : nextSlotInstants(queue, now, 7 * 24 * 4 * UPCOMING_DAYS, horizon);
      const until = limit ? (instants.at(-1) ?? horizon) : horizon;
      const bookings = await db.queueBooking.findMany({
        where: { connectionId, slotAt: { gt: now, lte: until } },
        select: { slotAt: true, post: { select: { id: true, content: true, status: true, _count: { select: { queueBookings: true } } } } },
      });
      const booked = new Map(bookings.map((booking) => [booking.slotAt.getTime(), booking.post]));
      const slotTimes = new Set(instants.map((instant) => instant.getTime()));
      const times = [...new Set([...slotTimes, ...booked.keys()])].sort((a, b) => a - b);
      return {
        ...settingsView(queue),
        upcoming: times.map((time) => {
          const post = booked.get(time);
          return {
            at: new Date(time),
            onSchedule: slotTimes.has(time),
            post: post
              ? {
                  id: post.id,
                  status: post.status,
                  excerpt: post.content.length > EXCERPT_LENGTH ? `${post.content.slice(0, EXCERPT_LENGTH - 1)}…` : post.content,
                  queuedIn: post._count.queueBookings,
                }
              : null,
          };
        }),
      };
    },

    /**
     * Creates queued posts ("Add to queue"): together, one post at the first slot free in
     * every account; each, one post per account at its own slot. Every account's queue is
     * checked before anything is written.
     */
    async add(actor: Actor, input: CreatePostInput & { queue: 'next' | 'first' }, idempotencyKey?: string) {
      const connections = await db.connection.findMany({
        where: { id: { in: input.connectionIds }, teamId: actor.teamId },
        select: { id: true, handle: true },
      });
      const byId = new Map(connections.map((connection) => [connection.id, connection]));
      const unknown = input.connectionIds.filter((id) => !byId.has(id));
      if (unknown.length > 0) {
        throw problems.unprocessable('unknown-connection', `No connected account with id ${unknown.join(', ')} in this team.`, {
          connectionIds: unknown,
        });
      }
      const accounts = input.connectionIds.map((id) => byId.get(id)!);
      for (const account of accounts) requireOpen(await readQueue(db, actor, account.id), account.handle);
      const changes: QueueChanges = { moved: [], notMoved: [] };
      const requests =
        input.queueMode === 'each'
          ? accounts.map((account) => ({
              accounts: [account],
              input: {
                ...input,
                connectionIds: [account.id],
                overrides: input.overrides?.filter((override) => override.connectionId === account.id),
              },
              key: idempotencyKey && `${idempotencyKey}:${account.id}`,
            }))
          : [{ accounts, input, key: idempotencyKey }];
      const created = [];
      for (const request of requests) {
        const result = await posts.create(actor, request.input, request.key, placement(actor, request.accounts, input.queue, changes));
        if (!result.replayed) {
          await audit.record(actor, 'post.queued', {
            entityType: 'post',
            entityId: result.post.id,
            details: { connectionIds: request.input.connectionIds, queue: input.queue, publishAt: result.post.publishAt },
          });
        }
        created.push(result);
      }
      return {
        posts: created.map((result) => result.post),
        ...changes,
        replayed: created.every((result) => result.replayed),
        startDeferred: created.some((result) => result.startDeferred),
      };
    },

    /**
     * The account's queue and its free slots from now (after the queue's margin) up to
     * `until`, for filling them one by one with addAt (evergreen sets).
     */
    async freeSlots(actor: Actor, connectionId: string, until: Date) {
      await requireConnection(actor, connectionId);
      const queue = await readQueue(db, actor, connectionId);
      return { ...settingsView(queue), free: await freeSlotsOf(db, queue, new Date(Date.now() + QUEUE_MARGIN_MS), until) };
    },

    /**
     * Creates a post queued in one account at the free slot `slotAt`, booked as "Add to
     * queue" books it: 409 `queue-slot-taken` when another post took the slot meanwhile,
     * 422 when the queue is paused or has no slots. `check` runs under the account's lock,
     * so what it reads cannot change before the post is written; it refuses by throwing.
     */
    async addAt(
      actor: Actor,
      input: CreatePostInput & { connectionIds: [string] },
      slotAt: Date,
      options: { origin?: PostOrigin; check?: SlotCheck } = {},
    ) {
      const { origin, check } = options;
      const connection = await requireConnection(actor, input.connectionIds[0]);
      const { post, startDeferred } = await posts.create(actor, input, undefined, placementAt(actor, connection, slotAt, check), origin);
      await audit.record(actor, 'post.queued', {
        entityType: 'post',
        entityId: post.id,
        details: { connectionIds: input.connectionIds, slotAt: slotAt.toISOString(), ...origin },
      });
      return { post, startDeferred };
    },

    /** Puts the account's queued posts in `postIds`' order: they take the same slots between them. */
    reorder(actor: Actor, connectionId: string, postIds: readonly string[]) {
      return reorder(
        actor,
        connectionId,
        (movable) => {
          const queued = new Set(movable.map((booking) => booking.postId));
          const listed = new Set(postIds);
          const errors = [
            ...postIds.flatMap((id, index) =>
              queued.has(id)
                ? []
                : [{ field: `body.postIds.${index}`, message: `${id} is not in this account's queue alone (GET …/queue/upcoming)` }],
            ),
            ...movable
              .filter((booking) => !listed.has(booking.postId))
              .map((booking) => ({ field: 'body.postIds', message: `${booking.postId} is in the queue: list every queued post` })),
          ];
          if (errors.length > 0) throw problems.validation(errors);
          return [...postIds];
        },
        'queue.reordered',
      );
    },

    /** Puts the account's queued posts in a random order. */
    shuffle(actor: Actor, connectionId: string) {
      return reorder(
        actor,
        connectionId,
        (movable) => {
          const ids = movable.map((booking) => booking.postId);
          for (let index = ids.length - 1; index > 0; index--) {
            const other = randomInt(index + 1);
            [ids[index], ids[other]] = [ids[other]!, ids[index]!];
          }
          return ids;
        },
        'queue.shuffled',
      );
    },
  };
}
export type QueueService = ReturnType<typeof createQueueService>;
