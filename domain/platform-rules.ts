// What each platform accepts in one post: text length (measured the platform's way) and
// the number, kind and size of media. Checked before a post is scheduled, so a post that
// the platform would refuse is refused now, while the author can still fix it.
// NOTE: pure and browser-safe (no Node APIs): the API and the web composer share it.
import twitterText from 'twitter-text';
import { platformDefinition } from '../platforms';
import { takesComments, takesThreads, type Platform } from './post';
import {
  hasTargetOptions,
  optionsKey,
  TARGET_OPTION_SCHEMAS,
  targetOptionProblems,
  YOUTUBE_DESCRIPTION_MAX_BYTES,
  YOUTUBE_TITLE_MAX,
  type TargetOptions,
  type TargetOptionsOf,
} from './target-options';

export interface RuleMedia {
  /** a document is a PDF, which only LinkedIn publishes */
  kind: 'image' | 'video' | 'document';
  mimeType: string;
  sizeBytes: number;
}

/** Media kinds as stored (the database's MediaKind) and as the rules and publishers name them. */
export const MEDIA_KINDS = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' } as const satisfies Record<string, RuleMedia['kind']>;

export interface PostForPlatform {
  platform: Platform;
  connectionId?: string;
  /** the account's own text limit, where its server sets one (a Mastodon instance) */
  maxCharacters?: number | null;
  content: string;
  media: readonly RuleMedia[];
  /** the account's platform options (domain/target-options.ts) */
  options?: TargetOptions | undefined;
  /** the media the options name (a YouTube thumbnail) that are the team's, by id; unchecked when absent (the composer) */
  optionMedia?: ReadonlyMap<string, RuleMedia> | undefined;
}

/** The rules about a post's media rather than its text: a form shows their violations beside the media. */
export const MEDIA_RULES: ReadonlySet<string> = new Set([
  'document-alone',
  'document-too-large',
  'documents-unsupported',
  'media-required',
  'mixed-media',
  'too-many-images',
  'too-many-media',
  'too-many-videos',
  'unsupported-media-type',
  'video-required',
]);

export interface PlatformViolation {
  platform: Platform;
  connectionId?: string;
  /** in a thread, the part that breaks the rule: 0 is the post's content, 1 its `thread[0]` */
  part?: number;
  /** true when the first comment breaks the rule */
  firstComment?: true;
  /** a stable slug clients may branch on, e.g. `text-too-long` */
  rule: string;
  message: string;
  /** the request field a `target-options` violation is about, e.g. `targetOptions.reddit.title` */
  field?: string;
}

interface MediaRules {
  maxImages: number;
  maxVideos: number;
  /** images and videos together, where the platform counts them as one list (an album, a carousel, attachments) */
  maxItems?: number;
  /** images and a video in the same post */
  allowsMixed: boolean;
  /** at least one image or video */
  requiresMedia?: boolean;
  /** a PDF document, alone in its post, up to this size; absent where the platform takes none */
  maxDocumentBytes?: number;
  requiresVideo?: boolean;
  imageTypes?: readonly string[];
  videoTypes?: readonly string[];
  maxImageBytes?: number;
  maxVideoBytes?: number;
}

/** A format an account's options choose (domain/target-options.ts: an Instagram Reel) that has media rules of its own. */
interface FormatRules {
  /** how messages name it: `An Instagram Reel` */
  name: string;
  media: MediaRules;
  /** false where the platform takes no comment on it (a Story) */
  takesComments?: false;
}

interface PlatformRules {
  name: string;
  maxLength: number;
  /** the text's length as the platform counts it */
  measure(content: string): number;
  /** what the platform calls a unit of maxLength, for messages */
  unit: string;
  media: MediaRules;
  /** a first comment's limit where it is shorter than a post's (measured the same way) */
  maxCommentLength?: number;
  /** the formats besides the default one, by the value of the account's `format` option */
  formats?: Record<string, FormatRules>;
  /** rules beyond length and media, or about the text with media (a caption's shorter limit) or the account's options */
  extra?(content: string, media: readonly RuleMedia[], post: PostForPlatform): Array<Pick<PlatformViolation, 'rule' | 'message' | 'field'>>;
}

