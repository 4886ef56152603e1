// A contract fake of the Telegram Bot API methods planrrr calls, as a real local HTTP server
// (`/bot<token>/<method>`, JSON or multipart): getMe, getChat (with the channel's photo),
// getChatMember, getFile and the file download, sendMessage, sendPhoto, sendVideo,
// sendMediaGroup and getChatMemberCount (growing with time). It checks what Telegram checks:
// the bot token (401), that the bot is an administrator allowed to post in the channel (403
// when it was removed, 400 without the right), text 1-4096 and captions 0-1024 UTF-16 code
// units, albums of 2-10 photos and videos whose `attach://` names are uploaded, photos up
// to 10 MB and other files up to 50 MB (413), and 20 messages per minute per channel (429
// with parameters.retry_after). Errors are `{ok:false, error_code, description}`.
// https://core.telegram.org/bots/api https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
import express from 'express';
import { FakePlatformServer, formDataOf } from './fake-server';
import { fileBytes, followersSince, solidPng } from './http';

export type TelegramRoute =
  'getMe' | 'getChat' | 'getChatMember' | 'getFile' | 'sendMessage' | 'sendPhoto' | 'sendVideo' | 'sendMediaGroup' | 'getChatMemberCount';

interface FakeBot {
  id: number;
  username: string;
}

interface FakeChannel {
  id: number;
  type: 'channel' | 'supergroup';
  title: string;
  /** a public channel's @name (without @); a private channel has none */
  username?: string;
  photo?: Buffer;
  /** bot id → its membership */
  members: Map<number, { status: 'administrator' | 'member' | 'left'; canPostMessages: boolean }>;
}

export interface FakeTelegramFile {
  type: 'photo' | 'video';
  bytes: Buffer;
  fileName: string;
  contentType: string;
}

export interface FakeTelegramMessage {
  chatId: number;
  messageId: number;
  botToken: string;
  method: 'sendMessage' | 'sendPhoto' | 'sendVideo' | 'sendMediaGroup';
  /** the text, or the caption of a photo, video or the album's first item */
  text: string;
  media: FakeTelegramFile[];
  receivedAt: number;
}

const MB = 1024 * 1024;
const SECRET = 'AAHfakeTelegramSecret0123456789';
/** A bot's token as @BotFather gives it: `<bot id>:<secret>`. */
export const telegramBotToken = (botId: number) => `${botId}:${SECRET}`;
export const ALICE_BOT = { id: 7000001, username: 'alice_planrrr_bot' };

export class FakeTelegram extends FakePlatformServer<TelegramRoute> {
  protected readonly defaultFailureRoute = 'sendMessage';
  /** valid tokens → their bot; revoke one with `revokedTokens` */
  readonly bots = new Map<string, FakeBot>([[telegramBotToken(ALICE_BOT.id), ALICE_BOT]]);
  readonly revokedTokens = new Set<string>();
  readonly channels = new Map<number, FakeChannel>([
    [
      -1001000000001,
      {
        id: -1001000000001,
        type: 'channel',
        title: 'planrrr news',
        username: 'planrrrnews',
        photo: solidPng([34, 158, 217]),
        members: new Map([[ALICE_BOT.id, { status: 'administrator', canPostMessages: true }]]),
      },
    ],
    [
      -1001000000002,
      {
        id: -1001000000002,
        type: 'channel',
        title: 'Team backstage',
        members: new Map([[ALICE_BOT.id, { status: 'administrator', canPostMessages: true }]]),
      },
    ],
    [
      -1001000000003,
      {
        id: -1001000000003,
        type: 'channel',
        title: 'Read only',
        username: 'readonlynews',
        members: new Map([[ALICE_BOT.id, { status: 'administrator', canPostMessages: false }]]),
      },
    ],
    [
      -1001000000004,
      {
        id: -1001000000004,
        type: 'supergroup',
        title: 'A group',
        username: 'agroup',
        members: new Map([[ALICE_BOT.id, { status: 'member', canPostMessages: false }]]),
      },
    ],
  ]);
  readonly messages: FakeTelegramMessage[] = [];
  /** Telegram's limit: about 20 messages per minute in one group or channel */
  messagesPerMinute = 20;
  private nextMessageId = 100;
  private readonly startedAt = Date.now();

  /** Removes the bot from a channel, as a channel admin would: its next post answers 403. */
  removeBot(chatId: number, botId = ALICE_BOT.id): void {
    this.channels.get(chatId)?.members.set(botId, { status: 'left', canPostMessages: false });
  }

  protected routes(app: express.Express): void {
    app.use(express.json(), express.raw({ type: 'multipart/form-data', limit: '200mb' }));

    const fail = (res: express.Response, status: number, description: string, parameters?: object) =>
      res.status(status).json({ ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) });
    const ok = (res: express.Response, result: unknown) => res.json({ ok: true, result });

    app.get('/file/bot:token/photos/:chatId.png', (req, res) => {
      const photo = this.bots.has(req.params.token) ? this.channels.get(Number(req.params.chatId))?.photo : undefined;
      if (!photo) return void res.status(404).end();
      res.type('image/png').send(photo);
    });

