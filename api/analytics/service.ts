// What a team's publishing looks like over a range: posts by status, success by platform,
// posts per day, and how late posts went out. Computed from the rows the workflows keep
// current (a range holds at most MAX_RANGE_DAYS of one team's posts).
import { tz } from '@date-fns/tz';
import { eachDayOfInterval, format } from 'date-fns';
import { isDated, PLATFORMS, POST_STATUSES, type Platform, type PostStatus } from '../../domain/post';
import type { Db } from '../../lib/db';
import type { Prisma } from '../../prisma/generated/client';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import { analyticsRange, type AnalyticsQuery } from './schemas';

type StatusCounts = Record<PostStatus, number>;

function zeroCounts(): StatusCounts {
  return Object.fromEntries(POST_STATUSES.map((status) => [status, 0])) as StatusCounts;
}

/** Nearest-rank percentile of ascending `sorted`; null when empty. */
function percentile(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Which of a team's posts a summary counts, besides their publish time. */
export type AnalyticsFilter = Pick<AnalyticsQuery, 'connectionId' | 'labelId'>;

function postsMatching(actor: Actor, { connectionId, labelId }: AnalyticsFilter): Prisma.PostWhereInput {
  return {
    teamId: actor.teamId,
    ...(connectionId ? { targets: { some: { connectionId } } } : {}),
    ...(labelId ? { labels: { some: { labelId } } } : {}),
  };
}

/** 404 for a connection or label the filter names that is not the team's. */
export async function requireFilterInTeam(db: Db, actor: Actor, { connectionId, labelId }: AnalyticsFilter): Promise<void> {
  if (connectionId) {
    const connection = await db.connection.findFirst({ where: { id: connectionId, teamId: actor.teamId }, select: { id: true } });
    if (!connection) throw problems.notFound('Connection', connectionId);
  }
  if (labelId) {
    const label = await db.label.findFirst({ where: { id: labelId, teamId: actor.teamId }, select: { id: true } });
    if (!label) throw problems.notFound('Label', labelId);
  }
}

export function createAnalyticsService(deps: { db: Db }) {
  const { db } = deps;

  /**
   * The posts waiting to publish, whatever their time: what the dashboard's Upcoming list
   * shows. A range of past days would miss the ones due after it, so they are counted apart.
   */
  function upcomingScheduled(actor: Actor, filter: AnalyticsFilter = {}): Promise<number> {
    return db.post.count({ where: { ...postsMatching(actor, filter), status: 'SCHEDULED' } });
  }

  return {
    upcomingScheduled,

    async summary(actor: Actor, query: AnalyticsQuery) {
      const range = analyticsRange(query);
      if ('error' in range) throw problems.validation([{ field: 'query.from', message: range.error }]);
      const { connectionId, labelId, timeZone } = query;
      await requireFilterInTeam(db, actor, query);

      const filter = { connectionId, labelId };
      const [posts, scheduledUpcoming] = await Promise.all([
        db.post.findMany({
          where: { ...postsMatching(actor, filter), publishAt: { gte: range.from, lt: range.to } },
          select: {
            status: true,
            publishAt: true,
            targets: {
              ...(connectionId ? { where: { connectionId } } : {}),
              select: { status: true, publishedAt: true, connection: { select: { platform: true } } },
            },
          },
        }),
        upcomingScheduled(actor, filter),
      ]);

      const inZone = { in: tz(timeZone) };
      const dayKey = (date: Date) => format(date, 'yyyy-MM-dd', inZone);
      const perDay = new Map(
        eachDayOfInterval({ start: range.from, end: new Date(range.to.getTime() - 1) }, inZone).map((day) => [dayKey(day), zeroCounts()]),
      );
      const byStatus = zeroCounts();
      const byPlatform = new Map<Platform, { published: number; failed: number }>();
      const latenessSeconds: number[] = [];

      // the range filter leaves out drafts without a time
      for (const post of posts.filter(isDated)) {
        byStatus[post.status] += 1;
        const day = perDay.get(dayKey(post.publishAt));
        if (day) day[post.status] += 1;
        for (const target of post.targets) {
          const platform = byPlatform.get(target.connection.platform) ?? { published: 0, failed: 0 };
          byPlatform.set(target.connection.platform, platform);
          if (target.status === 'PUBLISHED') platform.published += 1;
          if (target.status === 'FAILED') platform.failed += 1;
          if (target.status === 'PUBLISHED' && target.publishedAt) {
            latenessSeconds.push((target.publishedAt.getTime() - post.publishAt.getTime()) / 1000);
          }
        }
      }
      latenessSeconds.sort((a, b) => a - b);

      return {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        timeZone,
        connectionId: connectionId ?? null,
        labelId: labelId ?? null,
        totalPosts: posts.length,
        scheduledUpcoming,
        byStatus,
        byPlatform: PLATFORMS.filter((platform) => byPlatform.has(platform)).map((platform) => {
          const { published, failed } = byPlatform.get(platform)!;
          return { platform, published, failed, successRate: published + failed > 0 ? published / (published + failed) : null };
        }),
        perDay: [...perDay].map(([date, counts]) => ({ date, counts })),
        lateness: {
          publications: latenessSeconds.length,
          p50Seconds: percentile(latenessSeconds, 0.5),
          p90Seconds: percentile(latenessSeconds, 0.9),
          maxSeconds: latenessSeconds.at(-1) ?? null,
        },
      };
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
