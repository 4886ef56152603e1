// Publishing figures for operators, recorded through the Temporal SDK's metric meter so
// they leave the worker on the same Prometheus endpoint as the SDK's own metrics
// (worker/main.ts sets the lateness histogram's buckets).
import { Context } from '@temporalio/activity';
import { BREAKER_STATES, type BreakerState } from './circuit-breakers';

export const PUBLISH_LATENESS_METRIC = 'planrrr_publish_lateness_seconds';
/** From "on time" to "an hour late": the alert on p99 lateness reads these. */
export const PUBLISH_LATENESS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** `waited_for_budget`: the account's (or app's) budget was spent; the publish waits for its reserved time */
export type AttemptOutcome = 'published' | 'retryable_error' | 'permanent_error' | 'waited_for_budget';

/** Records one publishing attempt and, when the platform is known, its circuit breaker's state after it. */
export function recordPublishAttempt(
  platform: string,
  result: { outcome: AttemptOutcome; errorKind?: string; latenessMs?: number; breakerState?: BreakerState },
): void {
  const meter = Context.current().metricMeter;
  meter
    .createCounter('planrrr_publish_attempts', 'attempts', 'Publishing attempts by platform and outcome')
    .add(1, { platform, outcome: result.outcome, error_kind: result.errorKind ?? 'none' });
  if (result.latenessMs !== undefined) {
    // Negative lateness cannot happen (timers never fire early) but clock skew between
    // hosts could report it; it is counted as on time.
    meter
      .createHistogram(PUBLISH_LATENESS_METRIC, 'float', 's', 'Actual publish time minus scheduled time')
      .record(Math.max(0, result.latenessMs) / 1000, { platform });
  }
  if (result.breakerState !== undefined) {
    // 0 closed, 1 half-open, 2 open: a platform this worker has stopped calling for a while
    meter
      .createGauge('planrrr_circuit_breaker_state', 'int', '', 'Circuit breaker per platform: 0 closed, 1 half-open, 2 open')
      .set(BREAKER_STATES[result.breakerState], { platform });
  }
}
