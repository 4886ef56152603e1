// Per-account choices a platform needs that the text does not carry ("target options"): a
// Reddit post's subreddit and title, a pin's board, title and link, a TikTok video's mode and
// privacy, a Google Business Profile post's topic, a YouTube video's title, tags and privacy,
// a LinkedIn document's title, an Instagram or Facebook post's format (a Reel, a Story).
// One zod schema per platform that has them; the API takes them per account
// (`targetOptions: [{connectionId, reddit: {…}}]`), the rules check them (domain/platform-rules.ts), the publisher receives them parsed.
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
  /** how the composer asks for it, when not as text: one of `values`, a yes/no box, or a comma-separated list */
  input?: 'select' | 'checkbox' | 'list';
  /** a select's values and their labels, in the order shown */
  values?: Readonly<Record<string, string>>;
  /** what the schema takes when nothing is chosen: the select starts on it and offers no empty choice */
  default?: string;
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

/** Who may see a direct TikTok post; the creator's account allows some of them (creator_info's privacy_level_options). */
export const TIKTOK_PRIVACY_LEVELS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'] as const;

// https://developers.tiktok.com/doc/content-posting-api-reference-direct-post: post_info's
// privacy_level (required), disable_comment, disable_duet, disable_stitch; an inbox upload
// (https://developers.tiktok.com/doc/content-posting-api-reference-upload-video) takes none:
// the creator chooses them in the app
const TikTokOptionsSchema = z
  .strictObject({
    mode: z.enum(['direct', 'inbox'], {
      error: "mode must be 'direct' (published at once) or 'inbox' (sent to the creator's TikTok inbox, finished in the app)",
    }),
    privacyLevel: z
      .enum(TIKTOK_PRIVACY_LEVELS, { error: `privacyLevel must be one of ${TIKTOK_PRIVACY_LEVELS.join(', ')}` })
      .optional()
      .describe('who may see a direct post; it must be one the creator allows, which TikTok says when publishing'),
    disableComment: z.boolean({ error: 'disableComment must be true or false' }).optional(),
    disableDuet: z.boolean({ error: 'disableDuet must be true or false' }).optional(),
    disableStitch: z.boolean({ error: 'disableStitch must be true or false' }).optional(),
  })
  .superRefine((options, context) => {
    if (options.mode === 'direct' && !options.privacyLevel)
      context.addIssue({ code: 'custom', path: ['privacyLevel'], message: 'privacyLevel is required for a direct post' });
    if (options.mode === 'inbox' && (options.privacyLevel || options.disableComment || options.disableDuet || options.disableStitch))
      context.addIssue({
        code: 'custom',
        path: ['mode'],
        message: 'an inbox upload takes no privacyLevel or disable… options: the creator chooses them in the TikTok app',
      });
  });

/** A local date and time of the business (Google takes an event's schedule without a time zone). */
const LOCAL_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/;
const localDateTime = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .regex(LOCAL_DATE_TIME, { error: `${name} must be the business's local date and time, e.g. 2026-12-24T18:00` });

