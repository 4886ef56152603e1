// Discord: a message in a server's channel through the channel's webhook
// (POST <webhook>?wait=true, so Discord answers the message it created). Text alone is JSON;
// with media, multipart: `payload_json` (the text and each attachment's alt text as its
// `description`) and the files as `files[n]`. Mentions in the text (@everyone, @here, <@user>,
// <@&role>) notify nobody unless the account was connected with `allowMentions`: a post's
// "@everyone" must not ping a whole server by accident (allowed_mentions).
// https://discord.com/developers/docs/resources/message#allowed-mentions-object
// https://discord.com/developers/docs/resources/webhook#execute-webhook
// https://discord.com/developers/docs/reference#uploading-files
// A webhook can post but not read: no metrics, no member count (fetchFollowers says so).
import { z } from 'zod';
import { discordApi } from './api.server';
import { platformFetch, readJson } from '../../lib/platforms/http';
import { mediaBlob } from '../../activities/publishers/media-upload';
import { PLATFORM_UPLOAD_TIMEOUT_MS, type Publisher, type PublisherFactory } from '../../activities/publishers/publisher';

export const DiscordCredentialsSchema = z.object({
  /** https://discord.com/api/webhooks/<id>/<token>: the token in it is the only secret */
  webhookUrl: z.url(),
  guildId: z.string().min(1),
  /** chosen at connect: mentions in posts notify (Discord's default); absent, they notify nobody */
  allowMentions: z.boolean().optional(),
});

// https://discord.com/developers/docs/resources/message#message-object
const MessageSchema = z.object({ id: z.string(), channel_id: z.string() });

export function createDiscordPublisher(): Publisher {
  return {
    publishesTo: (connection) => DiscordCredentialsSchema.safeParse(connection.credentials).data?.webhookUrl,
    // NOTE: webhooks take no idempotency key; the recorded publication (publish-to-target.ts)
    // keeps a retried activity from posting again.
    async publish({ content, media, connection }) {
      const { webhookUrl, guildId, allowMentions } = DiscordCredentialsSchema.parse(connection.credentials);
      const url = new URL(webhookUrl);
      url.searchParams.set('wait', 'true');
      const payload = { content, allowed_mentions: { parse: allowMentions ? ['everyone', 'roles', 'users'] : [] } };
      let init: RequestInit;
      if (media.length === 0) {
        init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) };
      } else {
        const form = new FormData();
        const attachments = media.map((item, index) => ({
          id: index,
          filename: item.fileName,
          ...(item.altText ? { description: item.altText } : {}),
        }));
        form.set('payload_json', JSON.stringify({ ...payload, attachments }));
        for (const [index, item] of media.entries()) form.set(`files[${index}]`, await mediaBlob(item), item.fileName);
        init = { method: 'POST', body: form };
      }
      const response = await platformFetch(discordApi, url, init, media.length > 0 ? PLATFORM_UPLOAD_TIMEOUT_MS : undefined);
      const message = await readJson(discordApi, response, MessageSchema, 'message');
      return { platformPostId: message.id, url: `https://discord.com/channels/${guildId}/${message.channel_id}/${message.id}` };
    },

    fetchFollowers() {
      return Promise.resolve({
        followers: null,
        missingReason: "A Discord webhook can post to its channel but cannot read the server's members",
      });
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = () => createDiscordPublisher();
