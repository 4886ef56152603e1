// LinkedIn: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { LINKEDIN_OPTION_FIELDS, LinkedInOptionsSchema } from './options';
import { codePoints, DAY, MB, MINUTE_MS, SECOND_MS } from '../units';

export const linkedin = definePlatform({
  id: 'LINKEDIN',
  name: 'LinkedIn',
  monogram: 'in',
  colour: '#0a66c2',
  previewActions: 'Like · Comment · Repost · Send',
  connectsWith: 'oauth',
  threads: false,
  comments: true,
  // impressions, reposts and clicks for an organization's posts only; a member's say why not
  metrics: ['impressions', 'likes', 'replies', 'reposts', 'clicks'],
  // LinkedIn refuses a repeated post (422 "Content is a duplicate of urn:li:share:…",
  // platforms/linkedin/publisher.server.ts), also without a documented window: 30 days, as for X.
  duplicateTextWindowDays: 30,
  // https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits: daily
  // limits per member and per application, reset at midnight UTC, shown only in the
  // developer portal; 150 posts a day per member is the figure integrators report.
  publishLimits: [{ per: 'account', count: 150, windowSeconds: DAY }],
  rules: {
    name: 'LinkedIn',
    // Posts API: commentary up to 3,000 characters
    // https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api
    maxLength: 3000,
    measure: codePoints,
    unit: 'characters',
    // MultiImage API: 2 to 20 images; Videos API: one video, MP4, up to 500 MB, 3 s to 30 min; Documents
    // API: one PDF up to 100 MB and 300 pages (the page count is checked at upload)
    // https://learn.microsoft.com/linkedin/marketing/community-management/shares/multiimage-post-api
    // https://learn.microsoft.com/linkedin/marketing/community-management/shares/videos-api
    // https://learn.microsoft.com/linkedin/marketing/community-management/shares/documents-api
    media: {
      maxImages: 20,
      maxVideos: 1,
      allowsMixed: false,
      videoTypes: ['video/mp4'],
      maxVideoBytes: 500 * MB,
      minVideoMs: 3 * SECOND_MS,
      maxVideoMs: 30 * MINUTE_MS,
      maxDocumentBytes: 100 * MB,
    },
    // Comments API: a comment's text is at most 1,250 characters
    // https://learn.microsoft.com/linkedin/marketing/community-management/shares/comments-api
    maxCommentLength: 1250,
  },
  options: {
    schema: LinkedInOptionsSchema,
    fields: LINKEDIN_OPTION_FIELDS,
  },
});
