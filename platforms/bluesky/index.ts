// Bluesky: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { DAY, HOUR } from '../units';
export const bluesky = definePlatform({
  id: 'BLUESKY',
  name: 'Bluesky',
  monogram: 'B',
  previewActions: 'Reply · Repost · Like',
  connectsWith: 'token',
  threads: true,
  comments: true,
  metrics: ['likes', 'replies', 'reposts', 'quotes'],
  // no documented duplicate refusal: Bluesky takes any text again
  duplicateTextWindowDays: null,
  // https://docs.bsky.app/docs/advanced-guides/rate-limits: 5,000 points per hour and 35,000
  // per day per account (DID), a created record costing 3 points: 1,666 and 11,666 posts.
  publishLimits: [
    { per: 'account', count: 1_666, windowSeconds: HOUR },
    { per: 'account', count: 11_666, windowSeconds: DAY },
  ],
});
