// Reddit: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { REDDIT_OPTION_FIELDS, RedditOptionsSchema } from './options';
import { codePoints, MB } from '../units';

export const reddit = definePlatform({
  id: 'REDDIT',
  name: 'Reddit',
  monogram: 'r/',
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
    // title and subreddit are the account's options (domain/target-options.ts). With one
    // image (JPEG, PNG or GIF, the types Reddit's uploader takes; up to 20 MB, the limit Reddit's
    // help pages give for images) it is an image post: the title and the image, since
    // `kind=image` takes no body text. Galleries and videos are not published yet.
    // https://www.reddit.com/dev/api/#POST_api_submit
    maxLength: 40_000,
    measure: codePoints,
    unit: 'characters',
    media: {
      maxImages: 1,
      maxVideos: 0,
      allowsMixed: false,
      imageTypes: ['image/jpeg', 'image/png', 'image/gif'],
      maxImageBytes: 20 * MB,
    },
  },
  options: {
    schema: RedditOptionsSchema,
    fields: REDDIT_OPTION_FIELDS,
  },
});
