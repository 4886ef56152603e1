// YouTube's per-account options (domain/target-options.ts): the schema the API, the rules and the
// publisher read, and the fields the composer shows.
import { z } from 'zod';
import type { TargetOptionField } from '../../domain/target-options';
import { codePoints } from '../units';

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
export const YouTubeOptionsSchema = z.strictObject({
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

/** What the composer shows under a YouTube account. */
export const YOUTUBE_OPTION_FIELDS: readonly TargetOptionField[] = [
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
];
