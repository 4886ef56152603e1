// Slack: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
export const slack = definePlatform({
  id: 'SLACK',
  name: 'Slack',
  monogram: '#',
  previewActions: 'React · Reply in thread',
  connectsWith: 'token',
  threads: false,
  comments: false,
  // none: Slack's Web API gives no message analytics
  metrics: [],
  // a channel takes any text again
  duplicateTextWindowDays: null,
});
