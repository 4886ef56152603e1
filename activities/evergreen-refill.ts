// Refills an evergreen set's accounts: each empty slot of their queues within the set's
// horizon gets a copy of the post the rotation picks (domain/evergreen-rotation.ts),
// booked by the queue service as "Add to queue" books a post, under the account's lock.
// Safe to repeat: the database decides, since each copy is written with its booking in one
// transaction; a retried run finds those slots taken and fills only the ones still empty, and
// each choice is checked again under the account's lock, so two refills at once (an attempt
// that outlived its timeout and its retry) cannot break the gap either.
import { chooseEvergreenSource, type AccountPost, type EvergreenShare } from '../domain/evergreen-rotation';
import { roleAllows } from '../domain/permissions';
import { duplicateTextWindowDays } from '../domain/platform-rules';
import { asTargetOptions, hasTargetOptions, optionsKey } from '../domain/target-options';
import type { Actor } from '../api/auth/actor';
import { membershipRole } from '../api/auth/actor';
import { ProblemError, problems } from '../api/http/problem';
import type { TargetOptionsInput } from '../api/posts/schemas';
import type { QueueService } from '../api/queue/service';
import type { Db } from '../lib/db';
import type { Prisma } from '../prisma/generated/client';
import {
  EVERGREEN_SET_FIELDS,
  evergreenSources,
  SHARED_STATUSES,
  sourceTextFor,
  type EvergreenSetRow,
  type EvergreenSourceRow,
} from '../lib/evergreen-set';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often a set refills when nothing brings it sooner: slots enter its horizon as time passes. */
export const EVERGREEN_REFILL_EVERY_MS = 6 * 60 * 60 * 1000;
/** After the set's next copy publishes, its queue has moved on: refill then, a minute later. */
const AFTER_PUBLISH_MS = 60_000;
/** Refusals that concern the account, not the post: every other slot of it would be refused alike. */
const ACCOUNT_REFUSALS = new Set(['queue-paused', 'queue-empty', 'connection-needs-reconnect', 'unknown-connection', 'not-found']);

export interface EvergreenRefillReason {
  connectionId: string | null;
  /** the slot, when the reason is about one */
  at: string | null;
  /** `set-paused`, `no-author`, `queue-paused`, `queue-empty`, `no-candidate`, or the slug of the problem that refused a copy */
  reason: string;
  message: string;
}

export interface EvergreenRefillResult {
  /** SET_DELETED: the set is gone, and its workflow ends */
  outcome: 'REFILLED' | 'PAUSED' | 'SET_DELETED';
  created: Array<{ postId: string; connectionId: string; at: string; sourceId: string }>;
  /** slots within the horizon left empty: no post of the set could go there */
  emptySlotsLeft: number;
  reasons: EvergreenRefillReason[];
  /** ISO 8601: when the set refills next, unless something wakes it sooner */
  nextRefillAt: string;
  /** the set's name now, for its workflow's memo (absent once the set is deleted) */
  name?: string;
}

export interface EvergreenRefillDeps {
  db: Db;
  /** books the copies: the queue service of the API, so that both book alike */
  queue: Pick<QueueService, 'freeSlots' | 'addAt'>;
}

