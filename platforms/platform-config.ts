// What a platform's folder says about configuration (platforms/<name>/config.ts): the
// environment variables only it reads and the pace of its publish task queue. lib/config.ts,
// the one config module, assembles them through platforms/configs.ts.
import type { z } from 'zod';

/** How fast and how many at once planrrr publishes to one platform, across every worker. */
export interface PublishPace {
  /** activities per second on the platform's task queue, enforced by the Temporal server */
  perSecond: number;
  /**
   * activities one worker runs at once for the platform, publishes started ahead that wait
   * for their time included (platform calls at once are bounded per host by PLATFORM_CONNECTIONS_PER_HOST)
   */
  concurrency: number;
}

export interface PlatformConfig<Variables extends z.ZodRawShape = z.ZodRawShape> {
  /**
   * its variables (API hosts and versions, its own OAuth app), each with a `.describe()`
   * that docs/configuration.md shows; every `z.url()` among them is a host the operator
   * chose (operatorPlatformOrigins). Variables shared with other platforms are in
   * platforms/shared-providers.config.ts.
   */
  variables: Variables;
  /** the default pace of its publish task queue (PUBLISH_RATE_LIMITS overrides it); its budgets come from the definition's `publishLimits` */
  publishPace: PublishPace;
}

export const definePlatformConfig = <Variables extends z.ZodRawShape>(config: PlatformConfig<Variables>) => config;

/**
 * A platform whose limits are per account (or daily per app) is paced by its budgets: the
 * task queue's rate and slots only protect planrrr itself, and are large, so that posts of
 * many accounts due in the same second go out together. A slot mostly holds a publish
 * started ahead that waits for its time (a timer); one that waits for its budget holds none.
 */
export const PACED_BY_BUDGETS: PublishPace = { perSecond: 1_000, concurrency: 1_000 };
