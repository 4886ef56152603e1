// Facebook's per-account options (domain/target-options.ts): the schema the API, the rules and the
// publisher read, and the fields the composer shows.
import { z } from 'zod';
import type { TargetOptionField } from '../../domain/target-options';

// https://developers.facebook.com/docs/video-api/guides/reels-publishing (one video) and
// https://developers.facebook.com/docs/page-stories-api (one photo or video); Pages only
export const FacebookOptionsSchema = z.strictObject({
  format: z
    .enum(['post', 'reel', 'story'], { error: 'format must be post, reel or story' })
    .default('post')
    .describe('post (text, photos or a video), reel (one video) or story (one photo or video, no text)'),
});

/** What the composer shows under a Facebook account. */
export const FACEBOOK_OPTION_FIELDS: readonly TargetOptionField[] = [
  {
    name: 'format',
    label: 'Format',
    required: false,
    input: 'select',
    values: { post: 'Post', reel: 'Reel (one video)', story: 'Story (one photo or video, no text)' },
    default: 'post',
  },
];