export function createEvergreenRefillActivities({ db, queue }: EvergreenRefillDeps) {
  /** The set's creator, acting through the set: their role in the team now, which must still write posts. */
  async function authorOf(set: EvergreenSetRow): Promise<Actor | undefined> {
    if (!set.createdById) return undefined;
    const role = await membershipRole(db, set.createdById, set.teamId);
    return role && roleAllows(role, 'posts:write') ? { userId: set.createdById, teamId: set.teamId, role, via: 'evergreen' } : undefined;
  }

  /** The account's posts around the horizon: the sources' shares, and every text it publishes (for duplicates). */
  async function historyOf(
    client: Db | Prisma.TransactionClient,
    set: EvergreenSetRow,
    connectionId: string,
    sourceIds: Set<string>,
    from: Date,
    to: Date,
  ) {
    const posts = await client.post.findMany({
      where: {
        teamId: set.teamId,
        status: { in: [...SHARED_STATUSES] },
        publishAt: { gte: from, lte: to },
        targets: { some: { connectionId } },
      },
      select: {
        id: true,
        content: true,
        publishAt: true,
        evergreenSourceId: true,
        targets: { where: { connectionId }, select: { contentOverride: true } },
      },
    });
    const shares: EvergreenShare[] = posts.flatMap((post) => {
      const sourceId = post.evergreenSourceId ?? post.id;
      return sourceIds.has(sourceId) ? [{ sourceId, at: post.publishAt! }] : [];
    });
    const texts: AccountPost[] = posts.map((post) => ({ text: post.targets[0]?.contentOverride ?? post.content, at: post.publishAt! }));
    return { shares, texts };
  }

  async function refillAccount(
    set: EvergreenSetRow,
    author: Actor,
    sources: EvergreenSourceRow[],
    connectionId: string,
    now: Date,
    result: EvergreenRefillResult,
  ) {
    const connection = await db.connection.findFirst({ where: { id: connectionId, teamId: set.teamId }, select: { platform: true } });
    const note = (reason: string, message: string, at: Date | null = null) =>
      result.reasons.push({ connectionId, at: at?.toISOString() ?? null, reason, message });
    if (!connection) return note('account-gone', 'the account is no longer connected');
    const until = new Date(now.getTime() + set.horizonDays * DAY_MS);
    const slots = await queue.freeSlots(author, connectionId, until);
    if (slots.paused) return note('queue-paused', "the account's queue is paused");
    if (slots.slots.length === 0) return note('queue-empty', "the account's queue has no time slots");
    const reach = Math.max(set.minGapDays, duplicateTextWindowDays(connection.platform, set.minGapDays)) * DAY_MS;
    const sourceIds = new Set(sources.map((source) => source.id));
    const around = (client: Db | Prisma.TransactionClient, from: Date, to: Date) =>
      historyOf(client, set, connectionId, sourceIds, new Date(from.getTime() - reach), new Date(to.getTime() + reach));
    let { shares, texts } = await around(db, now, until);
    const refused = new Set<string>();
    for (const [index, slotAt] of slots.free.entries()) {
      for (;;) {
        const usable = sources.filter((source) => !refused.has(source.id));
        const choice = chooseEvergreenSource({
          sources: usable.map((source) => ({ id: source.id, text: sourceTextFor(source, connectionId) })),
          shares,
          posts: texts,
          platform: connection.platform,
          slotAt,
          minGapDays: set.minGapDays,
        });
        if (choice.sourceId === null) {
          result.emptySlotsLeft += 1;
          note('no-candidate', choice.reason, slotAt);
          break;
        }
        const source = usable.find((each) => each.id === choice.sourceId)!;
        const text = sourceTextFor(source, connectionId);
        const sourceTarget = source.targets.find((target) => target.connectionId === connectionId);
        const override = sourceTarget?.contentOverride;
        const options = asTargetOptions(sourceTarget?.options);
        /** Under the account's lock: the choice still holds (another refill, or a user, may have booked meanwhile). */
        const stillChosen = async (tx: Prisma.TransactionClient) => {
          const fresh = await around(tx, slotAt, slotAt);
          const again = chooseEvergreenSource({
            sources: [{ id: source.id, text }],
            shares: fresh.shares,
            posts: fresh.texts,
            platform: connection.platform,
            slotAt,
            minGapDays: set.minGapDays,
          });
          if (again.sourceId === null)
            throw problems.conflict('evergreen-rotation-changed', `booked near the slot meanwhile: ${again.reason}`);
        };
        try {
          const { post } = await queue.addAt(
            author,
            {
              content: source.content,
              connectionIds: [connectionId],
              ...(override != null && { overrides: [{ connectionId, content: override }] }),
              media: source.media.map((link) => link.mediaId),
              // a thread is shared whole, with its first comment
              ...(source.parts.length > 0 && {
                thread: source.parts.map((part) => ({ content: part.content, media: part.media.map((link) => link.mediaId) })),
                threadDelaySeconds: source.threadDelaySeconds,
              }),
              ...(source.firstComment !== null && { firstComment: source.firstComment }),
              // the account's platform options (a Reddit post's subreddit and title) go with its text
              ...(options &&
                hasTargetOptions(connection.platform) && {
                  targetOptions: [{ connectionId, [optionsKey(connection.platform)]: options } as TargetOptionsInput[number]],
                }),
              labelIds: source.labels.map((link) => link.labelId),
              draft: false,
            },
            slotAt,
            { origin: { evergreenSetId: set.id, evergreenSourceId: source.id }, check: stillChosen },
          );
          result.created.push({ postId: post.id, connectionId, at: slotAt.toISOString(), sourceId: source.id });
          shares.push({ sourceId: source.id, at: slotAt });
          texts.push({ text, at: slotAt });
          break;
        } catch (error) {
          if (!(error instanceof ProblemError)) throw error;
          if (error.slug === 'evergreen-rotation-changed') {
            // choose again from the account's posts as they are now
            ({ shares, texts } = await around(db, now, until));
            continue;
          }
          note(error.slug, `post ${source.id}: ${error.detail ?? error.title}`, slotAt);
          if (error.slug === 'queue-slot-taken') break;
          if (ACCOUNT_REFUSALS.has(error.slug)) {
            result.emptySlotsLeft += slots.free.length - index;
            return;
          }
          // the post itself is refused here (a platform rule, media gone): the next in rotation is tried
          refused.add(source.id);
        }
      }
    }
  }

  return {
    async refillEvergreen(input: { setId: string }): Promise<EvergreenRefillResult> {
      const now = new Date();
      const result: EvergreenRefillResult = {
        outcome: 'REFILLED',
        created: [],
        emptySlotsLeft: 0,
        reasons: [],
        nextRefillAt: new Date(now.getTime() + EVERGREEN_REFILL_EVERY_MS).toISOString(),
      };
      const set = await db.evergreenSet.findUnique({ where: { id: input.setId }, select: EVERGREEN_SET_FIELDS });
      if (!set) return { ...result, outcome: 'SET_DELETED' };
      result.name = set.name;
      if (set.paused) {
        return {
          ...result,
          outcome: 'PAUSED',
          reasons: [{ connectionId: null, at: null, reason: 'set-paused', message: 'the set is paused' }],
        };
      }
      const author = await authorOf(set);
      if (!author) {
        result.reasons.push({
          connectionId: null,
          at: null,
          reason: 'no-author',
          message:
            'the user who created the set may no longer write posts in this team, and its posts are written as theirs: create the set again as yourself',
        });
        return result;
      }
      const sources = await evergreenSources(db, set);
      for (const connectionId of set.connectionIds) await refillAccount(set, author, sources, connectionId, now, result);
      const next = await db.post.findFirst({
        where: { evergreenSetId: set.id, status: 'SCHEDULED', publishAt: { gt: now } },
        select: { publishAt: true },
        orderBy: { publishAt: 'asc' },
      });
      if (next?.publishAt && next.publishAt.getTime() + AFTER_PUBLISH_MS < Date.parse(result.nextRefillAt)) {
        result.nextRefillAt = new Date(next.publishAt.getTime() + AFTER_PUBLISH_MS).toISOString();
      }
      return result;
    },
  };
}
