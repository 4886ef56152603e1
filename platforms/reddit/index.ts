// Reddit: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { REDDIT_OPTION_FIELDS, RedditOptionsSchema } from './options';
import { codePoints, MB } from '../units';

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
    // a post's body: 40,000 characters; a post whose text is one URL is a link post. The
    // title and subreddit are the account's options (domain/target-options.ts). With one
    // image (JPEG, PNG or GIF, the types Reddit's uploader takes; up to 20 MB, the limit Reddit's
    // help pages give for images) it is an image post, with 2 to 20 a gallery (Reddit's gallery
    // announcement: "20 images per Image Gallery"); either carries the text as its body. Videos
    // are not published yet.
    // https://www.reddit.com/dev/api/#POST_api_submit
    // https://www.reddit.com/r/modnews/comments/hisodw/image_gallery_support_is_coming_soon/
    maxLength: 40_000,
    measure: codePoints,
    unit: 'characters',
    media: {
      maxImages: 20,
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
