// TikTok: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
export const tiktok = definePlatform({
  id: 'TIKTOK',
  name: 'TikTok',
  monogram: '♪',
  previewActions: '♡ · Comment · Save · Share',
  connectsWith: 'oauth',
  threads: false,
  comments: false,
  // a video's or photo post's view, like, comment and share counts (an inbox upload has none to read)
  metrics: ['views', 'likes', 'replies', 'reposts'],
  duplicateTextWindowDays: null,
});
