// Connecting a Discord channel with its webhook URL (platforms/token-connect.ts).
import { z } from 'zod';
import { defineTokenConnect } from '../token-connect';

export const DiscordConnectSchema = z.object({
  /** checked against DISCORD_API_BASE_URL's host by the credential check */
  webhookUrl: z.url({ error: "webhookUrl must be the channel webhook's URL, such as https://discord.com/api/webhooks/<id>/<token>" }),
  allowMentions: z
    .boolean({ error: 'allowMentions must be true or false' })
    .optional()
    .describe(
      "true lets posts ping: @everyone, @here, roles and members named in a post's text notify them. Unset or false, they are shown but notify nobody",
    ),
});

export const discordConnect = defineTokenConnect({
  schema: DiscordConnectSchema,
  title: 'Discord channel',
  intro: {
    reconnect: "The channel's webhook was deleted or replaced: paste its new URL, and its scheduled posts publish again.",
    connect:
      'planrrr posts to a channel through its webhook: in Discord, the channel’s settings → Integrations → Webhooks → New Webhook, then Copy Webhook URL.',
  },
  checking: 'Checking the webhook…',
  connects: 'a Discord channel with its webhook',
  sameAccount: 'the same Discord channel',
  fields: [
    {
      name: 'webhookUrl',
      label: 'Webhook URL',
      // it carries the webhook's token
      type: 'password',
      hint: 'https://discord.com/api/webhooks/… Anyone with it can post to the channel: planrrr keeps it encrypted.',
    },
    {
      name: 'allowMentions',
      label: 'Let posts ping',
      type: 'checkbox',
      hint: 'Off: an @everyone, @here, role or member named in a post is shown but notifies nobody.',
    },
  ],
});
