// Instagram: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { INSTAGRAM_OPTION_FIELDS, InstagramOptionsSchema } from './options';
import { codePoints, DAY, MB, MINUTE_MS, SECOND_MS } from '../units';

export const instagram = definePlatform({
  id: 'INSTAGRAM',
  name: 'Instagram',
  monogram: 'IG',
  colour: 'linear-gradient(45deg, #f58529, #dd2a7b, #8134af)',
  previewActions: '♡  Comment  Share',
  previewMediaFirst: true,
  connectsWith: 'oauth',
  threads: false,
  comments: true,
  // Instagram retired impressions for views (media after July 2024)
  metrics: ['reach', 'views', 'likes', 'replies', 'reposts', 'saves'],
  // no documented duplicate refusal: Instagram judges repeats as spam by its own undisclosed measures
  duplicateTextWindowDays: null,
  // https://developers.facebook.com/docs/instagram-platform/content-publishing/: 100
  // API-published posts per account in a moving 24-hour period (a carousel counts once).
  publishLimits: [{ per: 'account', count: 100, windowSeconds: DAY }],
  rules: {
    name: 'Instagram',
    // caption: 2,200 characters, at most 30 hashtags; a feed post needs an image or video;
    // a carousel holds 2 to 10; images JPEG up to 8 MB; videos (reels) MP4/MOV up to 300 MB;
    // a Story's video up to 100 MB, and a Story shows no caption (the text is not sent)
    // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
    // A feed image's aspect ratio is 4:5 to 1.91:1; a video (published as a reel) lasts 3 s to
    // 15 min; a Story's video at most 60 s (same page; checked where the upload told planrrr
    // the file's size and length, lib/media-facts.ts).
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
      imageAspectRatio: { min: 4 / 5, max: 1.91, name: 'from 4:5 (portrait) to 1.91:1 (landscape)' },
      minVideoMs: 3 * SECOND_MS,
      maxVideoMs: 15 * MINUTE_MS,
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
          minVideoMs: 3 * SECOND_MS,
          maxVideoMs: 15 * MINUTE_MS,
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
          maxVideoMs: 60 * SECOND_MS,
        },
        takesComments: false,
      },
    },
    extra: (content) =>
      (content.match(/#[\p{L}\p{N}_]+/gu) ?? []).length > 30
        ? [{ rule: 'too-many-hashtags', message: 'Instagram allows at most 30 hashtags' }]
        : [],
  },
  options: {
    schema: InstagramOptionsSchema,
    fields: INSTAGRAM_OPTION_FIELDS,
  },
});