// https://developers.google.com/my-business/content/posts-data and the LocalPost reference
// (https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts):
// an EVENT needs a title and schedule; an OFFER too (its title and dates) and may add a
// coupon code, an online redemption URL and terms; a call to action is a button with a URL
// (CALL dials the business's own number and takes none), and offers have none
const GoogleBusinessOptionsSchema = z
  .strictObject({
    topicType: z.enum(['STANDARD', 'EVENT', 'OFFER'], { error: 'topicType must be STANDARD, EVENT or OFFER' }),
    callToAction: z
      .strictObject({
        actionType: z.enum(['BOOK', 'ORDER', 'SHOP', 'LEARN_MORE', 'SIGN_UP', 'CALL'], {
          error: 'callToAction.actionType must be BOOK, ORDER, SHOP, LEARN_MORE, SIGN_UP or CALL',
        }),
        url: z.httpUrl({ error: 'callToAction.url must be an http(s) URL' }).max(2048).optional(),
      })
      .optional(),
    event: z
      .strictObject({
        title: z.string({ error: 'event.title is required' }).trim().min(1, { error: 'event.title is required' }).max(58, {
          error: 'event.title is at most 58 characters',
        }),
        start: localDateTime('event.start'),
        end: localDateTime('event.end'),
      })
      .optional(),
    offer: z
      .strictObject({
        couponCode: z.string().trim().max(58, { error: 'offer.couponCode is at most 58 characters' }).optional(),
        redeemOnlineUrl: z.httpUrl({ error: 'offer.redeemOnlineUrl must be an http(s) URL' }).max(2048).optional(),
        termsConditions: z.string().trim().max(5000, { error: 'offer.termsConditions is at most 5,000 characters' }).optional(),
      })
      .optional(),
  })
  .superRefine((options, context) => {
    const issue = (path: string[], message: string) => context.addIssue({ code: 'custom', path, message });
    if (options.topicType !== 'STANDARD' && !options.event)
      issue(['event'], `an ${options.topicType} post needs an event: its title, start and end`);
    if (options.topicType === 'STANDARD' && options.event) issue(['event'], 'only EVENT and OFFER posts take an event');
    if (options.topicType !== 'OFFER' && options.offer) issue(['offer'], 'only OFFER posts take an offer');
    if (options.topicType === 'OFFER' && options.callToAction)
      issue(['callToAction'], 'an offer takes no call to action: its offer.redeemOnlineUrl is its link');
    const { start, end } = options.event ?? {};
    // zod goes on to these checks when a field was refused: compare only times that are times
    if (start && end && LOCAL_DATE_TIME.test(start) && LOCAL_DATE_TIME.test(end) && end <= start)
      issue(['event', 'end'], 'event.end must be after event.start');
    const action = options.callToAction;
    if (action && action.actionType !== 'CALL' && !action.url)
      issue(['callToAction', 'url'], `callToAction.url is required for ${action.actionType}`);
    if (action?.actionType === 'CALL' && action.url)
      issue(['callToAction', 'url'], "a CALL button dials the business's own number and takes no url");
  });
const codePoints = (text: string) => [...text].length;
const withoutAngleBrackets = (text: string) => !/[<>]/.test(text);

/**
 * The categories an upload may name: videoCategories.list (regionCode US), those with
 * `assignable: true`. https://developers.google.com/youtube/v3/docs/videoCategories/list
 */
export const YOUTUBE_CATEGORIES = {
  '1': 'Film & Animation',
  '2': 'Autos & Vehicles',
  '10': 'Music',
  '15': 'Pets & Animals',
  '17': 'Sports',
  '19': 'Travel & Events',
  '20': 'Gaming',
  '22': 'People & Blogs',
  '23': 'Comedy',
  '24': 'Entertainment',
  '25': 'News & Politics',
  '26': 'Howto & Style',
  '27': 'Education',
  '28': 'Science & Technology',
  '29': 'Nonprofits & Activism',
} as const;
export type YouTubeCategoryId = keyof typeof YOUTUBE_CATEGORIES;

const YOUTUBE_PRIVACY = { public: 'Public', unlisted: 'Unlisted', private: 'Private' } as const;

/** YouTube's limits on a video's text: https://developers.google.com/youtube/v3/docs/videos#snippet */
export const YOUTUBE_TITLE_MAX = 100;
export const YOUTUBE_DESCRIPTION_MAX_BYTES = 5000;
export const YOUTUBE_TAGS_MAX = 500;

/** snippet.tags: the tags' total length counts the commas between them, and a tag with a space as if it were quoted. */
export function youtubeTagsLength(tags: readonly string[]): number {
  return tags.reduce((total, tag) => total + codePoints(tag) + (tag.includes(' ') ? 2 : 0), 0) + Math.max(0, tags.length - 1);
}

