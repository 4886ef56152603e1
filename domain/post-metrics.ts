// The vocabulary of a published post's metrics: when the metrics workflow samples them, what
// a sample holds, and how collection ends. Shared by the workflow, activities and API.
// NOTE: imported by workflow code, so this file must stay deterministic and free of Node APIs.

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const DURATION_PATTERN = /^(\d+)(s|m|h|d)$/;

/** `90s`, `6h`, `3d` in milliseconds; undefined for anything else. */
export function durationMs(duration: string): number | undefined {
  const match = DURATION_PATTERN.exec(duration);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}

/** When a published post's metrics are sampled, after its publication (issue 17); config METRICS_SAMPLE_OFFSETS overrides. */
export const METRICS_SAMPLE_OFFSETS = ['1h', '6h', '24h', '3d', '7d', '30d'] as const;

export const METRICS_END_REASONS = ['completed', 'deleted-on-platform', 'disconnected'] as const;
export type MetricsEndReason = (typeof METRICS_END_REASONS)[number];

/** A metric the platform did not give, and why: never shown as a zero. (A type, not an interface: Prisma stores it as JSON.) */
export type MissingMetric = { metric: string; reason: string };

/** One reading: the counts the platform gave, and the metrics it did not. */
export interface PostMetricsReading {
  metrics: Record<string, number>;
  missing: MissingMetric[];
}

/**
 * The samples due, in order, for a post published at `publishedAt`, seen at `now`: offsets
 * already past are taken at once, and only the latest of them (a workflow started days late
 * takes one sample now, not five in the same second). Each has its index in `offsetsMs`.
 */
export function dueSamples(publishedAt: number, offsetsMs: readonly number[], now: number): Array<{ sampleIndex: number; at: number }> {
  const times = offsetsMs.map((offset, sampleIndex) => ({ sampleIndex, at: publishedAt + offset }));
  const past = times.filter((sample) => sample.at <= now);
  return [...past.slice(-1), ...times.filter((sample) => sample.at > now)];
}

/**
 * The metrics planrrr reads, named alike on every platform (docs/api.md maps each platform's
 * own names: a Facebook reaction or a Mastodon favourite is a like, a comment a reply, a
 * reblog or share a repost, a YouTube view a view).
 */
export const METRIC_NAMES = [
  'impressions',
  'reach',
  'views',
  'likes',
  'replies',
  'reposts',
  'quotes',
  'bookmarks',
  'saves',
  'clicks',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
