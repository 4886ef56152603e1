// Discord: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
export const discord = definePlatform({
  id: 'DISCORD',
  name: 'Discord',
  monogram: 'D',
  previewActions: 'React · Reply · Create thread',
  connectsWith: 'token',
  threads: false,
  comments: false,
  // none: a Discord webhook reads nothing back
  metrics: [],
  // a channel takes any text again
  duplicateTextWindowDays: null,
});