const MB = 1024 * 1024;
const codePoints = (text: string) => [...text].length;
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemes = (text: string) => [...graphemeSegmenter.segment(text)].length;
const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
/** Telegram counts text in UTF-16 code units, as its entity offsets are (https://core.telegram.org/api/entities#entity-length) */
const utf16Units = (text: string) => text.length;

/** Telegram: a photo or video carries its text as a caption, shorter than a message. https://core.telegram.org/bots/api#sendphoto */
export const TELEGRAM_CAPTION_MAX_LENGTH = 1024;
const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

/** Mastodon counts every URL as 23 characters, whatever its length. https://docs.joinmastodon.org/user/posting/#links */
const MASTODON_URL_LENGTH = 23;

const PHONE_NUMBER_CANDIDATE = /\+?\(?\d[\d\s().-]{5,}\d/g;
/** dates and year ranges look like digit runs too, and are not phone numbers */
const DATE_LIKE = /^(\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}\s*-\s*\d{4})$/;

/** Whether the text has a phone number as Google's post policy means it: 7 to 15 digits, with +, spaces, dots, dashes or brackets between. */
export function hasPhoneNumber(text: string): boolean {
  return (text.match(PHONE_NUMBER_CANDIDATE) ?? []).some((candidate) => {
    const digits = candidate.replace(/\D/g, '').length;
    return digits >= 7 && digits <= 15 && !DATE_LIKE.test(candidate.trim());
  });
}

type YouTubeOptions = TargetOptionsOf<'YOUTUBE'>;

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
  const options = TARGET_OPTION_SCHEMAS.YOUTUBE.safeParse(post.options ?? {}).data ?? {};
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

