// Telegram: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
export const telegram = definePlatform({
  id: 'TELEGRAM',
  name: 'Telegram',
  monogram: 'T',
  previewActions: 'Channel post · React · Comment',
  connectsWith: 'token',
  threads: false,
  comments: false,
  // none: the Bot API counts no views or reactions of a channel post for bots
  // (https://core.telegram.org/bots/api: Message has no view count)
  metrics: [],
  // a channel takes any text again
  duplicateTextWindowDays: null,
});
