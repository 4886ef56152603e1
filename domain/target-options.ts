// Per-account choices a platform needs that the text does not carry ("target options"): a
// Reddit post's subreddit and title, a pin's board, title and link, an Instagram or Facebook
// post's format (a Reel, a Story), and later a YouTube video's title and privacy. One zod schema per platform that has them; the
// API takes them per account (`targetOptions: [{connectionId, reddit: {…}}]`), the rules
// check them (domain/platform-rules.ts), the publisher receives them parsed.
// To add a platform's options: its schema in TARGET_OPTION_SCHEMAS, under its key.
// NOTE: pure and browser-safe: the API, the workflow's state and the composer share it.
import { z } from 'zod';
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
  /** the field is one of these values (an Instagram format); leaving it empty means the schema's default */
  values?: ReadonlyArray<{ value: string; label: string }>;
}

// https://www.reddit.com/dev/api/#POST_api_submit: title up to 300 characters; a subreddit's
// name is 3-21 letters, digits and underscores (r/ and a leading slash are taken off)
const RedditOptionsSchema = z.strictObject({
  subreddit: z
    .string({ error: 'subreddit is required' })
    .trim()
    .transform((name) => name.replace(/^\/?r\//i, ''))
    .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_]{2,20}$/, { error: 'subreddit must be a subreddit name such as r/planrrr' })),
  title: z
    .string({ error: 'title is required' })
    .trim()
    .min(1, { error: 'title is required' })
    .max(300, { error: 'title is at most 300 characters' }),
  flairId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .describe('a link flair template id of the subreddit (GET /r/{subreddit}/api/link_flair_v2)'),
});

// https://developers.pinterest.com/docs/api/v5/pins-create: board_id, title up to 100
// characters, link up to 2,048
const PinterestOptionsSchema = z.strictObject({
  boardId: z
    .string({ error: 'boardId is required' })
    .trim()
    .regex(/^\d{1,30}$/, { error: "boardId must be the id of one of the account's boards" })
    .describe("one of the account's boards (GET /api/v1/connections/{id}/pinterest/boards)"),
  title: z.string().trim().max(100, { error: 'title is at most 100 characters' }).optional(),
  link: z.httpUrl({ error: 'link must be an http(s) URL' }).max(2048, { error: 'link is at most 2,048 characters' }).optional(),
});

// https://developers.facebook.com/docs/instagram-platform/content-publishing: a feed post is
// one image or video, or a carousel of 2-10; a Reel is one video (media_type REELS, optional
// share_to_feed); a Story is one image or video (media_type STORIES) and shows no caption
const InstagramOptionsSchema = z.strictObject({
  format: z
    .enum(['feed', 'reel', 'story'], { error: 'format must be feed, reel or story' })
    .default('feed')
    .describe('feed (one image or video, or a carousel of 2 to 10), reel (one video) or story (one image or video, no caption)'),
  shareToFeed: z.boolean({ error: 'shareToFeed must be true or false' }).optional().describe('a Reel also appears in the feed'),
});

// https://developers.facebook.com/docs/video-api/guides/reels-publishing (one video) and
// https://developers.facebook.com/docs/page-stories-api (one photo or video); Pages only
const FacebookOptionsSchema = z.strictObject({
  format: z
    .enum(['post', 'reel', 'story'], { error: 'format must be post, reel or story' })
    .default('post')
    .describe('post (text, photos or a video), reel (one video) or story (one photo or video, no text)'),
});

/** The options each platform takes, under the key the API and the post view name them by. */
export const TARGET_OPTION_SCHEMAS = {
  REDDIT: RedditOptionsSchema,
  PINTEREST: PinterestOptionsSchema,
  INSTAGRAM: InstagramOptionsSchema,
  FACEBOOK: FacebookOptionsSchema,
} as const satisfies Partial<Record<Platform, z.ZodType<Record<string, unknown>>>>;

export type OptionsPlatform = keyof typeof TARGET_OPTION_SCHEMAS;
export type TargetOptionsOf<P extends OptionsPlatform> = z.infer<(typeof TARGET_OPTION_SCHEMAS)[P]>;
/** A target's options as stored and carried in the workflow's state: the platform's object, unparsed. */
export type TargetOptions = Record<string, unknown>;

/** The key of a platform's options in the API (`reddit`). */
export const optionsKey = (platform: OptionsPlatform) => platform.toLowerCase() as Lowercase<OptionsPlatform>;
export const OPTION_KEYS = (Object.keys(TARGET_OPTION_SCHEMAS) as OptionsPlatform[]).map(optionsKey);

export function hasTargetOptions(platform: Platform): platform is OptionsPlatform {
  return Object.hasOwn(TARGET_OPTION_SCHEMAS, platform);
}

/** What the composer shows under an account of this platform. */
export const TARGET_OPTION_FIELDS: Record<OptionsPlatform, readonly TargetOptionField[]> = {
  REDDIT: [
    { name: 'subreddit', label: 'Subreddit', required: true, hint: 'e.g. r/planrrr' },
    { name: 'title', label: 'Title', required: true, maxLength: 300 },
    { name: 'flairId', label: 'Flair id', required: false, hint: 'some subreddits require a flair' },
  ],
  PINTEREST: [
    { name: 'boardId', label: 'Board', required: true, choices: 'pinterest-boards' },
    { name: 'title', label: 'Title', required: false, maxLength: 100 },
    { name: 'link', label: 'Link', required: false, hint: 'where the pin leads, an http(s) address' },
  ],
  INSTAGRAM: [
    {
      name: 'format',
      label: 'Format',
      required: false,
      values: [
        { value: 'feed', label: 'Feed post (a carousel with 2 to 10 media)' },
        { value: 'reel', label: 'Reel (one video)' },
        { value: 'story', label: 'Story (one image or video, no caption)' },
      ],
    },
  ],
  FACEBOOK: [
    {
      name: 'format',
      label: 'Format',
      required: false,
      values: [
        { value: 'post', label: 'Post' },
        { value: 'reel', label: 'Reel (one video)' },
        { value: 'story', label: 'Story (one photo or video, no text)' },
      ],
    },
  ],
};

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
