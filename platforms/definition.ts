// What planrrr's shared code knows of one platform, written once in the platform's own folder
// (platforms/<name>/index.ts) and listed in platforms/index.ts, from which the rules, the
// composer, the metrics, the budgets and the connections page read it.
// NOTE: client-safe: the web bundle imports every definition (workflow code does not: X's
// rules use twitter-text, which the workflow sandbox refuses). A platform's server code (its publisher, its HTTP calls) lives in files named
// `*.server.ts`, which React Router refuses to put in the browser bundle.
import type { z } from 'zod';
import type { PlatformRules } from '../domain/platform-rules';
import type { MetricName } from '../domain/post-metrics';
import type { TargetOptionField, TargetOptions } from '../domain/target-options';
import type { PublishLimit } from '../lib/platforms/publish-limits';
import type { TokenConnect } from './token-connect';

export interface PlatformDefinition {
  /** the value of the database's `Platform` enum (prisma/schema.prisma), e.g. `MASTODON` */
  id: string;
  /** the platform's name as users know it */
  name: string;
  /**
   * how an account is connected: through an OAuth app (its folder's oauth.ts, platforms/oauth-flows.server.ts), with a pasted
   * access token, app password, bot token or webhook URL (api/connections), or planrrr's demo feed
   */
  connectsWith: 'oauth' | 'token' | 'demo';
  /** a token platform's connect form (its folder's connect.ts), which the API's connect body and the connections page are built from */
  tokenConnect?: TokenConnect;
  /** the platform icon's text (web/components/account.tsx); decorative, the name stands beside it */
  monogram: string;
  /** its icon's background, a CSS colour (or gradient) of its brand */
  colour: string;
  /** the footer of the composer's preview card, as the platform shows a post's actions */
  previewActions: string;
  /** the composer's preview shows the picture or video before the text, as the platform does */
  previewMediaFirst?: true;
  /**
   * what the post page says instead of a link where a published post can have none (a private
   * Telegram channel), given the account's options; absent where a published post always has one
   */
  publishedWithoutLink?(options: TargetOptions | undefined): string;
  /** a post may be a thread: each later part is published as a reply to the part before it */
  threads: boolean;
  /** a post may have a first comment, published by the same account right after the post */
  comments: boolean;
  /**
   * the metrics the platform's documented API gives (domain/post-metrics.ts): one outside the
   * list is not applicable there; none, and planrrr does not sample the post's metrics at all
   */
  metrics: readonly MetricName[];
  /**
   * how many days apart two posts with the same text must be on one account for the platform
   * to take the second (domain/evergreen-rotation.ts); null where it documents no such refusal
   */
  duplicateTextWindowDays: number | null;
  /** the platform's documented publishing limits (lib/platforms/publish-limits.ts); absent where it documents none */
  publishLimits?: readonly PublishLimit[];
  /** what the platform accepts in one post: text length as it counts it, media, formats (domain/platform-rules.ts) */
  rules: PlatformRules;
  /** the per-account choices the text does not carry (a subreddit, a pin's board), where the platform takes any (domain/target-options.ts) */
  options?: {
    /** the API takes them under the platform's key (`reddit`), the rules check them, the publisher parses them */
    schema: z.ZodType<Record<string, unknown>>;
    /** what the composer shows under an account of the platform */
    fields: readonly TargetOptionField[];
    /** the media the options name beside the post's own (a YouTube thumbnail), by id */
    mediaIds?(options: TargetOptions | undefined): string[];
  };
}

/** A platform's definition, its literal values kept for the types derived from the registry (a `TokenPlatform`). */
export function definePlatform<const Definition extends PlatformDefinition>(definition: Definition): Definition {
  return definition;
}
