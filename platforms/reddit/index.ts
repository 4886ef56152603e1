// Reddit: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { REDDIT_OPTION_FIELDS, RedditOptionsSchema } from './options';
import { codePoints } from '../units';

export const reddit = definePlatform({
  id: 'REDDIT',
  name: 'Reddit',
  monogram: 'r/',
  colour: '#ff4500',
  previewActions: '⇧ Vote ⇩ · Comments · Share',
  connectsWith: 'oauth',
  threads: false,
  comments: false,
  // a post's score (upvotes less downvotes) as likes, its comments as replies
  metrics: ['likes', 'replies'],
  // Reddit refuses a link already submitted to the subreddit (ALREADY_SUB), not a repeated text
  duplicateTextWindowDays: null,
  rules: {
    name: 'Reddit',
    // a text post's body: 40,000 characters; a post whose text is one URL is a link post. The
    // title and subreddit are the account's options (domain/target-options.ts). Image and
    // video posts are not published yet: Reddit takes them through its undocumented media
    // upload (POST /api/media/asset.json), so planrrr refuses media for Reddit for now.
    // https://www.reddit.com/dev/api/#POST_api_submit
    maxLength: 40_000,
    measure: codePoints,
    unit: 'characters',
    media: { maxImages: 0, maxVideos: 0, allowsMixed: false },
  },
  options: {
    schema: RedditOptionsSchema,
    fields: REDDIT_OPTION_FIELDS,
  },
});
