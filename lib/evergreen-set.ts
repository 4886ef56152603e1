// An evergreen set as stored (prisma EvergreenSet) and the posts it shares, read by the API
// (api/evergreen/service.ts) and by the refill activity (activities/evergreen-refill.ts).
import type { Db } from './db';
import type { Prisma } from '../prisma/generated/client';

export const EVERGREEN_SET_FIELDS = {
  id: true,
  teamId: true,
  name: true,
  connectionIds: true,
  labelId: true,
  sourcePostIds: true,
  minGapDays: true,
  horizonDays: true,
  paused: true,
  createdById: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.EvergreenSetSelect;

export type EvergreenSetRow = Prisma.EvergreenSetGetPayload<{ select: typeof EVERGREEN_SET_FIELDS }>;

/** Statuses of a post that is, or will be, on its accounts: what the rotation's gap and duplicate checks count. */
export const SHARED_STATUSES = ['SCHEDULED', 'PUBLISHING', 'PUBLISHED', 'PARTIALLY_PUBLISHED'] as const;

/**
 * Posts a set may share: the team's, not cancelled, and not themselves copies made by a set
 * (a copy carries its source's labels, and would otherwise join a label's rotation).
 */
export function shareablePosts(teamId: string): Prisma.PostWhereInput {
  return { teamId, status: { not: 'CANCELLED' }, evergreenSourceId: null };
}

const SOURCE_FIELDS = {
  id: true,
  content: true,
  createdAt: true,
  targets: { select: { connectionId: true, contentOverride: true, options: true } },
  media: { select: { mediaId: true }, orderBy: { position: 'asc' } },
  parts: {
    select: { content: true, media: { select: { mediaId: true }, orderBy: { position: 'asc' } } },
    orderBy: { position: 'asc' },
  },
  threadDelaySeconds: true,
  firstComment: true,
  labels: { select: { labelId: true } },
} as const satisfies Prisma.PostSelect;

export type EvergreenSourceRow = Prisma.PostGetPayload<{ select: typeof SOURCE_FIELDS }>;

/** The set's posts in rotation order: its list's order, or a label's posts oldest first. */
export async function evergreenSources(
  db: Db,
  set: Pick<EvergreenSetRow, 'teamId' | 'labelId' | 'sourcePostIds'>,
): Promise<EvergreenSourceRow[]> {
  if (set.labelId) {
    return db.post.findMany({
      where: { ...shareablePosts(set.teamId), labels: { some: { labelId: set.labelId } } },
      select: SOURCE_FIELDS,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }
  const rows = await db.post.findMany({ where: { ...shareablePosts(set.teamId), id: { in: set.sourcePostIds } }, select: SOURCE_FIELDS });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return set.sourcePostIds.flatMap((id) => byId.get(id) ?? []);
}

/** The text a source publishes on one account: its own override there, else its content. */
export function sourceTextFor(source: Pick<EvergreenSourceRow, 'content' | 'targets'>, connectionId: string): string {
  return source.targets.find((target) => target.connectionId === connectionId)?.contentOverride ?? source.content;
}
