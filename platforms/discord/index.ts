// Discord: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { discordConnect } from './connect';
import { codePoints, MB } from '../units';

export const discord = definePlatform({
  id: 'DISCORD',
  name: 'Discord',
  monogram: 'D',
  colour: '#5865f2',
  previewActions: 'React · Reply · Create thread',
  connectsWith: 'token',
  tokenConnect: discordConnect,
  threads: false,
  comments: false,
  // none: a Discord webhook reads nothing back
  metrics: [],
  // a channel takes any text again
  duplicateTextWindowDays: null,
  rules: {
    name: 'Discord',
    // Execute Webhook: content up to 2000 characters, up to 10 files; without a server boost
    // an upload is at most 10 MiB
    // https://discord.com/developers/docs/resources/webhook#execute-webhook
    // https://discord.com/developers/docs/reference#uploading-files
    maxLength: 2000,
    measure: codePoints,
    unit: 'characters',
    media: { maxImages: 10, maxVideos: 10, maxItems: 10, allowsMixed: true, maxImageBytes: 10 * MB, maxVideoBytes: 10 * MB },
  },
});
