// What each platform's API gives of planrrr's metrics (its definition's `metrics`), and a
// reading from the counts a platform answered.
// NOTE: apart from domain/post-metrics.ts, which workflow code imports: this reads the
// platform registry, whose rules are no workflow code's business (twitter-text is not deterministic-safe).
import { platformTable } from '../platforms';
import type { Platform } from './post';
import { METRIC_NAMES, type MetricName, type MissingMetric, type PostMetricsReading } from './post-metrics';

/**
 * What each platform gives, by its documented API (its definition's `metrics`, docs/platforms.md):
 * a metric outside its list is not applicable there, and the UI says so; one inside it that a
 * reading lacks is listed as missing, with the reason.
 */
export const PLATFORM_METRICS = platformTable((definition) => definition.metrics);

/**
 * A reading from the counts a platform answered: each of the platform's metrics left
 * undefined, and each metric given a reason (one users may look for there), is listed as
 * missing, with the platform's reason for it when it has one.
 */
export function readingOf(
  platform: Platform,
  counts: Partial<Record<MetricName, number | undefined>>,
  reasons: Partial<Record<MetricName, string>>,
): PostMetricsReading {
  const metrics: Record<string, number> = {};
  const missing: MissingMetric[] = [];
  for (const metric of METRIC_NAMES) {
    const count = counts[metric];
    if (count !== undefined) metrics[metric] = count;
    else if (PLATFORM_METRICS[platform].includes(metric) || reasons[metric]) {
      missing.push({ metric, reason: reasons[metric] ?? 'The platform did not give it for this post' });
    }
  }
  return { metrics, missing };
}

/** Every metric of the platform missing for one reason: a platform planrrr does not read yet, or a refusal. */
export function nothingRead(platform: Platform, reason: string): PostMetricsReading {
  return { metrics: {}, missing: PLATFORM_METRICS[platform].map((metric) => ({ metric, reason })) };
}
