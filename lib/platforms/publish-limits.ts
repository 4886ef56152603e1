// Each platform's documented limits on publishing, where the platform counts them: per
// account (or user, Page, member) and per app (planrrr's one registered app, or Google
// Cloud project). planrrr keeps within them with budgets shared by every worker
// (activities/publish-budgets.ts), so that a publish waits for its own account's budget
// rather than being refused with a 429. Each platform's figures are in its definition
// (platforms/<name>/index.ts), read on the documentation pages named beside them (2026-12);
// an operator changes them with PUBLISH_RATE_LIMITS.
import type { Platform } from '../../domain/post';
import { PLATFORM_DEFINITIONS } from '../../platforms';
import { HOUR, MINUTE } from '../../platforms/units';

export interface PublishLimit {
  /** whom the platform counts: one account, or every account of planrrr's app together */
  per: 'account' | 'app';
  /** at most this many publishes ... */
  count: number;
  /** ... in any window of this many seconds */
  windowSeconds: number;
}

/** Each platform's own, from its definition's `publishLimits`; platforms absent here have no documented publishing limit that planrrr must count. */
export const DOCUMENTED_PUBLISH_LIMITS: Partial<Record<Platform, readonly PublishLimit[]>> = Object.fromEntries(
  PLATFORM_DEFINITIONS.flatMap((definition) => ('publishLimits' in definition ? [[definition.id, definition.publishLimits]] : [])),
);

/** "MASTODON: 300 per 5 min per account" */
export function describeLimit(platform: Platform, limit: PublishLimit): string {
  const seconds = limit.windowSeconds;
  const window = seconds % HOUR === 0 ? `${seconds / HOUR} h` : seconds % MINUTE === 0 ? `${seconds / MINUTE} min` : `${seconds} s`;
  return `${platform}: ${limit.count.toLocaleString('en')} per ${window} per ${limit.per}`;
}
