// YouTube: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { DAY } from '../units';
export const youtube = definePlatform({
  id: 'YOUTUBE',
  name: 'YouTube',
  monogram: '▶',
  previewActions: 'Like · Dislike · Share',
  connectsWith: 'oauth',
  threads: false,
  comments: true,
  metrics: ['views', 'likes', 'replies'],
  // no documented duplicate refusal: YouTube judges repeats as spam by its own undisclosed measures
  duplicateTextWindowDays: null,
  // https://developers.google.com/youtube/v3/determine_quota_cost: videos.insert has its own
  // quota bucket of 100 calls a day per Google Cloud project (planrrr's app).
  publishLimits: [{ per: 'app', count: 100, windowSeconds: DAY }],
});
