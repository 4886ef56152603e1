// YouTube: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { codePoints, DAY, formatBytes, MINUTE_MS, utf8Bytes } from '../units';
import type { PlatformViolation, PostForPlatform } from '../../domain/platform-rules';
import type { z } from 'zod';
import { YOUTUBE_DESCRIPTION_MAX_BYTES, YOUTUBE_OPTION_FIELDS, YOUTUBE_TITLE_MAX, YouTubeOptionsSchema } from './options';

type YouTubeOptions = z.infer<typeof YouTubeOptionsSchema>;

/** A Short says so at the end of its description (https://support.google.com/youtube/answer/10059070). */
const SHORTS_TAG = '#Shorts';

/**
 * A YouTube video's title and description: the options', else the post's first line as the
 * title and the rest as the description (the whole text when the title is an option). A
 * Short's description ends with #Shorts unless it names it already.
 */
export function youtubeTitleAndDescription(content: string, options: YouTubeOptions = {}): { title: string; description: string } {
  const [firstLine = '', ...rest] = content.trim().split('\n');
  const title = options.title ?? firstLine.trim();
  const description = options.description ?? (options.title !== undefined ? content.trim() : rest.join('\n').trim());
  const shorts = options.shorts && !/#shorts\b/i.test(`${title} ${description}`);
  return { title, description: shorts ? `${description}\n\n${SHORTS_TAG}`.trim() : description };
}

/** YouTube's thumbnails.set: a JPEG or PNG of up to 2 MB. https://developers.google.com/youtube/v3/docs/thumbnails/set */
export const YOUTUBE_THUMBNAIL_TYPES = ['image/jpeg', 'image/png'] as const;
export const YOUTUBE_THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024;

function youtubeViolations(content: string, post: PostForPlatform): Array<Pick<PlatformViolation, 'rule' | 'message' | 'field'>> {
  // invalid options are reported as such; the text is then checked as without them
  const options = YouTubeOptionsSchema.safeParse(post.options ?? {}).data ?? {};
  const { title, description } = youtubeTitleAndDescription(content, options);
  const problems: Array<Pick<PlatformViolation, 'rule' | 'message' | 'field'>> = [];
  if (options.title === undefined && codePoints(title) > YOUTUBE_TITLE_MAX)
    problems.push({
      rule: 'title-too-long',
      message: `The first line is the YouTube title: at most ${YOUTUBE_TITLE_MAX} characters, it has ${codePoints(title)}`,
    });
  if (/[<>]/.test(title) || /[<>]/.test(description))
    problems.push({ rule: 'angle-brackets', message: 'YouTube titles and descriptions may not contain < or >' });
  if (options.shorts && utf8Bytes(description) > YOUTUBE_DESCRIPTION_MAX_BYTES)
    problems.push({
      rule: 'text-too-long',
      message: `With #Shorts added the description has ${utf8Bytes(description)} bytes; YouTube allows ${YOUTUBE_DESCRIPTION_MAX_BYTES}`,
    });
  const thumbnailId = options.thumbnailMediaId;
  if (thumbnailId !== undefined && post.optionMedia) {
    const field = 'targetOptions.youtube.thumbnailMediaId';
    const thumbnail = post.optionMedia.get(thumbnailId);
    if (!thumbnail) problems.push({ rule: 'target-options', field, message: `No uploaded media with id ${thumbnailId} in this team` });
    else if (thumbnail.kind !== 'image' || !(YOUTUBE_THUMBNAIL_TYPES as readonly string[]).includes(thumbnail.mimeType))
      problems.push({ rule: 'target-options', field, message: `A YouTube thumbnail is a JPEG or PNG image, not ${thumbnail.mimeType}` });
    else if (thumbnail.sizeBytes > YOUTUBE_THUMBNAIL_MAX_BYTES)
      problems.push({
        rule: 'target-options',
        field,
        message: `A YouTube thumbnail is at most 2 MB, this one is ${formatBytes(thumbnail.sizeBytes)}`,
      });
  }
  return problems;
}

export const youtube = definePlatform({
  id: 'YOUTUBE',
  name: 'YouTube',
  monogram: '▶',
  colour: '#e00',
  previewActions: 'Like · Dislike · Share',
  previewMediaFirst: true,
  connectsWith: 'oauth',
  threads: false,
  comments: true,
  metrics: ['views', 'likes', 'replies'],
  // no documented duplicate refusal: YouTube judges repeats as spam by its own undisclosed measures
  duplicateTextWindowDays: null,
  // https://developers.google.com/youtube/v3/determine_quota_cost: videos.insert has its own
  // quota bucket of 100 calls a day per Google Cloud project (planrrr's app).
  publishLimits: [{ per: 'app', count: 100, windowSeconds: DAY }],
  rules: {
    name: 'YouTube',
    // the description: 5,000 bytes; the title (the first line, or the title option): 100
    // characters; neither may contain < or >; a YouTube post is exactly one video. The
    // account's options (domain/target-options.ts) set the title, description, tags,
    // category, privacy, made-for-kids, Shorts and thumbnail.
    // https://developers.google.com/youtube/v3/docs/videos#snippet.title
    maxLength: YOUTUBE_DESCRIPTION_MAX_BYTES,
    measure: utf8Bytes,
    unit: 'bytes of description',
    media: { maxImages: 0, maxVideos: 1, allowsMixed: false, requiresVideo: true },
    // A Short (the `shorts` option) lasts up to 3 minutes and is square or vertical
    // https://support.google.com/youtube/answer/15424877
    formats: {
      shorts: {
        name: 'A YouTube Short',
        media: {
          maxImages: 0,
          maxVideos: 1,
          allowsMixed: false,
          requiresVideo: true,
          maxVideoMs: 3 * MINUTE_MS,
          videoAspectRatio: { min: 0, max: 1, name: 'square or vertical' },
        },
      },
    },
    formatOf: (options) => (options?.shorts === true ? 'shorts' : undefined),
    extra: (content, _media, post) => youtubeViolations(content, post),
  },
  options: {
    schema: YouTubeOptionsSchema,
    fields: YOUTUBE_OPTION_FIELDS,
    mediaIds: (options) => {
      const thumbnailId = YouTubeOptionsSchema.safeParse(options ?? {}).data?.thumbnailMediaId;
      return thumbnailId ? [thumbnailId] : [];
    },
  },
});
