// Per-account choices a platform needs that the text does not carry ("target options"): a
// Reddit post's subreddit and title, a pin's board, title and link, a TikTok video's mode and
// privacy, a Google Business Profile post's topic, a YouTube video's title, tags and privacy,
// a LinkedIn document's title, an Instagram or Facebook post's format (a Reel, a Story).
// One zod schema per platform that has them; the API takes them per account
// (`targetOptions: [{connectionId, reddit: {…}}]`), the rules check them (domain/platform-rules.ts), the publisher receives them parsed.
// A platform's options are its definition's `options` (platforms/<name>/options.ts): their
// schema, the composer's fields, and the media they name.
// NOTE: pure and browser-safe: the API, the workflow's state and the composer share it.
import type { z } from 'zod';
import { PLATFORM_DEFINITIONS, platformDefinition } from '../platforms';
import type { Platform } from './post';

/** One option as the composer shows it: a field of the platform's schema, with a label and whether it must be given. */
export interface TargetOptionField {
  name: string;
  label: string;
  required: boolean;
  maxLength?: number;
  hint?: string;
  /** the field is chosen from a list the composer reads for the account (its Pinterest boards) */
  choices?: 'pinterest-boards';
  /** how the composer asks for it, when not as text: one of `values`, a yes/no box, or a comma-separated list */
  input?: 'select' | 'checkbox' | 'list';
  /** a select's values and their labels, in the order shown */
  values?: Readonly<Record<string, string>>;
  /** what the schema takes when nothing is chosen: the select starts on it and offers no empty choice */
  default?: string;
}

type OptionsDefinition = Extract<(typeof PLATFORM_DEFINITIONS)[number], { options: object }>;
/** The platforms that take options: those whose definition has `options`. */
export type OptionsPlatform = OptionsDefinition['id'];
type OptionsSchemaOf<P extends OptionsPlatform> = Extract<OptionsDefinition, { id: P }>['options']['schema'];
const OPTIONS_DEFINITIONS = PLATFORM_DEFINITIONS.filter((definition): definition is OptionsDefinition => 'options' in definition);

/** The options each platform takes (its definition's `options.schema`), under the key the API and the post view name them by. */
export const TARGET_OPTION_SCHEMAS = Object.fromEntries(
  OPTIONS_DEFINITIONS.map((definition) => [definition.id, definition.options.schema]),
) as { readonly [P in OptionsPlatform]: OptionsSchemaOf<P> };

export type TargetOptionsOf<P extends OptionsPlatform> = z.infer<OptionsSchemaOf<P>>;
/** A target's options as stored and carried in the workflow's state: the platform's object, unparsed. */
export type TargetOptions = Record<string, unknown>;

/** The key of a platform's options in the API (`reddit`). */
export const optionsKey = (platform: OptionsPlatform) => platform.toLowerCase() as Lowercase<OptionsPlatform>;

/** Each platform's options schema under its key, optional: what one `targetOptions` entry of the API may hold beside its connectionId. */
export const TARGET_OPTION_SCHEMAS_BY_KEY = Object.fromEntries(
  OPTIONS_DEFINITIONS.map((definition) => [optionsKey(definition.id), definition.options.schema.optional()]),
) as { readonly [P in OptionsPlatform as Lowercase<P>]: z.ZodOptional<OptionsSchemaOf<P>> };

export function hasTargetOptions(platform: Platform): platform is OptionsPlatform {
  return Object.hasOwn(TARGET_OPTION_SCHEMAS, platform);
}

/** The platform whose options go under `key` (`youtube`), if any. */
export function optionsPlatformOf(key: string): OptionsPlatform | undefined {
  const platform = key.toUpperCase() as Platform;
  return hasTargetOptions(platform) ? platform : undefined;
}

/** What the composer shows under an account of each platform that has options. */
export const TARGET_OPTION_FIELDS = Object.fromEntries(
  OPTIONS_DEFINITIONS.map((definition) => [definition.id, definition.options.fields]),
) as Record<OptionsPlatform, readonly TargetOptionField[]>;

/**
 * An account's options as the composer's fields hold them (text) turned into what the API
 * takes: a checkbox is true when ticked, a list is split at its commas. Empty fields are left out.
 */
export function optionsFromFields(platform: OptionsPlatform, fields: Readonly<Record<string, string>>): TargetOptions {
  const inputs = new Map(TARGET_OPTION_FIELDS[platform].map((field) => [field.name, field.input]));
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value.trim() !== '')
      .map(([name, value]) => {
        const input = inputs.get(name);
        if (input === 'checkbox') return [name, value === 'true'];
        if (input === 'list')
          return [
            name,
            value
              .split(',')
              .map((item) => item.trim())
              .filter(Boolean),
          ];
        return [name, value.trim()];
      }),
  );
}

/** A stored option as the composer's field shows it: the reverse of optionsFromFields. */
export function optionFieldValue(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** An account's options as the API names them (`{ reddit: { subreddit, title } }`) as the composer's fields show them, or undefined for none. */
export function optionFormValues(byPlatform: Record<string, unknown> | null): Record<string, string> | undefined {
  const options = Object.values(byPlatform ?? {})[0];
  if (options === null || typeof options !== 'object') return undefined;
  return Object.fromEntries(Object.entries(options).map(([name, value]) => [name, optionFieldValue(value)]));
}

/** The media an account's options name beside the post's own (a YouTube thumbnail), by id. */
export function optionMediaIds(platform: Platform, options: TargetOptions | undefined): string[] {
  return platformDefinition(platform).options?.mediaIds?.(options) ?? [];
}

/** A stored JSON value as a target's options: an object, or undefined for anything else (SQL NULL). */
export function asTargetOptions(value: unknown): TargetOptions | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as TargetOptions) : undefined;
}

/** Each problem with a target's options, naming the option; empty when the platform takes them. */
export function targetOptionProblems(platform: Platform, options: TargetOptions | undefined): Array<{ field: string; message: string }> {
  if (!hasTargetOptions(platform)) {
    return options === undefined ? [] : [{ field: '', message: `${platform} takes no per-account options` }];
  }
  const parsed = TARGET_OPTION_SCHEMAS[platform].safeParse(options ?? {});
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
}

/** A publisher's options, parsed (the rules checked them when the post was scheduled). */
export function parseTargetOptions<P extends OptionsPlatform>(platform: P, options: TargetOptions | undefined): TargetOptionsOf<P> {
  return TARGET_OPTION_SCHEMAS[platform].parse(options ?? {}) as TargetOptionsOf<P>;
}