// https://developers.google.com/youtube/v3/docs/videos/insert and videos#resource (snippet,
// status); the thumbnail goes up with thumbnails.set after the video
// (https://developers.google.com/youtube/v3/docs/thumbnails/set). Every option falls back to
// what a YouTube post gets without them: the first line as title, the rest as description,
// the connection's privacy.
const YouTubeOptionsSchema = z.strictObject({
  title: z
    .string()
    .trim()
    .min(1, { error: 'title must not be empty' })
    .refine((title) => codePoints(title) <= YOUTUBE_TITLE_MAX, { error: `title is at most ${YOUTUBE_TITLE_MAX} characters` })
    .refine(withoutAngleBrackets, { error: 'title may not contain < or >' })
    .optional()
    .describe('the video title; the first line of the text when left out'),
  description: z
    .string()
    .refine((text) => new TextEncoder().encode(text).length <= YOUTUBE_DESCRIPTION_MAX_BYTES, {
      error: `description is at most ${YOUTUBE_DESCRIPTION_MAX_BYTES.toLocaleString('en')} bytes`,
    })
    .refine(withoutAngleBrackets, { error: 'description may not contain < or >' })
    .optional()
    .describe('the video description; the text after the first line (the whole text when title is given) when left out'),
  tags: z
    .array(
      z.string().trim().min(1, { error: 'a tag must not be empty' }).refine(withoutAngleBrackets, { error: 'tags may not contain < or >' }),
    )
    .refine((tags) => youtubeTagsLength(tags) <= YOUTUBE_TAGS_MAX, {
      error: `tags are at most ${YOUTUBE_TAGS_MAX} characters together (commas between them count, and quotes around a tag with a space)`,
    })
    .optional(),
  categoryId: z
    .enum(Object.keys(YOUTUBE_CATEGORIES) as [YouTubeCategoryId, ...YouTubeCategoryId[]], {
      error: `categoryId must be one of YouTube's categories: ${Object.keys(YOUTUBE_CATEGORIES).join(', ')}`,
    })
    .optional(),
  privacy: z
    .enum(['public', 'unlisted', 'private'], { error: 'privacy must be public, unlisted or private' })
    .optional()
    .describe("who may watch the video; the connection's setting when left out"),
  madeForKids: z.boolean({ error: 'madeForKids must be true or false' }).optional().describe('status.selfDeclaredMadeForKids'),
  shorts: z
    .boolean({ error: 'shorts must be true or false' })
    .optional()
    .describe('a Short: #Shorts ends the description; YouTube decides from the video (vertical or square, up to 3 minutes)'),
  thumbnailMediaId: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('an uploaded JPEG or PNG image of up to 2 MB, set as the thumbnail after the upload'),
});

