// Threads: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { DAY } from '../units';
export const threads = definePlatform({
  id: 'THREADS',
  name: 'Threads',
  monogram: '@',
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
});
