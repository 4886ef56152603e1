// The platforms planrrr publishes to, in the order lists show them: each one's definition lives
// in its own folder (docs/adding-a-platform.md), and every per-platform table of the shared
// code is read from here.
// NOTE: client-safe, and not for workflow code (platforms/definition.ts).
import { bluesky } from './bluesky';
import { demo } from './demo';
import type { PlatformDefinition } from './definition';
import type { TokenConnect } from './token-connect';
import { discord } from './discord';
import { facebook } from './facebook';
import { googleBusiness } from './google-business';
import { instagram } from './instagram';
import { linkedin } from './linkedin';
import { mastodon } from './mastodon';
import { pinterest } from './pinterest';
import { reddit } from './reddit';
import { slack } from './slack';
import { telegram } from './telegram';
import { threads } from './threads';
import { tiktok } from './tiktok';
import { x } from './x';
import { youtube } from './youtube';

export const PLATFORM_DEFINITIONS = [
  demo,
  mastodon,
  bluesky,
  x,
  facebook,
  instagram,
  youtube,
  linkedin,
  telegram,
  discord,
  slack,
  threads,
  reddit,
  pinterest,
  tiktok,
  googleBusiness,
] as const;

type Definition = (typeof PLATFORM_DEFINITIONS)[number];
export type PlatformId = Definition['id'];

/** The platforms whose definition has `value` under `key`: `PlatformsWhere<'connectsWith', 'token'>`. */
export type PlatformsWhere<Key extends keyof PlatformDefinition, Value> = Extract<Definition, Record<Key, Value>>['id'];

/** A table of one value per platform, each read from the platform's definition. */
export function platformTable<Value>(read: (definition: PlatformDefinition) => Value): Readonly<Record<PlatformId, Value>> {
  return Object.fromEntries(PLATFORM_DEFINITIONS.map((definition) => [definition.id, read(definition)])) as Record<PlatformId, Value>;
}

const DEFINITIONS = platformTable((definition) => definition);

export function platformDefinition(platform: PlatformId): PlatformDefinition {
  return DEFINITIONS[platform];
}

const LISTS = {
  and: new Intl.ListFormat('en-GB', { type: 'conjunction' }),
  or: new Intl.ListFormat('en-GB', { type: 'disjunction' }),
};

/** "a, b and c" (or "a, b or c"): names or phrases read from the definitions, as a sentence lists them. */
export function listInProse(items: readonly string[], joiner: keyof typeof LISTS = 'and'): string {
  return LISTS[joiner].format(items);
}

/** "X, Bluesky, Mastodon and Threads": the platforms whose definition says so, for hints and descriptions that name them. */
export function platformNamesWhere(keep: (definition: PlatformDefinition) => boolean): string {
  return listInProse(PLATFORM_DEFINITIONS.filter(keep).map((definition) => definition.name));
}

/** How a thread goes out, where a form or the API describes it. */
export const THREAD_PUBLISHING = `on ${platformNamesWhere((platform) => platform.threads)} each part is published as a reply to the one before`;

/** Where a first comment goes out and what it becomes there: a reply where posts thread, a comment elsewhere. */
export const FIRST_COMMENT_PUBLISHING = `a comment on ${platformNamesWhere((platform) => platform.comments && !platform.threads)}, a reply on ${platformNamesWhere((platform) => platform.comments && platform.threads)}`;

/** A platform connected with a pasted token, with its connect form (platforms/<name>/connect.ts). */
export interface TokenConnectEntry extends TokenConnect {
  platform: PlatformsWhere<'connectsWith', 'token'>;
  /** the platform in the API's connect body and the form's intent (`add-<slug>`) */
  slug: Lowercase<PlatformsWhere<'connectsWith', 'token'>>;
}

/** Every token platform's connect form, in the registry's order. */
export const TOKEN_CONNECTS: readonly TokenConnectEntry[] = PLATFORM_DEFINITIONS.flatMap((definition) =>
  definition.connectsWith === 'token'
    ? [{ ...definition.tokenConnect, platform: definition.id, slug: definition.id.toLowerCase() as TokenConnectEntry['slug'] }]
    : [],
);
