// X: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { DAY, HOUR, MB, MINUTE, SECOND_MS } from '../units';
import twitterText from 'twitter-text';

export const x = definePlatform({
  id: 'X',
  name: 'X',
  monogram: '𝕏',
  colour: '#000',
  previewActions: 'Reply · Repost · Like · Views',
  connectsWith: 'oauth',
  threads: true,
  comments: true,
  metrics: ['impressions', 'likes', 'replies', 'reposts', 'quotes', 'bookmarks'],
  // X refuses a Tweet identical to a recent one of the account (403 "You are not allowed to
  // create a Tweet with duplicate content", platforms/x/publisher.server.ts). X does not say how
  // far back it compares: 30 days is planrrr's choice, longer than the repeats reported refused.
  duplicateTextWindowDays: 30,
  // https://docs.x.com/x-api/fundamentals/rate-limits, POST /2/tweets: 100 per 15 minutes
  // per user and 10,000 per 24 hours per app; and
  // https://docs.x.com/x-api/posts/manage-tweets/migrate/overview: 300 posts per 3 hours
  // per user, shared with reposts. Lower access tiers have lower limits (the developer
  // console shows an app's): set them with PUBLISH_RATE_LIMITS.
  publishLimits: [
    { per: 'account', count: 100, windowSeconds: 15 * MINUTE },
    { per: 'account', count: 300, windowSeconds: 3 * HOUR },
    { per: 'app', count: 10_000, windowSeconds: DAY },
  ],
  rules: {
    name: 'X',
    // 280 weighted characters: CJK and emoji weigh 2, every URL 23.
    // https://docs.x.com/resources/fundamentals/counting-characters (implemented by twitter-text)
    maxLength: 280,
    measure: (content) => twitterText.parseTweet(content).weightedLength,
    unit: 'weighted characters (CJK and emoji count twice, links 23)',
    // https://docs.x.com/x-api/media/quickstart/best-practices: up to 4 images (5 MB; GIF
    // 15 MB) or 1 video (512 MB, 0.5 to 140 s); JPEG, PNG, WebP, GIF; MP4 or MOV
    media: {
      maxImages: 4,
      maxVideos: 1,
      allowsMixed: false,
      imageTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
      videoTypes: ['video/mp4', 'video/quicktime'],
      maxImageBytes: 5 * MB,
      maxVideoBytes: 512 * MB,
      minVideoMs: 0.5 * SECOND_MS,
      maxVideoMs: 140 * SECOND_MS,
    },
  },
});
