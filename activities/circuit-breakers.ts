// One circuit breaker per platform and worker process (opossum): when a platform keeps
// failing with outage-like errors, the next attempts fail fast and wait for Temporal's
// retry instead of hammering it, then a trial request closes the circuit again.
import CircuitBreaker from 'opossum';
import type { Platform } from '../domain/post';
import { PublishError } from '../lib/platforms/errors';
import type { PublishedPost, Publisher, PublishRequest } from './publishers/publisher';

export const BREAKER_STATES = { closed: 0, half_open: 1, open: 2 } as const;
export type BreakerState = keyof typeof BREAKER_STATES;

export interface BreakerOptions {
  /** how long the circuit stays open before a trial request */
  resetTimeoutMs: number;
  /** share of failed calls in the rolling window that opens it */
  errorThresholdPercentage: number;
  /** calls needed in the window before the share counts */
  volumeThreshold: number;
  rollingWindowMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  resetTimeoutMs: 30_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  rollingWindowMs: 60_000,
};

/** Only outages count: a rejected post, a revoked token or a rate limit says nothing about the platform's health. */
function isOutage(error: unknown): boolean {
  return error instanceof PublishError ? error.retryable && error.kind !== 'RATE_LIMITED' : true;
}

export class PlatformCircuitBreakers {
  private readonly breakers = new Map<Platform, CircuitBreaker<[PublishRequest], PublishedPost>>();

  constructor(private readonly options: BreakerOptions = DEFAULT_BREAKER_OPTIONS) {}

  private breakerFor(platform: Platform, publisher: Publisher): CircuitBreaker<[PublishRequest], PublishedPost> {
    let breaker = this.breakers.get(platform);
    if (!breaker) {
      breaker = new CircuitBreaker((request: PublishRequest) => publisher.publish(request), {
        name: platform,
        timeout: false, // each publisher bounds its own requests
        resetTimeout: this.options.resetTimeoutMs,
        errorThresholdPercentage: this.options.errorThresholdPercentage,
        volumeThreshold: this.options.volumeThreshold,
        rollingCountTimeout: this.options.rollingWindowMs,
        errorFilter: (error: unknown) => !isOutage(error),
      });
      this.breakers.set(platform, breaker);
    }
    return breaker;
  }

  async publish(platform: Platform, publisher: Publisher, request: PublishRequest): Promise<PublishedPost> {
    try {
      return await this.breakerFor(platform, publisher).fire(request);
    } catch (error) {
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        throw new PublishError(
          'PLATFORM_UNAVAILABLE',
          `${platform} has been failing; planrrr paused publishing to it for ${this.options.resetTimeoutMs / 1000} s (circuit open)`,
          this.options.resetTimeoutMs,
        );
      }
      throw error;
    }
  }

  state(platform: Platform): BreakerState {
    const breaker = this.breakers.get(platform);
    if (breaker?.opened) return 'open';
    if (breaker?.halfOpen) return 'half_open';
    return 'closed';
  }
}
