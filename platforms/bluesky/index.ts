// Bluesky: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { blueskyConnect } from './connect';
import { DAY, graphemes, HOUR, MINUTE_MS, utf8Bytes } from '../units';

export const bluesky = definePlatform({
  id: 'BLUESKY',
  name: 'Bluesky',
  monogram: 'B',
  colour: '#0a7aff',
  previewActions: 'Reply · Repost · Like',
  connectsWith: 'token',
  tokenConnect: blueskyConnect,
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
  rules: {
    name: 'Bluesky',
    // app.bsky.feed.post: text maxGraphemes 300 (and maxLength 3000 bytes)
    // https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json
    maxLength: 300,
    measure: graphemes,
    unit: 'characters',
    // app.bsky.embed.images: up to 4, each 1,000,000 bytes; app.bsky.embed.video: one
    // video/mp4 up to 100,000,000 bytes; a post embeds one or the other.
    // https://github.com/bluesky-social/atproto/tree/main/lexicons/app/bsky/embed
    // A video lasts at most 3 minutes (raised from 60 s in the app's 1.99 release, March 2025;
    // the video service refuses longer ones) https://bsky.social/about/blog
    media: {
      maxImages: 4,
      maxVideos: 1,
      allowsMixed: false,
      imageTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
      videoTypes: ['video/mp4'],
      maxImageBytes: 1_000_000,
      maxVideoBytes: 100_000_000,
      maxVideoMs: 3 * MINUTE_MS,
    },
    extra: (content) =>
      utf8Bytes(content) > 3000 ? [{ rule: 'text-too-long', message: 'Bluesky allows at most 3,000 bytes of text' }] : [],
  },
});