    app.all('/bot:token/:method', async (req, res) => {
      const token = req.params.token!;
      const method = req.params.method as TelegramRoute;
      const bot = this.revokedTokens.has(token) ? undefined : this.bots.get(token);
      if (!bot) return fail(res, 401, 'Unauthorized');
      if (await this.scripted(method, res)) return;
      const form = await formDataOf(req);
      const field = (name: string): unknown => (form ? (form.get(name) ?? undefined) : req.body?.[name]);

      if (method === 'getMe') return ok(res, { id: bot.id, is_bot: true, first_name: 'planrrr', username: bot.username });
      if (method === 'getFile') {
        const chatId = /^photo-(-?\d+)$/.exec(String(field('file_id')))?.[1];
        if (!chatId) return fail(res, 400, 'Bad Request: invalid file_id');
        return ok(res, { file_id: field('file_id'), file_path: `photos/${chatId}.png` });
      }

      const channel = this.channelOf(field('chat_id'));
      if (!channel) return fail(res, 400, 'Bad Request: chat not found');
      const membership = channel.members.get(bot.id);
      if (!membership || membership.status === 'left') return fail(res, 403, 'Forbidden: bot is not a member of the channel chat');

      switch (method) {
        case 'getChat':
          return ok(res, {
            id: channel.id,
            type: channel.type,
            title: channel.title,
            ...(channel.username ? { username: channel.username } : {}),
            ...(channel.photo ? { photo: { small_file_id: `photo-${channel.id}`, big_file_id: `photo-${channel.id}` } } : {}),
          });
        case 'getChatMember': {
          const member = channel.members.get(Number(field('user_id')));
          if (!member) return fail(res, 400, 'Bad Request: user not found');
          return ok(res, {
            status: member.status,
            user: { id: Number(field('user_id')), is_bot: true },
            ...(member.status === 'administrator' ? { can_post_messages: member.canPostMessages } : {}),
          });
        }
        case 'getChatMemberCount':
          return ok(res, followersSince(this.startedAt));
        case 'sendMessage':
        case 'sendPhoto':
        case 'sendVideo':
        case 'sendMediaGroup':
          break;
        default:
          return fail(res, 404, 'Not Found: method not found');
      }

      if (!membership.canPostMessages || membership.status !== 'administrator')
        return fail(res, 400, 'Bad Request: need administrator rights in the channel chat');
      const sentLastMinute = this.messages.filter((message) => message.chatId === channel.id && message.receivedAt > Date.now() - 60_000);
      if (sentLastMinute.length >= this.messagesPerMinute) {
        const retryAfter = Math.ceil((sentLastMinute[0]!.receivedAt + 60_000 - Date.now()) / 1000);
        return fail(res, 429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
      }

      let text: string;
      let media: FakeTelegramFile[] = [];
      if (method === 'sendMessage') {
        text = typeof field('text') === 'string' ? (field('text') as string) : '';
        if (text.trim().length === 0) return fail(res, 400, 'Bad Request: message text is empty');
        if (text.length > 4096) return fail(res, 400, 'Bad Request: message is too long');
      } else {
        if (!form) return fail(res, 400, 'Bad Request: files must be uploaded as multipart/form-data');
        const caption = field('caption');
        text = typeof caption === 'string' ? caption : '';
        if (method === 'sendMediaGroup') {
          let inputs: Array<{ type?: string; media?: string; caption?: string }>;
          try {
            inputs = JSON.parse(String(field('media')));
          } catch {
            return fail(res, 400, "Bad Request: can't parse media JSON object");
          }
          if (!Array.isArray(inputs) || inputs.length < 2 || inputs.length > 10)
            return fail(res, 400, 'Bad Request: media group must contain 2-10 items');
          text = inputs[0]?.caption ?? '';
          for (const input of inputs) {
            const file = await this.upload(form, input.type, String(input.media).replace(/^attach:\/\//, ''));
            if (typeof file === 'string') return fail(res, file.startsWith('Request') ? 413 : 400, file);
            media.push(file);
          }
        } else {
          const type = method === 'sendPhoto' ? 'photo' : 'video';
          const file = await this.upload(form, type, type);
          if (typeof file === 'string') return fail(res, file.startsWith('Request') ? 413 : 400, file);
          media = [file];
        }
        if (text.length > 1024) return fail(res, 400, 'Bad Request: message caption is too long');
      }

      const messages = (method === 'sendMediaGroup' ? media : [undefined]).map(() => {
        this.nextMessageId += 1;
        return {
          message_id: this.nextMessageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: channel.id, type: 'channel', title: channel.title, ...(channel.username ? { username: channel.username } : {}) },
        };
      });
      this.messages.push({
        chatId: channel.id,
        messageId: messages[0]!.message_id,
        botToken: token,
        method,
        text,
        media,
        receivedAt: Date.now(),
      });
      return ok(res, method === 'sendMediaGroup' ? messages : messages[0]);
    });
  }

  /** The channel a chat_id names: its numeric id or its @name. */
  private channelOf(chatId: unknown): FakeChannel | undefined {
    const name = String(chatId ?? '');
    if (name.startsWith('@')) return [...this.channels.values()].find((channel) => `@${channel.username}` === name);
    return this.channels.get(Number(name));
  }

  /** A file part as Telegram takes it, or what Telegram answers when it does not. */
  private async upload(form: FormData, type: string | undefined, part: string): Promise<FakeTelegramFile | string> {
    if (type !== 'photo' && type !== 'video') return `Bad Request: media type ${String(type)} is not supported here`;
    const value = form.get(part);
    const bytes = await fileBytes(value);
    if (!bytes || !(value instanceof File)) return `Bad Request: there is no file in the request part ${part}`;
    if (bytes.length > (type === 'photo' ? 10 * MB : 50 * MB)) return 'Request Entity Too Large';
    if (type === 'photo' && !value.type.startsWith('image/')) return 'Bad Request: IMAGE_PROCESS_FAILED';
    return { type, bytes, fileName: value.name, contentType: value.type };
  }
}
