// Connecting a Slack channel with a Slack app's bot token (platforms/token-connect.ts).
import { z } from 'zod';
import { defineTokenConnect } from '../token-connect';

/** A channel id as Slack shows it (channel details → About, at the bottom): C… public, G… older private ones. */
const SLACK_CHANNEL_ID_PATTERN = /^[CG][A-Z0-9]{8,}$/;

export const SlackConnectSchema = z.object({
  botToken: z
    .string()
    .trim()
    .regex(/^xoxb-[A-Za-z0-9-]{10,}$/, {
      error: "botToken must be the Slack app's Bot User OAuth Token (xoxb-…), under OAuth & Permissions",
    }),
  channelId: z
    .string()
    .trim()
    .regex(SLACK_CHANNEL_ID_PATTERN, { error: "channelId must be the channel's id, such as C0123456789 (the channel's details → About)" }),
});

export const slackConnect = defineTokenConnect({
  schema: SlackConnectSchema,
  title: 'Slack channel',
  intro: {
    reconnect: 'Paste the app’s bot token again (or its new one), with the app in the channel: its scheduled posts then publish again.',
    connect:
      'planrrr posts as your Slack app: create one at api.slack.com/apps with the bot scopes chat:write, files:write and channels:read, install it to your workspace, and add it to the channel.',
  },
  checking: 'Checking the app…',
  connects: 'a Slack channel with a bot token',
  sameAccount: 'the same Slack channel',
  requires: 'A Slack app must be in the channel.',
  fields: [
    {
      name: 'botToken',
      label: 'Bot token',
      type: 'password',
      hint: "The app's Bot User OAuth Token (xoxb-…), under OAuth & Permissions.",
    },
    {
      name: 'channelId',
      label: 'Channel ID',
      placeholder: 'C0123456789',
      hint: "At the bottom of the channel's details (click its name → About).",
    },
  ],
});
