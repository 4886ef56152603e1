// TikTok: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { TIKTOK_OPTION_FIELDS, TikTokOptionsSchema } from './options';
import { MB, MINUTE_MS, SECOND_MS, utf16Units } from '../units';

export const tiktok = definePlatform({
  id: 'TIKTOK',
  name: 'TikTok',
  monogram: '♪',
  colour: '#010101',
  previewActions: '♡ · Comment · Save · Share',
  previewMediaFirst: true,
  connectsWith: 'oauth',
  // an inbox upload is finished by the creator in the app; a direct post has no link while
  // TikTok still processes or moderates it, or when only its creator may see it
  publishedWithoutLink: (options) =>
    options?.mode === 'inbox'
      ? 'Sent to the TikTok inbox: finish the post in the TikTok app'
      : 'No public link yet: TikTok is processing it, or it is private',
  threads: false,
  comments: false,
  // a video's or photo post's view, like, comment and share counts (an inbox upload has none to read)
  metrics: ['views', 'likes', 'replies', 'reposts'],
  duplicateTextWindowDays: null,
  rules: {
    name: 'TikTok',
    // a video's caption (post_info.title): 2,200 UTF-16 code units; one video, MP4, WebM or
    // MOV, up to 4 GB, 3 s to 10 min (the documented default; a creator's own maximum,
    // max_video_post_duration_sec, and the privacy levels the creator allows are read from
    // creator_info when publishing);
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
      minVideoMs: 3 * SECOND_MS,
      maxVideoMs: 10 * MINUTE_MS,
    },
  },
  options: {
    schema: TikTokOptionsSchema,
    fields: TIKTOK_OPTION_FIELDS,
  },
});
