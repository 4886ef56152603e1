// Instagram: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { DAY } from '../units';
export const instagram = definePlatform({
  id: 'INSTAGRAM',
  name: 'Instagram',
  monogram: 'IG',
  previewActions: '♡  Comment  Share',
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
});
