// Facebook: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { DAY } from '../units';
export const facebook = definePlatform({
  id: 'FACEBOOK',
  name: 'Facebook',
  monogram: 'f',
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
});
