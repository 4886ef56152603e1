// What audience analytics counts: which metrics are engagements, what an engagement rate is
// divided by on each platform, and the best times to post from a weekday x hour heatmap (or
// a stated fallback when the history is too short). Shared by the API, the pages and the
// composer's hints; docs/api.md says the same in words.
import type { Platform } from './post';
import { type MetricName } from './post-metrics';
import { PLATFORM_METRICS } from './platform-metrics';

/** Interactions with a post; X's bookmarks count as saves. Views are not engagements. */
export const ENGAGEMENT_METRICS = [
  'likes',
  'replies',
  'reposts',
  'quotes',
  'saves',
  'bookmarks',
  'clicks',
] as const satisfies readonly MetricName[];

/** What a post's engagements are divided by, in this order: the first the sample gives, else the account's followers that day. */
export const AUDIENCE_METRICS = ['impressions', 'reach', 'views'] as const satisfies readonly MetricName[];

export type RateBasis = (typeof AUDIENCE_METRICS)[number] | 'followers';

/** What a platform's engagement rate is divided by (a sample lacking it falls back to followers). */
export function rateBasis(platform: Platform): RateBasis {
  return AUDIENCE_METRICS.find((metric) => PLATFORM_METRICS[platform].includes(metric)) ?? 'followers';
}

/** Rankings besides a metric's own count: top posts and the heatmap use them. */
export const RANKING_METRICS = ['engagements', 'engagementRate'] as const;

/** Weekday 1 (Monday) to 7 (Sunday), ISO 8601, as PostgreSQL's isodow. */
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export interface BestTimeCell {
  weekday: number;
  hour: number;
  posts: number;
  meanEngagements: number;
  meanEngagementRate: number | null;
}

export interface BestTime {
  weekday: number;
  hour: number;
}

/** Fewer published posts with metrics than this, and the best times are the fallback below. */
export const MIN_HISTORY_POSTS = 10;
/** A cell with fewer posts than this is not suggested: one lucky post is not a pattern. */
export const MIN_CELL_POSTS = 2;
const SUGGESTIONS = 3;

/** Mid-week mornings, lunchtimes and early evenings: what schedulers suggest without a history of one's own. */
export const FALLBACK_BEST_TIMES: readonly BestTime[] = [
  { weekday: 2, hour: 9 },
  { weekday: 3, hour: 12 },
  { weekday: 4, hour: 17 },
];

export type BestTimes =
  | { basis: 'history'; suggestions: BestTime[]; fallbackReason: null }
  | { basis: 'fallback'; suggestions: BestTime[]; fallbackReason: string };

/** The cells with the most engagements per post, or the fallback (with why) when the history is too short. */
export function bestTimes(cells: readonly BestTimeCell[]): BestTimes {
  const posts = cells.reduce((sum, cell) => sum + cell.posts, 0);
  const ranked = cells
    .filter((cell) => cell.posts >= MIN_CELL_POSTS)
    .sort((a, b) => b.meanEngagements - a.meanEngagements || b.posts - a.posts || a.weekday - b.weekday || a.hour - b.hour)
    .slice(0, SUGGESTIONS)
    .map(({ weekday, hour }) => ({ weekday, hour }));
  if (posts < MIN_HISTORY_POSTS || ranked.length === 0) {
    return {
      basis: 'fallback',
      suggestions: [...FALLBACK_BEST_TIMES],
      fallbackReason: `Too little history: ${posts} published ${posts === 1 ? 'post' : 'posts'} with engagement counts, at least ${MIN_HISTORY_POSTS} needed (and ${MIN_CELL_POSTS} in one hour of the week). These are common times, not yours.`,
    };
  }
  return { basis: 'history', suggestions: ranked, fallbackReason: null };
}

/** "Tuesday 09:00" */
export function bestTimeLabel({ weekday, hour }: BestTime): string {
  return `${WEEKDAY_NAMES[weekday - 1]} ${String(hour).padStart(2, '0')}:00`;
}