const RULES: Record<Platform, PlatformRules> = {
  DEMO: {
    name: 'Demo feed',
    maxLength: 10_000,
    measure: codePoints,
    unit: 'characters',
    media: { maxImages: 10, maxVideos: 1, allowsMixed: true },
  },
  X: {
    name: 'X',
    // 280 weighted characters: CJK and emoji weigh 2, every URL 23.
    // https://docs.x.com/resources/fundamentals/counting-characters (implemented by twitter-text)
    maxLength: 280,
    measure: (content) => twitterText.parseTweet(content).weightedLength,
    unit: 'weighted characters (CJK and emoji count twice, links 23)',
    // https://docs.x.com/x-api/media/quickstart/best-practices: up to 4 images (5 MB; GIF
    // 15 MB) or 1 video (512 MB); JPEG, PNG, WebP, GIF; MP4 or MOV
    media: {
      maxImages: 4,
      maxVideos: 1,
      allowsMixed: false,
      imageTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
      videoTypes: ['video/mp4', 'video/quicktime'],
      maxImageBytes: 5 * MB,
      maxVideoBytes: 512 * MB,
    },
  },
  BLUESKY: {
    name: 'Bluesky',
    // app.bsky.feed.post: text maxGraphemes 300 (and maxLength 3000 bytes)
    // https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json
    maxLength: 300,
    measure: graphemes,
    unit: 'characters',
    // app.bsky.embed.images: up to 4, each 1,000,000 bytes; app.bsky.embed.video: one
    // video/mp4 up to 100,000,000 bytes; a post embeds one or the other.
    // https://github.com/bluesky-social/atproto/tree/main/lexicons/app/bsky/embed
    media: {
      maxImages: 4,
      maxVideos: 1,
      allowsMixed: false,
      imageTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
      videoTypes: ['video/mp4'],
      maxImageBytes: 1_000_000,
      maxVideoBytes: 100_000_000,
    },
    extra: (content) =>
      utf8Bytes(content) > 3000 ? [{ rule: 'text-too-long', message: 'Bluesky allows at most 3,000 bytes of text' }] : [],
  },
  MASTODON: {
    name: 'Mastodon',
    // Mastodon's default; an instance may configure its own (configuration.statuses.max_characters
    // in GET /api/v2/instance), read when the account is connected (Connection.maxCharacters).
    // https://docs.joinmastodon.org/entities/Instance/#max_characters
    maxLength: 500,
    measure: (content) => codePoints(content.replace(URL_PATTERN, 'x'.repeat(MASTODON_URL_LENGTH))),
    unit: 'characters (links count 23)',
    // configuration.statuses.max_media_attachments 4; image 16 MB, video 99 MB by default
    // https://docs.joinmastodon.org/entities/Instance/#media_attachments
    media: { maxImages: 4, maxVideos: 1, allowsMixed: false, maxImageBytes: 16 * MB, maxVideoBytes: 99 * MB },
  },
  LINKEDIN: {
    name: 'LinkedIn',
    // Posts API: commentary up to 3,000 characters
    // https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api
    maxLength: 3000,
    measure: codePoints,
    unit: 'characters',
    // MultiImage API: 2 to 20 images; Videos API: one video, MP4, up to 500 MB; Documents
    // API: one PDF up to 100 MB and 300 pages (the page count is checked at upload)
    // https://learn.microsoft.com/linkedin/marketing/community-management/shares/multiimage-post-api
    // https://learn.microsoft.com/linkedin/marketing/community-management/shares/videos-api
    // https://learn.microsoft.com/linkedin/marketing/community-management/shares/documents-api
    media: {
      maxImages: 20,
      maxVideos: 1,
      allowsMixed: false,
      videoTypes: ['video/mp4'],
      maxVideoBytes: 500 * MB,
      maxDocumentBytes: 100 * MB,
    },
    // Comments API: a comment's text is at most 1,250 characters
    // https://learn.microsoft.com/linkedin/marketing/community-management/shares/comments-api
    maxCommentLength: 1250,
  },
  FACEBOOK: {
    name: 'Facebook',
    // a Page post's message: 63,206 characters
    // https://developers.facebook.com/docs/graph-api/reference/page/feed/
    maxLength: 63_206,
    measure: codePoints,
    unit: 'characters',
    media: { maxImages: 10, maxVideos: 1, allowsMixed: false },
    // planrrr connects Pages only, so a Story or Reel is always a Page's.
    // Reels: one video, MP4 recommended https://developers.facebook.com/docs/video-api/guides/reels-publishing
    // Stories: one photo or one video, without text https://developers.facebook.com/docs/page-stories-api
    formats: {
      reel: {
        name: 'A Facebook Reel',
        media: { maxImages: 0, maxVideos: 1, allowsMixed: false, requiresVideo: true, videoTypes: ['video/mp4', 'video/quicktime'] },
      },
      story: {
        name: 'A Facebook Story',
        media: {
          maxImages: 1,
          maxVideos: 1,
          maxItems: 1,
          allowsMixed: true,
          requiresMedia: true,
          videoTypes: ['video/mp4', 'video/quicktime'],
        },
        takesComments: false,
      },
    },
  },
  INSTAGRAM: {
    name: 'Instagram',
    // caption: 2,200 characters, at most 30 hashtags; a feed post needs an image or video;
    // a carousel holds 2 to 10; images JPEG up to 8 MB; videos (reels) MP4/MOV up to 300 MB;
    // a Story's video up to 100 MB, and a Story shows no caption (the text is not sent)
    // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
    // NOTE: the aspect ratio (4:5 to 1.91:1 for feed images) and a video's length are not checked:
    // planrrr does not read media dimensions or durations yet, so Instagram's container ERROR reports them.
    maxLength: 2200,
    measure: codePoints,
    unit: 'characters',
    media: {
      maxImages: 10,
      maxVideos: 10,
      maxItems: 10,
      allowsMixed: true,
      requiresMedia: true,
      imageTypes: ['image/jpeg'],
      videoTypes: ['video/mp4', 'video/quicktime'],
      maxImageBytes: 8 * MB,
      maxVideoBytes: 300 * MB,
    },
    formats: {
      reel: {
        name: 'An Instagram Reel',
        media: {
          maxImages: 0,
          maxVideos: 1,
          allowsMixed: false,
          requiresVideo: true,
          videoTypes: ['video/mp4', 'video/quicktime'],
          maxVideoBytes: 300 * MB,
        },
      },
      story: {
        name: 'An Instagram Story',
        media: {
          maxImages: 1,
          maxVideos: 1,
          maxItems: 1,
          allowsMixed: true,
          requiresMedia: true,
          imageTypes: ['image/jpeg'],
          videoTypes: ['video/mp4', 'video/quicktime'],
          maxImageBytes: 8 * MB,
          maxVideoBytes: 100 * MB,
        },
        takesComments: false,
      },
    },
    extra: (content) =>
      (content.match(/#[\p{L}\p{N}_]+/gu) ?? []).length > 30
        ? [{ rule: 'too-many-hashtags', message: 'Instagram allows at most 30 hashtags' }]
        : [],
  },
  YOUTUBE: {
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
    extra: (content, _media, post) => youtubeViolations(content, post),
  },
  TELEGRAM: {
    name: 'Telegram',
    // sendMessage: 1-4096 characters; sendPhoto/sendVideo/sendMediaGroup: a caption of
    // 0-1024 characters (extra); sendMediaGroup: 2-10 photos and videos, which may be mixed;
    // bots upload photos up to 10 MB and other files up to 50 MB
    // https://core.telegram.org/bots/api#sendmessage https://core.telegram.org/bots/api#sendmediagroup
    // https://core.telegram.org/bots/api#sending-files
    maxLength: 4096,
    measure: utf16Units,
    unit: 'characters (emoji count 2)',
    media: {
      maxImages: 10,
      maxVideos: 10,
      maxItems: 10,
      allowsMixed: true,
      imageTypes: ['image/jpeg', 'image/png', 'image/webp'],
      videoTypes: ['video/mp4'],
      maxImageBytes: 10 * MB,
      maxVideoBytes: 50 * MB,
    },
    extra: (content, media) =>
      media.length > 0 && utf16Units(content) > TELEGRAM_CAPTION_MAX_LENGTH
        ? [
            {
              rule: 'caption-too-long',
              message: `With media, the text is a Telegram caption: at most ${TELEGRAM_CAPTION_MAX_LENGTH} characters, it has ${utf16Units(content)}`,
            },
          ]
        : [],
  },
  DISCORD: {
    name: 'Discord',
    // Execute Webhook: content up to 2000 characters, up to 10 files; without a server boost
    // an upload is at most 10 MiB
    // https://discord.com/developers/docs/resources/webhook#execute-webhook
    // https://discord.com/developers/docs/reference#uploading-files
    maxLength: 2000,
    measure: codePoints,
    unit: 'characters',
    media: { maxImages: 10, maxVideos: 10, maxItems: 10, allowsMixed: true, maxImageBytes: 10 * MB, maxVideoBytes: 10 * MB },
  },
  SLACK: {
    name: 'Slack',
    // chat.postMessage truncates text beyond 40,000 characters and recommends at most 4,000:
    // planrrr holds posts to 4,000, so a message always arrives whole
    // https://docs.slack.dev/reference/methods/chat.postMessage#truncating
    // files.completeUploadExternal shares up to 10 files in one message (planrrr's choice,
    // matching Slack's own composer); a file may be up to 1 GB
    // https://docs.slack.dev/messaging/working-with-files#upload
    maxLength: 4000,
    measure: codePoints,
    unit: 'characters',
    media: { maxImages: 10, maxVideos: 10, maxItems: 10, allowsMixed: true, maxImageBytes: 1024 * MB, maxVideoBytes: 1024 * MB },
  },
  THREADS: {
    name: 'Threads',
    // text: 500 characters (emoji count by their UTF-8 bytes), at most 5 links; a carousel
    // holds 2 to 20 images and videos; images JPEG or PNG up to 8 MB; videos MP4 or MOV up to
    // 1 GB and 5 minutes
    // https://developers.facebook.com/docs/threads/overview#limitations
    // https://developers.facebook.com/docs/threads/posts#carousel-posts
    maxLength: 500,
    measure: codePoints,
    unit: 'characters',
    media: {
      maxImages: 20,
      maxVideos: 20,
      allowsMixed: true,
      maxItems: 20,
      imageTypes: ['image/jpeg', 'image/png'],
      videoTypes: ['video/mp4', 'video/quicktime'],
      maxImageBytes: 8 * MB,
      maxVideoBytes: 1024 * MB,
    },
    extra: (content) => {
      const links = (content.match(URL_PATTERN) ?? []).length;
      return links > 5 ? [{ rule: 'too-many-links', message: `A Threads post may have at most 5 links, this one has ${links}` }] : [];
    },
  },
  REDDIT: {
    name: 'Reddit',
    // a text post's body: 40,000 characters; a post whose text is one URL is a link post. The
    // title and subreddit are the account's options (domain/target-options.ts). Image and
    // video posts are not published yet: Reddit takes them through its undocumented media
    // upload (POST /api/media/asset.json), so planrrr refuses media for Reddit for now.
    // https://www.reddit.com/dev/api/#POST_api_submit
    maxLength: 40_000,
    measure: codePoints,
    unit: 'characters',
    media: { maxImages: 0, maxVideos: 0, allowsMixed: false },
  },
  PINTEREST: {
    name: 'Pinterest',
    // a pin's description: 800 characters; one image (BMP, JPEG, PNG, TIFF, GIF, WebP; up to
    // 20 MB) or one video (MP4, MOV, M4V; up to 2 GB). The board, title (100) and link are the
    // account's options (domain/target-options.ts), the alt text (500) the media's.
    // https://developers.pinterest.com/docs/api/v5/pins-create
    // https://help.pinterest.com/en/business/article/pinterest-product-specs
    maxLength: 800,
    measure: codePoints,
    unit: 'characters',
    media: {
      maxImages: 1,
      maxVideos: 1,
      allowsMixed: false,
      requiresMedia: true,
      imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp', 'image/tiff'],
      videoTypes: ['video/mp4', 'video/quicktime', 'video/x-m4v'],
      maxImageBytes: 20 * MB,
      maxVideoBytes: 2048 * MB,
    },
  },
  TIKTOK: {
    name: 'TikTok',
    // a video's caption (post_info.title): 2,200 UTF-16 code units; one video, MP4, WebM or
    // MOV, up to 4 GB (its length up to the creator's max_video_post_duration_sec, and the
    // privacy level one the creator allows: both read from creator_info when publishing);
    // or a photo post of up to 35 photos, JPEG or WebP, up to 20 MB each (its description
    // takes 4,000 characters: the video's 2,200 hold for both)
    // https://developers.tiktok.com/doc/content-posting-api-reference-direct-post
    // https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide
    // https://developers.tiktok.com/doc/content-posting-api-reference-photo-post
    maxLength: 2200,
    measure: utf16Units,
    unit: 'characters (emoji count 2)',
    media: {
      maxImages: 35,
      maxVideos: 1,
      allowsMixed: false,
      requiresMedia: true,
      imageTypes: ['image/jpeg', 'image/webp'],
      videoTypes: ['video/mp4', 'video/webm', 'video/quicktime'],
      maxImageBytes: 20 * MB,
      maxVideoBytes: 4096 * MB,
    },
  },
  GOOGLE_BUSINESS: {
    name: 'Google Business Profile',
    // a local post's summary: 1,500 characters, without phone numbers (Google rejects posts
    // that contain one); one photo, JPEG or PNG, up to 5 MB. The topic, call to action,
    // event and offer are the account's options (domain/target-options.ts).
    // https://developers.google.com/my-business/content/posts-data
    // https://support.google.com/business/answer/7213077 (posts content policy)
    // https://support.google.com/business/answer/6103862 (photo guidelines)
    maxLength: 1500,
    measure: codePoints,
    unit: 'characters',
    media: {
      maxImages: 1,
      maxVideos: 0,
      allowsMixed: false,
      imageTypes: ['image/jpeg', 'image/png'],
      maxImageBytes: 5 * MB,
    },
    extra: (content) =>
      hasPhoneNumber(content)
        ? [
            {
              rule: 'phone-number',
              message: 'Google Business Profile refuses posts with a phone number in the text: use a "Call" call to action',
            },
          ]
        : [],
  },
};

/** The text's length as the platform counts it, and its limit: for the composer's counters. */
export function textLength(
  platform: Platform,
  content: string,
  maxCharacters?: number | null,
): { length: number; limit: number; unit: string } {
  const rules = RULES[platform];
  return { length: rules.measure(content), limit: maxCharacters ?? rules.maxLength, unit: rules.unit };
}

const formatBytes = (bytes: number) => (bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${bytes.toLocaleString('en')} bytes`);

/** `name` starts sentences about what the platform takes (`Instagram`, `An Instagram Reel`), `subject` those about the post (`A Instagram post`). */
function mediaViolations(
  { name, subject }: { name: string; subject: string },
  rules: MediaRules,
  media: readonly RuleMedia[],
): Array<Pick<PlatformViolation, 'rule' | 'message'>> {
  const problems: Array<Pick<PlatformViolation, 'rule' | 'message'>> = [];
  const images = media.filter((item) => item.kind === 'image');
  const videos = media.filter((item) => item.kind === 'video');
  const documents = media.filter((item) => item.kind === 'document');
  if (documents.length > 0) {
    if (rules.maxDocumentBytes === undefined)
      return [{ rule: 'documents-unsupported', message: `${name} does not take PDF documents (only LinkedIn does)` }];
    if (media.length > 1)
      return [{ rule: 'document-alone', message: `A ${name} document post is one PDF and no other document, image or video` }];
    const { sizeBytes } = documents[0]!;
    return sizeBytes > rules.maxDocumentBytes
      ? [
          {
            rule: 'document-too-large',
            message: `${name} takes PDF documents up to ${formatBytes(rules.maxDocumentBytes)}, this one is ${formatBytes(sizeBytes)}`,
          },
        ]
      : [];
  }
  if (rules.requiresVideo && videos.length !== 1) problems.push({ rule: 'video-required', message: `${subject} is exactly one video` });
  if (rules.requiresMedia && media.length === 0)
    problems.push({ rule: 'media-required', message: `${subject} needs at least one image or video` });
  if (images.length > rules.maxImages) {
    problems.push({
      rule: 'too-many-images',
      message:
        rules.maxImages === 0
          ? `${name} does not take images`
          : `${name} takes at most ${rules.maxImages === 1 ? 'one image' : `${rules.maxImages} images`}, this post has ${images.length}`,
    });
  }
  if (videos.length > rules.maxVideos)
    problems.push({
      rule: 'too-many-videos',
      message: `${name} takes at most ${rules.maxVideos} video(s), this post has ${videos.length}`,
    });
  if (rules.maxItems !== undefined && media.length > rules.maxItems)
    problems.push({
      rule: 'too-many-media',
      message: `${name} takes at most ${rules.maxItems === 1 ? 'one image or video' : `${rules.maxItems} images and videos together`}, this post has ${media.length}`,
    });
  if (!rules.allowsMixed && images.length > 0 && videos.length > 0)
    problems.push({ rule: 'mixed-media', message: `${subject} carries either images or a video, not both` });
  for (const item of [...images, ...videos]) {
    const types = item.kind === 'image' ? rules.imageTypes : rules.videoTypes;
    if (types && !types.includes(item.mimeType)) {
      problems.push({
        rule: 'unsupported-media-type',
        message: `${name} does not take ${item.mimeType} ${item.kind}s (only ${types.join(', ')})`,
      });
    }
    const maxBytes = item.kind === 'image' ? rules.maxImageBytes : rules.maxVideoBytes;
    if (maxBytes !== undefined && item.sizeBytes > maxBytes) {
      problems.push({
        rule: `${item.kind}-too-large`,
        message: `${name} takes ${item.kind}s up to ${formatBytes(maxBytes)}, this one is ${formatBytes(item.sizeBytes)}`,
      });
    }
  }
  return problems;
}

/** The format the account's options choose, where it has rules of its own (not the platform's default format). */
function formatOf(rules: PlatformRules, options: TargetOptions | undefined): FormatRules | undefined {
  const format = options?.format;
  return typeof format === 'string' && rules.formats && Object.hasOwn(rules.formats, format) ? rules.formats[format] : undefined;
}

/** Every rule the post breaks on one platform (empty when the platform will take it). */
export function checkPlatformRules(post: PostForPlatform): PlatformViolation[] {
  const rules = RULES[post.platform];
  const problems: Array<Pick<PlatformViolation, 'rule' | 'message' | 'field'>> = [];
  const { length, limit, unit } = textLength(post.platform, post.content, post.maxCharacters);
  if (length > limit) problems.push({ rule: 'text-too-long', message: `${rules.name} allows ${limit} ${unit}; this post has ${length}` });
  const format = formatOf(rules, post.options);
  const media = format
    ? mediaViolations({ name: format.name, subject: format.name }, format.media, post.media)
    : mediaViolations({ name: rules.name, subject: `A ${rules.name} post` }, rules.media, post.media);
  problems.push(...(rules.extra?.(post.content, post.media, post) ?? []), ...media);
  const key = hasTargetOptions(post.platform) ? optionsKey(post.platform) : 'options';
  for (const { field, message } of targetOptionProblems(post.platform, post.options)) {
    problems.push({ rule: 'target-options', field: `targetOptions.${key}${field ? `.${field}` : ''}`, message });
  }
  return problems.map((problem) => ({
    platform: post.platform,
    ...(post.connectionId ? { connectionId: post.connectionId } : {}),
    ...problem,
  }));
}

/**
 * A first comment on one account: refused where the platform takes none, else held to the
 * platform's text limit (a reply on X, Bluesky and Mastodon is a post of its own).
 */
function commentViolations(
  target: { platform: Platform; connectionId?: string; maxCharacters?: number | null; options?: TargetOptions | undefined },
  comment: string,
): PlatformViolation[] {
  const rules = RULES[target.platform];
  const account = {
    platform: target.platform,
    ...(target.connectionId ? { connectionId: target.connectionId } : {}),
    firstComment: true as const,
  };
  if (!takesComments(target.platform)) {
    return [{ ...account, rule: 'comments-unsupported', message: `planrrr cannot add a first comment on ${rules.name}` }];
  }
  const format = formatOf(rules, target.options);
  if (format?.takesComments === false) {
    return [
      {
        ...account,
        rule: 'comments-unsupported',
        message: `${format.name} takes no comments: leave the first comment out for this account`,
      },
    ];
  }
  const { length, limit: postLimit, unit } = textLength(target.platform, comment, target.maxCharacters);
  const limit = rules.maxCommentLength ?? postLimit;
  return length > limit
    ? [{ ...account, rule: 'text-too-long', message: `${rules.name} allows ${limit} ${unit}; this comment has ${length}` }]
    : [];
}

/** One part of a thread after the first, as the rules check it. */
export interface RulePart {
  content: string;
  media: readonly RuleMedia[];
}

/**
 * The rules of every target account, for one post's media and each account's text (its
 * override, else the post's content), then for each later part of a thread: each part is
 * checked against each account's limits, and a thread for a platform without threads is refused.
 */
export function checkPostForTargets(
  post: { content: string; media: readonly RuleMedia[]; thread?: readonly RulePart[]; firstComment?: string },
  targets: ReadonlyArray<{
    platform: Platform;
    connectionId?: string;
    maxCharacters?: number | null;
    content?: string;
    options?: TargetOptions | undefined;
    optionMedia?: ReadonlyMap<string, RuleMedia> | undefined;
  }>,
): PlatformViolation[] {
  const thread = post.thread ?? [];
  return targets.flatMap((target) => {
    const first = [
      ...checkPlatformRules({ ...target, media: post.media, content: target.content ?? post.content }),
      ...(post.firstComment !== undefined ? commentViolations(target, post.firstComment) : []),
    ];
    if (thread.length === 0) return first;
    if (!takesThreads(target.platform)) {
      const refusal: PlatformViolation = {
        platform: target.platform,
        ...(target.connectionId ? { connectionId: target.connectionId } : {}),
        part: 1,
        rule: 'threads-unsupported',
        message: `${RULES[target.platform].name} does not take threads: publish the ${thread.length + 1} parts as separate posts, or leave this account out`,
      };
      return [...first, refusal];
    }
    const parts = thread.flatMap((part, index) =>
      checkPlatformRules({ ...target, ...part }).map((violation) => ({ ...violation, part: index + 1 })),
    );
    return [...first, ...parts];
  });
}

/**
 * The days around a post within which the platform would refuse the same text again (its
 * definition's `duplicateTextWindowDays`). Evergreen rotation (domain/evergreen-rotation.ts)
 * keeps identical texts this far apart, and the set's own gap where the platform says nothing.
 */
export function duplicateTextWindowDays(platform: Platform, minGapDays: number): number {
  return platformDefinition(platform).duplicateTextWindowDays ?? minGapDays;
}
