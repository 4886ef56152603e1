// Each platform's configuration (platforms/<name>/config.ts), registered by its id: the
// variables lib/config.ts adds to the one config schema, and the pace of its publish task
// queue. The typecheck fails until a platform in PLATFORM_DEFINITIONS has its entry here.
// NOTE: server-side; the web bundle never needs a platform's configuration.
import { z } from 'zod';
import { blueskyConfig } from './bluesky/config';
import { demoConfig } from './demo/config';
import { discordConfig } from './discord/config';
import { facebookConfig } from './facebook/config';
import { googleBusinessConfig } from './google-business/config';
import type { PlatformId } from './index';
import { instagramConfig } from './instagram/config';
import { linkedinConfig } from './linkedin/config';
import { mastodonConfig } from './mastodon/config';
import { pinterestConfig } from './pinterest/config';
import type { PlatformConfig, PublishPace } from './platform-config';
import { redditConfig } from './reddit/config';
import { GOOGLE_OAUTH_VARIABLES, META_APP_VARIABLES } from './shared-providers.config';
import { slackConfig } from './slack/config';
import { telegramConfig } from './telegram/config';
import { threadsConfig } from './threads/config';
import { tiktokConfig } from './tiktok/config';
import { xConfig } from './x/config';
import { youtubeConfig } from './youtube/config';

const PLATFORM_CONFIGS = {
  DEMO: demoConfig,
  MASTODON: mastodonConfig,
  BLUESKY: blueskyConfig,
  X: xConfig,
  FACEBOOK: facebookConfig,
  INSTAGRAM: instagramConfig,
  YOUTUBE: youtubeConfig,
  LINKEDIN: linkedinConfig,
  TELEGRAM: telegramConfig,
  DISCORD: discordConfig,
  SLACK: slackConfig,
  THREADS: threadsConfig,
  REDDIT: redditConfig,
  PINTEREST: pinterestConfig,
  TIKTOK: tiktokConfig,
  GOOGLE_BUSINESS: googleBusinessConfig,
} as const satisfies Record<PlatformId, PlatformConfig>;

/** Every member of a union at once: the variables of all platforms as one shape. */
type AllOf<Union> = (Union extends unknown ? (each: Union) => void : never) extends (all: infer All) => void ? All : never;

/** The variables of the shared providers and of every platform, in the registry's order. */
export const PLATFORM_VARIABLES = [
  GOOGLE_OAUTH_VARIABLES,
  META_APP_VARIABLES,
  ...Object.values(PLATFORM_CONFIGS).map((config) => config.variables),
].reduce<z.ZodRawShape>((all, variables) => {
  const repeated = Object.keys(variables).filter((name) => name in all);
  if (repeated.length > 0)
    throw new Error(`${repeated.join(', ')} declared twice: a variable shared by platforms goes in platforms/shared-providers.config.ts`);
  return { ...all, ...variables };
}, {}) as typeof GOOGLE_OAUTH_VARIABLES & typeof META_APP_VARIABLES & AllOf<(typeof PLATFORM_CONFIGS)[PlatformId]['variables']>;

/** The default pace of each platform's publish task queue. */
export const PLATFORM_PUBLISH_PACES: Readonly<Record<PlatformId, PublishPace>> = Object.fromEntries(
  Object.entries(PLATFORM_CONFIGS).map(([platform, config]) => [platform, config.publishPace]),
) as Record<PlatformId, PublishPace>;

type PlatformVariables = typeof PLATFORM_VARIABLES;

/** A variable naming a host: a `z.url()`, with or without its default. */
export type PlatformHostVariable = {
  [Name in keyof PlatformVariables]: PlatformVariables[Name] extends z.ZodURL | z.ZodDefault<z.ZodURL> ? Name : never;
}[keyof PlatformVariables];

const namesHost = (schema: z.ZodType): boolean =>
  schema instanceof z.ZodURL || (schema instanceof z.ZodDefault && schema.unwrap() instanceof z.ZodURL);

/** The platform variables that name a host: the hosts the operator chose, not users (operatorPlatformOrigins). */
export const PLATFORM_HOST_VARIABLES = (Object.keys(PLATFORM_VARIABLES) as (keyof PlatformVariables)[]).filter(
  (name): name is PlatformHostVariable => namesHost(PLATFORM_VARIABLES[name]),
);

/** The platforms' configuration as the processes read it. */
export type PlatformConfigValues = z.output<z.ZodObject<PlatformVariables>>;
