// Connecting a Telegram channel with a bot token (platforms/token-connect.ts).
import { z } from 'zod';
import { defineTokenConnect } from '../token-connect';

/** `@name` or a numeric id (a private channel's starts with -100), as users paste it. */
const TELEGRAM_CHANNEL_PATTERN = /^(@[A-Za-z][A-Za-z0-9_]{3,31}|-?\d{5,20})$/;

export const TelegramConnectSchema = z.object({
  botToken: z
    .string()
    .trim()
    // https://core.telegram.org/bots/api#authorizing-your-bot: "<bot id>:<secret>"
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, { error: 'botToken must be the token @BotFather gave, such as 123456789:AAH…' }),
  channel: z
    .string()
    .trim()
    // a public channel's link names it too
    .transform((channel) => channel.replace(/^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/([A-Za-z]\w+)\/?$/, '@$1'))
    .pipe(
      z
        .string()
        .regex(TELEGRAM_CHANNEL_PATTERN, { error: "channel must be the channel's @name or its numeric id, such as -1001234567890" }),
    ),
});

export const telegramConnect = defineTokenConnect({
  schema: TelegramConnectSchema,
  title: 'Telegram channel',
  intro: {
    reconnect:
      'Paste the bot token again (or a new one), with the bot back in the channel as an administrator: its scheduled posts then publish again.',
    connect:
      'planrrr posts to a channel as your bot: create one with @BotFather, then add it to the channel as an administrator allowed to post messages.',
  },
  checking: 'Checking the bot…',
  connects: 'a Telegram channel with a bot token',
  sameAccount: 'the same Telegram channel',
  requires: 'A Telegram bot must be an administrator of the channel allowed to post messages.',
  fields: [
    {
      name: 'botToken',
      label: 'Bot token',
      type: 'password',
      hint: '@BotFather gives it when you create the bot (/newbot), e.g. 123456789:AAH…',
    },
    {
      name: 'channel',
      label: 'Channel',
      placeholder: '@yourchannel',
      hint: "The channel's @name, or for a private channel its numeric id (-100…).",
      // a public channel's handle is its @name; a private one's ends with its id in brackets
      reconnectValue: (account) => /^@\S+$|(?<=\()-?\d+(?=\)$)/.exec(account.handle)?.[0],
    },
  ],
});
