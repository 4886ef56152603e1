// Reddit: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
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
});
