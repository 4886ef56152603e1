// Telegram: a channel post by the account's bot through the Bot API. Text alone is a
// sendMessage; one photo or video a sendPhoto or sendVideo with the text as its caption;
// 2 to 10 an album (sendMediaGroup, the caption on its first item). Files are uploaded
// with the call (multipart), so Telegram never fetches planrrr's media itself.
// https://core.telegram.org/bots/api#sendmessage https://core.telegram.org/bots/api#sendphoto
// https://core.telegram.org/bots/api#sendvideo https://core.telegram.org/bots/api#sendmediagroup
// Followers: https://core.telegram.org/bots/api#getchatmembercount. Metrics: the Bot API gives
// bots no views or reactions of channel posts, so there is no fetchMetrics (PLATFORM_METRICS).
import { z } from 'zod';
import { telegramCall } from './api.server';
import { mediaBlob } from '../../activities/publishers/media-upload';
import {
  PLATFORM_UPLOAD_TIMEOUT_MS,
  type Publisher,
  type PublishMedia,
  type PublisherFactory,
} from '../../activities/publishers/publisher';

export const TelegramCredentialsSchema = z.object({
  botToken: z.string().min(1),
  /** the channel's numeric id: it stays when the channel's @name changes */
  chatId: z.number().int(),
});

// https://core.telegram.org/bots/api#message: `chat.username` is the channel's public @name, absent for a private channel
const MessageSchema = z.object({ message_id: z.number().int(), chat: z.object({ id: z.number().int(), username: z.string().optional() }) });

/**
 * The post's public link, `https://t.me/<channel>/<message id>`; a private channel has no
 * public name, so no link that works for everyone: an empty one, never a wrong one.
 */
export function telegramPostUrl(message: z.infer<typeof MessageSchema>): string {
  return message.chat.username ? `https://t.me/${message.chat.username}/${message.message_id}` : '';
}

export function createTelegramPublisher(options: { baseUrl: string }): Publisher {
  const { baseUrl } = options;

  async function sendMedia(botToken: string, chatId: number, caption: string, media: readonly PublishMedia[]) {
    const form = new FormData();
    form.set('chat_id', String(chatId));
    if (media.length === 1) {
      const [item] = media as [PublishMedia];
      const field = item.kind === 'image' ? 'photo' : 'video';
      form.set(field, await mediaBlob(item), item.fileName);
      if (caption) form.set('caption', caption);
      const method = item.kind === 'image' ? 'sendPhoto' : 'sendVideo';
      return telegramCall(baseUrl, botToken, method, MessageSchema, form, PLATFORM_UPLOAD_TIMEOUT_MS);
    }
    const inputs = [];
    for (const [index, item] of media.entries()) {
      form.set(`file${index}`, await mediaBlob(item), item.fileName);
      // the album shows the first item's caption as the post's text
      inputs.push({
        type: item.kind === 'image' ? 'photo' : 'video',
        media: `attach://file${index}`,
        ...(index === 0 && caption ? { caption } : {}),
      });
    }
    form.set('media', JSON.stringify(inputs));
    const messages = await telegramCall(
      baseUrl,
      botToken,
      'sendMediaGroup',
      z.array(MessageSchema).min(1),
      form,
      PLATFORM_UPLOAD_TIMEOUT_MS,
    );
    return messages[0]!;
  }

  return {
    publishesTo: () => baseUrl,
    // NOTE: the Bot API takes no idempotency key; the recorded publication (publish-to-target.ts)
    // keeps a retried activity from posting again.
    async publish({ content, media, connection }) {
      const { botToken, chatId } = TelegramCredentialsSchema.parse(connection.credentials);
      const message =
        media.length === 0
          ? await telegramCall(baseUrl, botToken, 'sendMessage', MessageSchema, { chat_id: chatId, text: content })
          : await sendMedia(botToken, chatId, content, media);
      return { platformPostId: `${message.chat.id}/${message.message_id}`, url: telegramPostUrl(message) };
    },

    async fetchFollowers(connection) {
      const { botToken, chatId } = TelegramCredentialsSchema.parse(connection.credentials);
      return {
        followers: await telegramCall(baseUrl, botToken, 'getChatMemberCount', z.number().int().nonnegative(), { chat_id: chatId }),
      };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) => createTelegramPublisher({ baseUrl: config.TELEGRAM_API_BASE_URL });
