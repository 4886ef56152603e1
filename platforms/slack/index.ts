// Slack: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { slackConnect } from './connect';
import { codePoints, MB } from '../units';

export const slack = definePlatform({
  id: 'SLACK',
  name: 'Slack',
  monogram: '#',
  colour: '#4a154b',
  previewActions: 'React · Reply in thread',
  connectsWith: 'token',
  tokenConnect: slackConnect,
  threads: false,
  comments: false,
  // none: Slack's Web API gives no message analytics
  metrics: [],
  // a channel takes any text again
  duplicateTextWindowDays: null,
  rules: {
    name: 'Slack',
    // chat.postMessage truncates text beyond 40,000 characters and recommends at most 4,000:
    // planrrr holds posts to 4,000, so a message always arrives whole
    // https://docs.slack.dev/reference/methods/chat.postMessage#truncating
    // files.completeUploadExternal shares up to 10 files in one message (planrrr's choice,
    // matching Slack's own composer); a file may be up to 1 GB
    // https://docs.slack.dev/messaging/working-with-files#upload
    maxLength: 4000,
    measure: codePoints,
    unit: 'characters',
    media: { maxImages: 10, maxVideos: 10, maxItems: 10, allowsMixed: true, maxImageBytes: 1024 * MB, maxVideoBytes: 1024 * MB },
  },
});
