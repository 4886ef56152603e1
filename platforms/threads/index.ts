// Threads: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { codePoints, DAY, MB, MINUTE_MS, URL_PATTERN } from '../units';

export const threads = definePlatform({
  id: 'THREADS',
  name: 'Threads',
  monogram: '@',
  colour: '#101010',
  previewActions: '♡  Reply  Repost  Share',
  connectsWith: 'oauth',
  threads: true,
  comments: false,
  // Threads media insights; Threads gives no impressions, only views
  metrics: ['views', 'likes', 'replies', 'reposts', 'quotes'],
  // no documented duplicate refusal: Threads judges repeats as spam by its own undisclosed measures
  duplicateTextWindowDays: null,
  // https://developers.facebook.com/docs/threads/troubleshooting: 250 API-published posts per
  // profile in 24 hours.
  publishLimits: [{ per: 'account', count: 250, windowSeconds: DAY }],
  rules: {
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
      maxVideoMs: 5 * MINUTE_MS,
    },
    extra: (content) => {
      const links = (content.match(URL_PATTERN) ?? []).length;
      return links > 5 ? [{ rule: 'too-many-links', message: `A Threads post may have at most 5 links, this one has ${links}` }] : [];
    },
  },
});
