// Telegram's Bot API, as planrrr calls it: one call that maps the API's answers to
// PublishErrors, and the checks made when a channel is connected (whose bot token, which
// channel, and whether the bot may post there). The publisher (platforms/telegram/publisher.server.ts)
// posts through the same call.
// https://core.telegram.org/bots/api#making-requests
import { z } from 'zod';
import { PublishError, publishErrorFromResponse } from '../../lib/platforms/errors';
import { fetchWithinDeadline } from '../../lib/platforms/http';
import type { TokenAccountCheck, TokenConnectInput } from '../token-accounts.server';
import type { telegramConnect } from './connect';

// https://core.telegram.org/bots/api#making-requests: every answer is {ok, result} or
// {ok:false, error_code, description, parameters?: {retry_after, migrate_to_chat_id}}
const TelegramErrorSchema = z.object({
  ok: z.literal(false),
  error_code: z.number().int().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().nonnegative().optional() }).optional(),
});

// https://core.telegram.org/bots/api#user
const BotSchema = z.object({ id: z.number().int(), is_bot: z.literal(true), username: z.string(), first_name: z.string() });
// https://core.telegram.org/bots/api#chatfullinfo
const ChatSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  title: z.string().optional(),
  username: z.string().optional(),
  photo: z.object({ big_file_id: z.string() }).optional(),
});
// https://core.telegram.org/bots/api#chatmember: an administrator says what it may do; the creator may do everything
const ChatMemberSchema = z.object({ status: z.string(), can_post_messages: z.boolean().optional() });
const FileSchema = z.object({ file_path: z.string().optional() });

/** Words for an error that never repeat the bot token (it is part of every method's URL). */
const describe = (description: string | undefined, status: number) => description ?? `HTTP ${status}`;

/**
 * A refusal that reconnecting (with the bot back in the channel as an administrator) fixes,
 * although Telegram answers it 400: the channel is gone for this bot, or the bot lost its rights.
 */
const LOST_CHANNEL = /chat not found|not enough rights|administrator rights|bot is not a member|channel_private/i;

/** Calls one Bot API method and answers its `result` parsed with `schema`. */
export async function telegramCall<S extends z.ZodType>(
  baseUrl: string,
  botToken: string,
  method: string,
  schema: S,
  body?: Record<string, unknown> | FormData,
  deadlineMs?: number,
): Promise<z.infer<S>> {
  const init: RequestInit =
    body === undefined
      ? { method: 'GET' }
      : body instanceof FormData
        ? { method: 'POST', body }
        : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetchWithinDeadline('Telegram', new URL(`/bot${botToken}/${method}`, baseUrl), init, deadlineMs);
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = TelegramErrorSchema.safeParse(json);
    const description = describe(error.success ? error.data.description : undefined, response.status);
    const message = `Telegram answered ${response.status} to ${method}: ${description}`;
    if (response.status === 429) {
      const seconds = error.success ? error.data.parameters?.retry_after : undefined;
      throw new PublishError('RATE_LIMITED', message, seconds === undefined ? undefined : seconds * 1000, 429);
    }
    if (response.status === 400 && LOST_CHANNEL.test(description)) throw new PublishError('AUTH_FAILED', message, undefined, 400);
    throw publishErrorFromResponse('Telegram', response.status, response.headers, `${description} (${method})`);
  }
  const ok = z.object({ ok: z.literal(true), result: z.unknown() }).safeParse(json);
  const result = ok.success ? schema.safeParse(ok.data.result) : undefined;
  if (!result?.success) throw new PublishError('INVALID_RESPONSE', `Telegram answered ${method} with an unexpected shape`);
  return result.data;
}

export type TelegramBot = z.infer<typeof BotSchema>;
export type TelegramChat = z.infer<typeof ChatSchema>;

/** Checks a bot token when it is connected (getMe): whose bot it is. */
export function verifyTelegramBot(baseUrl: string, botToken: string): Promise<TelegramBot> {
  return telegramCall(baseUrl, botToken, 'getMe', BotSchema);
}

/**
 * Checks the channel when it is connected: it exists for the bot (getChat), and the bot is an
 * administrator allowed to post there (getChatMember). A bot that may not post is
 * AUTH_FAILED, with what to change.
 */
export async function verifyTelegramChannel(baseUrl: string, botToken: string, bot: TelegramBot, channel: string): Promise<TelegramChat> {
  const chat = await telegramCall(baseUrl, botToken, 'getChat', ChatSchema, { chat_id: channel });
  if (chat.type !== 'channel') {
    throw new PublishError('AUTH_FAILED', `${channel} is a Telegram ${chat.type}, not a channel: planrrr posts to channels`);
  }
  const member = await telegramCall(baseUrl, botToken, 'getChatMember', ChatMemberSchema, { chat_id: chat.id, user_id: bot.id });
  const mayPost = member.status === 'creator' || (member.status === 'administrator' && member.can_post_messages !== false);
  if (!mayPost) {
    throw new PublishError(
      'AUTH_FAILED',
      `@${bot.username} is ${member.status === 'administrator' ? 'an administrator without "Post messages"' : `a ${member.status}`} in ${chat.title ?? channel}: make it an administrator allowed to post messages`,
    );
  }
  return chat;
}

/** Where the channel's picture can be downloaded (getFile, then the file URL); undefined without one. */
export async function telegramChannelPhotoUrl(baseUrl: string, botToken: string, chat: TelegramChat): Promise<string | undefined> {
  if (!chat.photo) return undefined;
  const file = await telegramCall(baseUrl, botToken, 'getFile', FileSchema, { file_id: chat.photo.big_file_id });
  return file.file_path ? new URL(`/file/bot${botToken}/${file.file_path}`, baseUrl).toString() : undefined;
}

/**
 * Connecting a channel: getMe, getChat and getChatMember check that the token is a bot's, the
 * channel exists, and the bot is an administrator allowed to post. The channel is kept by its numeric id.
 */
export const checkTelegramAccount: TokenAccountCheck<TokenConnectInput<typeof telegramConnect>> = async (input, context) => {
  const baseUrl = context.config.TELEGRAM_API_BASE_URL;
  const bot = await context.verify(verifyTelegramBot(baseUrl, input.botToken), {
    origin: 'Telegram',
    field: 'botToken',
    what: 'bot token',
  });
  const chat = await context.verify(verifyTelegramChannel(baseUrl, input.botToken, bot, input.channel), {
    origin: 'Telegram',
    field: 'channel',
    what: 'channel',
  });
  return {
    platformAccountId: String(chat.id),
    // a private channel has no @name: its title and id name it
    handle: chat.username ? `@${chat.username}` : `${chat.title ?? 'Private channel'} (${chat.id})`,
    displayName: chat.title ?? chat.username ?? String(chat.id),
    credentials: { botToken: input.botToken, chatId: chat.id },
    avatarUrl: () => telegramChannelPhotoUrl(baseUrl, input.botToken, chat),
  };
};
