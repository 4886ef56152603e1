// Reddit's per-account options (domain/target-options.ts): the schema the API, the rules and the
// publisher read, and the fields the composer shows.
import { z } from 'zod';
import type { TargetOptionField } from '../../domain/target-options';

// https://www.reddit.com/dev/api/#POST_api_submit: title up to 300 characters; a subreddit's
// name is 3-21 letters, digits and underscores (r/ and a leading slash are taken off)
export const RedditOptionsSchema = z.strictObject({
  subreddit: z
    .string({ error: 'subreddit is required' })
    .trim()
    .transform((name) => name.replace(/^\/?r\//i, ''))
    .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_]{2,20}$/, { error: 'subreddit must be a subreddit name such as r/planrrr' })),
  title: z
    .string({ error: 'title is required' })
    .trim()
    .min(1, { error: 'title is required' })
    .max(300, { error: 'title is at most 300 characters' }),
  flairId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .describe('a link flair template id of the subreddit (GET /r/{subreddit}/api/link_flair_v2)'),
});

/** What the composer shows under a Reddit account. */
export const REDDIT_OPTION_FIELDS: readonly TargetOptionField[] = [
  { name: 'subreddit', label: 'Subreddit', required: true, hint: 'e.g. r/planrrr' },
  { name: 'title', label: 'Title', required: true, maxLength: 300 },
  { name: 'flairId', label: 'Flair id', required: false, hint: 'some subreddits require a flair' },
];
