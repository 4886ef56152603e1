// Each platform's documented limits on publishing, where the platform counts them: per
// account (or user, Page, member) and per app (planrrr's one registered app, or Google
// Cloud project). planrrr keeps within them with budgets shared by every worker
// (activities/publish-budgets.ts), so that a publish waits for its own account's budget
// rather than being refused with a 429. Figures read on the platforms' documentation pages
// named beside them (2026-12); an operator changes them with PUBLISH_RATE_LIMITS.
import type { Platform } from '../../domain/post';

export interface PublishLimit {
  /** whom the platform counts: one account, or every account of planrrr's app together */
  per: 'account' | 'app';
  /** at most this many publishes ... */
  count: number;
  /** ... in any window of this many seconds */
  windowSeconds: number;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Platforms absent here have no documented publishing limit that planrrr must count. */
export const DOCUMENTED_PUBLISH_LIMITS: Partial<Record<Platform, readonly PublishLimit[]>> = {
  // https://docs.joinmastodon.org/api/rate-limits/: 300 requests per 5 minutes per account
  // on its instance, for every authenticated endpoint (an instance may set others). The
  // page names no separate limit for creating statuses; a publish with media spends one
  // request per upload and per processing poll too, which the 429's reset covers.
  MASTODON: [{ per: 'account', count: 300, windowSeconds: 5 * MINUTE }],
  // https://docs.bsky.app/docs/advanced-guides/rate-limits: 5,000 points per hour and 35,000
  // per day per account (DID), a created record costing 3 points: 1,666 and 11,666 posts.
  BLUESKY: [
    { per: 'account', count: 1_666, windowSeconds: HOUR },
    { per: 'account', count: 11_666, windowSeconds: DAY },
  ],
  // https://docs.x.com/x-api/fundamentals/rate-limits, POST /2/tweets: 100 per 15 minutes
  // per user and 10,000 per 24 hours per app; and
  // https://docs.x.com/x-api/posts/manage-tweets/migrate/overview: 300 posts per 3 hours
  // per user, shared with reposts. Lower access tiers have lower limits (the developer
  // console shows an app's): set them with PUBLISH_RATE_LIMITS.
  X: [
    { per: 'account', count: 100, windowSeconds: 15 * MINUTE },
    { per: 'account', count: 300, windowSeconds: 3 * HOUR },
    { per: 'app', count: 10_000, windowSeconds: DAY },
  ],
  // https://developers.facebook.com/docs/graph-api/overview/rate-limiting/: Pages API calls
  // are counted per Page and 24 hours, 4,800 times the Page's engaged users: 4,800 for a
  // Page with one, the least a Page has.
  FACEBOOK: [{ per: 'account', count: 4_800, windowSeconds: DAY }],
  // https://developers.facebook.com/docs/instagram-platform/content-publishing/: 100
  // API-published posts per account in a moving 24-hour period (a carousel counts once).
  INSTAGRAM: [{ per: 'account', count: 100, windowSeconds: DAY }],
  // https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits: daily
  // limits per member and per application, reset at midnight UTC, shown only in the
  // developer portal; 150 posts a day per member is the figure integrators report.
  LINKEDIN: [{ per: 'account', count: 150, windowSeconds: DAY }],
  // https://developers.google.com/youtube/v3/determine_quota_cost: videos.insert has its own
  // quota bucket of 100 calls a day per Google Cloud project (planrrr's app).
  YOUTUBE: [{ per: 'app', count: 100, windowSeconds: DAY }],
  // https://developers.facebook.com/docs/threads/troubleshooting: 250 API-published posts per
  // profile in 24 hours.
  THREADS: [{ per: 'account', count: 250, windowSeconds: DAY }],
};

/** "MASTODON: 300 per 5 min per account" */
export function describeLimit(platform: Platform, limit: PublishLimit): string {
  const seconds = limit.windowSeconds;
  const window = seconds % HOUR === 0 ? `${seconds / HOUR} h` : seconds % MINUTE === 0 ? `${seconds / MINUTE} min` : `${seconds} s`;
  return `${platform}: ${limit.count.toLocaleString('en')} per ${window} per ${limit.per}`;
}
