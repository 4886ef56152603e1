// LinkedIn: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { DAY } from '../units';
export const linkedin = definePlatform({
  id: 'LINKEDIN',
  name: 'LinkedIn',
  monogram: 'in',
  previewActions: 'Like · Comment · Repost · Send',
  connectsWith: 'oauth',
  threads: false,
  comments: true,
  // impressions, reposts and clicks for an organization's posts only; a member's say why not
  metrics: ['impressions', 'likes', 'replies', 'reposts', 'clicks'],
  // LinkedIn refuses a repeated post (422 "Content is a duplicate of urn:li:share:…",
  // activities/publishers/linkedin.ts), also without a documented window: 30 days, as for X.
  duplicateTextWindowDays: 30,
  // https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits: daily
  // limits per member and per application, reset at midnight UTC, shown only in the
  // developer portal; 150 posts a day per member is the figure integrators report.
  publishLimits: [{ per: 'account', count: 150, windowSeconds: DAY }],
});