// The Documents API's post: content.media {id: urn:li:document:…, title}
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/documents-api
const LinkedInOptionsSchema = z.strictObject({
  documentTitle: z
    .string()
    .trim()
    .min(1, { error: 'documentTitle must not be empty' })
    // LinkedIn documents no limit: planrrr keeps a title to what a document card shows
    .max(200, { error: 'documentTitle is at most 200 characters' })
    .optional()
    .describe("a PDF document post's title; the file's name when left out"),
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
  TIKTOK: TikTokOptionsSchema,
  GOOGLE_BUSINESS: GoogleBusinessOptionsSchema,
  YOUTUBE: YouTubeOptionsSchema,
  LINKEDIN: LinkedInOptionsSchema,
  INSTAGRAM: InstagramOptionsSchema,
  FACEBOOK: FacebookOptionsSchema,
} as const satisfies Partial<Record<Platform, z.ZodType<Record<string, unknown>>>>;

export type OptionsPlatform = keyof typeof TARGET_OPTION_SCHEMAS;
export type TargetOptionsOf<P extends OptionsPlatform> = z.infer<(typeof TARGET_OPTION_SCHEMAS)[P]>;
/** A target's options as stored and carried in the workflow's state: the platform's object, unparsed. */
export type TargetOptions = Record<string, unknown>;

/** The key of a platform's options in the API (`reddit`). */
export const optionsKey = (platform: OptionsPlatform) => platform.toLowerCase() as Lowercase<OptionsPlatform>;

export function hasTargetOptions(platform: Platform): platform is OptionsPlatform {
  return Object.hasOwn(TARGET_OPTION_SCHEMAS, platform);
}

/** The platform whose options go under `key` (`youtube`), if any. */
export function optionsPlatformOf(key: string): OptionsPlatform | undefined {
  const platform = key.toUpperCase() as Platform;
  return hasTargetOptions(platform) ? platform : undefined;
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
  // the disable… switches are booleans the API takes; the composer leaves them at TikTok's defaults
  TIKTOK: [
    {
      name: 'mode',
      label: 'Mode',
      required: true,
      input: 'select',
      values: { direct: 'Direct: published at once', inbox: 'Inbox: finished in the TikTok app' },
    },
    {
      name: 'privacyLevel',
      label: 'Privacy level',
      required: false,
      input: 'select',
      values: {
        PUBLIC_TO_EVERYONE: 'Everyone',
        MUTUAL_FOLLOW_FRIENDS: 'Friends',
        FOLLOWER_OF_CREATOR: 'Followers',
        SELF_ONLY: 'Only me',
      } satisfies Record<(typeof TIKTOK_PRIVACY_LEVELS)[number], string>,
      hint: 'for a direct post: one the account allows, which TikTok checks when publishing',
    },
  ],
  // an event's and an offer's details are nested objects the API takes (docs/api.md)
  GOOGLE_BUSINESS: [
    {
      name: 'topicType',
      label: 'Post type',
      required: true,
      input: 'select',
      values: { STANDARD: 'Update', EVENT: 'Event', OFFER: 'Offer' },
    },
  ],
  YOUTUBE: [
    // no maxLength: an input counts UTF-16 units, YouTube characters (the rules check it live)
    { name: 'title', label: 'Title', required: false, hint: 'the first line of the text when empty' },
    { name: 'description', label: 'Description', required: false, hint: 'the text after the first line when empty' },
    { name: 'tags', label: 'Tags', required: false, input: 'list', hint: 'separated by commas' },
    { name: 'categoryId', label: 'Category', required: false, input: 'select', values: YOUTUBE_CATEGORIES },
    {
      name: 'privacy',
      label: 'Privacy',
      required: false,
      input: 'select',
      values: YOUTUBE_PRIVACY,
      hint: "the account's setting when not chosen",
    },
    { name: 'madeForKids', label: 'Made for kids', required: false, input: 'checkbox' },
    {
      name: 'shorts',
      label: 'Short',
      required: false,
      input: 'checkbox',
      hint: 'a vertical or square video up to 3 minutes; adds #Shorts to the description',
    },
    { name: 'thumbnailMediaId', label: 'Thumbnail', required: false, hint: 'the id of an uploaded JPEG or PNG of up to 2 MB' },
  ],
  LINKEDIN: [{ name: 'documentTitle', label: 'Document title', required: false, hint: "for a PDF post; the file's name when empty" }],
  INSTAGRAM: [
    {
      name: 'format',
      label: 'Format',
      required: false,
      input: 'select',
      values: {
        feed: 'Feed post (a carousel with 2 to 10 media)',
        reel: 'Reel (one video)',
        story: 'Story (one image or video, no caption)',
      },
      default: 'feed',
    },
  ],
  FACEBOOK: [
    {
      name: 'format',
      label: 'Format',
      required: false,
      input: 'select',
      values: { post: 'Post', reel: 'Reel (one video)', story: 'Story (one photo or video, no text)' },
      default: 'post',
    },
  ],
};

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
  if (platform !== 'YOUTUBE') return [];
  const parsed = YouTubeOptionsSchema.safeParse(options ?? {});
  return parsed.data?.thumbnailMediaId ? [parsed.data.thumbnailMediaId] : [];
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
