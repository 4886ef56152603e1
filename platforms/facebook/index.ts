// Facebook: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { FACEBOOK_OPTION_FIELDS, FacebookOptionsSchema } from './options';
import { codePoints, DAY, SECOND_MS } from '../units';

export const facebook = definePlatform({
  id: 'FACEBOOK',
  name: 'Facebook',
  monogram: 'f',
  colour: '#1877f2',
  previewActions: 'Like · Comment · Share',
  connectsWith: 'oauth',
  threads: false,
  comments: true,
  // Facebook retired impressions for views (Nov 2025)
  metrics: ['views', 'likes', 'replies', 'reposts', 'clicks'],
  // no documented duplicate refusal: Facebook judges repeats as spam by its own undisclosed measures
  duplicateTextWindowDays: null,
  // https://developers.facebook.com/docs/graph-api/overview/rate-limiting/: Pages API calls
  // are counted per Page and 24 hours, 4,800 times the Page's engaged users: 4,800 for a
  // Page with one, the least a Page has.
  publishLimits: [{ per: 'account', count: 4_800, windowSeconds: DAY }],
  rules: {
    name: 'Facebook',
    // a Page post's message: 63,206 characters
    // https://developers.facebook.com/docs/graph-api/reference/page/feed/
    maxLength: 63_206,
    measure: codePoints,
    unit: 'characters',
    media: { maxImages: 10, maxVideos: 1, allowsMixed: false },
    // planrrr connects Pages only, so a Story or Reel is always a Page's.
    // Reels: one video, MP4 recommended, 3 to 90 s; a reel shown as a Page's Story at most 60 s
    // https://developers.facebook.com/docs/video-api/guides/reels-publishing
    // Stories: one photo or one video, without text https://developers.facebook.com/docs/page-stories-api
    formats: {
      reel: {
        name: 'A Facebook Reel',
        media: {
          maxImages: 0,
          maxVideos: 1,
          allowsMixed: false,
          requiresVideo: true,
          videoTypes: ['video/mp4', 'video/quicktime'],
          minVideoMs: 3 * SECOND_MS,
          maxVideoMs: 90 * SECOND_MS,
        },
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
          maxVideoMs: 60 * SECOND_MS,
        },
        takesComments: false,
      },
    },
  },
  options: {
    schema: FacebookOptionsSchema,
    fields: FACEBOOK_OPTION_FIELDS,
  },
});
