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
  /** the option's name, or its path in a nested option (`event.title`) */
  name: string;
  label: string;
  required: boolean;
  maxLength?: number;
  hint?: string;
  /** the field is chosen from a list the composer reads for the account (its Pinterest boards) */
  choices?: 'pinterest-boards';
  /**
   * how the composer asks for it, when not as a line of text: one of `values`, a yes/no box, a
   * comma-separated list, several lines, or a local date and time (`2026-12-24T18:00`)
   */
  input?: 'select' | 'checkbox' | 'list' | 'textarea' | 'datetime-local';
  /** a select's values and their labels, in the order shown */
  values?: Readonly<Record<string, string>>;
  /** what the schema takes when nothing is chosen: the select starts on it and offers no empty choice */
  default?: string;
  /** the field applies only while another option has one of these values (an event's dates on an event post) */
  shownWhen?: { option: string; values: readonly string[] };
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

/** Whether a field applies to the options the composer's fields hold: its condition holds, and the condition's own field applies. */
export function optionShown(platform: OptionsPlatform, field: TargetOptionField, fields: Readonly<Record<string, string>>): boolean {
  const condition = field.shownWhen;
  if (!condition) return true;
  const parent = TARGET_OPTION_FIELDS[platform].find((candidate) => candidate.name === condition.option);
  return condition.values.includes(fields[condition.option] ?? '') && (!parent || optionShown(platform, parent, fields));
}

/**
 * An account's options as the composer's fields hold them (text) turned into what the API
 * takes: a checkbox is true when ticked, a list is split at its commas, a dotted name nests
 * (`event.title`). Empty fields, fields that do not apply (an event's dates on an update) and
 * names no field has are left out.
 */
export function optionsFromFields(platform: OptionsPlatform, fields: Readonly<Record<string, string>>): TargetOptions {
  const known = new Map(TARGET_OPTION_FIELDS[platform].map((field) => [field.name, field]));
  const options: TargetOptions = {};
  for (const [name, value] of Object.entries(fields)) {
    const field = known.get(name);
    // NOTE: only the fields' own names nest, so that a form's names cannot reach Object.prototype
    if (!field || value.trim() === '' || !optionShown(platform, field, fields)) continue;
    const path = name.split('.');
    let parent = options;
    for (const key of path.slice(0, -1)) parent = (parent[key] ??= {}) as TargetOptions;
    parent[path.at(-1)!] = optionValue(field.input, value);
  }
  return options;
}

function optionValue(input: TargetOptionField['input'], value: string): unknown {
  if (input === 'checkbox') return value === 'true';
  if (input === 'list')
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return value.trim();
}

/** A stored option as the composer's field shows it: the reverse of optionValue. */
function optionFieldValue(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Stored options as the composer's fields hold them, a nested option under its dotted name (`event.title`). */
export function optionFieldValues(options: object, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(options).flatMap(([name, value]) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(optionFieldValues(value as object, `${prefix}${name}.`))
        : [[`${prefix}${name}`, optionFieldValue(value)]],
    ),
  );
}

/** An account's options as the API names them (`{ reddit: { subreddit, title } }`) as the composer's fields show them, or undefined for none. */
export function optionFormValues(byPlatform: Record<string, unknown> | null): Record<string, string> | undefined {
  const options = Object.values(byPlatform ?? {})[0];
  if (options === null || typeof options !== 'object') return undefined;
  return optionFieldValues(options);
}

/**
 * The composer's field that shows a problem with the option at `path` (`event.end`): the field of
 * that name, else the first field under it (a missing `event` is shown at `event.title`).
 */
export function optionFieldOf(platform: OptionsPlatform, path: string): string {
  const fields = TARGET_OPTION_FIELDS[platform];
  return (fields.find((field) => field.name === path) ?? fields.find((field) => field.name.startsWith(`${path}.`)))?.name ?? path;
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
