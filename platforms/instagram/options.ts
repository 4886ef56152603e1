// Instagram's per-account options (domain/target-options.ts): the schema the API, the rules and the
// publisher read, and the fields the composer shows.
import { z } from 'zod';
import type { TargetOptionField } from '../../domain/target-options';

// https://developers.facebook.com/docs/instagram-platform/content-publishing: a feed post is
// one image or video, or a carousel of 2-10; a Reel is one video (media_type REELS, optional
// share_to_feed); a Story is one image or video (media_type STORIES) and shows no caption
export const InstagramOptionsSchema = z.strictObject({
  format: z
    .enum(['feed', 'reel', 'story'], { error: 'format must be feed, reel or story' })
    .default('feed')
    .describe('feed (one image or video, or a carousel of 2 to 10), reel (one video) or story (one image or video, no caption)'),
  shareToFeed: z.boolean({ error: 'shareToFeed must be true or false' }).optional().describe('a Reel also appears in the feed'),
});

/** What the composer shows under a Instagram account. */
export const INSTAGRAM_OPTION_FIELDS: readonly TargetOptionField[] = [
  {
    name: 'format',
    label: 'Format',
    required: false,
    input: 'select',
    values: {
      feed: 'Feed post (a carousel with 2 to 10 media)',
      reel: 'Reel (one video)',
      story: 'Story (one image or video, no caption)',
    },
    default: 'feed',
  },
];
