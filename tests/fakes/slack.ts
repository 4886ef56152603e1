// A contract fake of the Slack Web API methods planrrr calls, as a real local HTTP server
// (form-encoded, `Authorization: Bearer`): auth.test, conversations.info (include_num_members),
// chat.postMessage, chat.getPermalink, files.getUploadURLExternal, the upload URL it hands
// out, and files.completeUploadExternal. It answers as Slack does, HTTP 200 with
// `{ok:false, error}` for refusals: invalid_auth / token_revoked for a bad token,
// missing_scope (with `needed`) for a scope the app lacks, channel_not_found, not_in_channel,
// is_archived, no_text, msg_too_long past 40,000 characters, a file whose upload never
// arrived or whose size differs; and HTTP 429 with Retry-After past one message per second
// per channel (with a short burst). And incoming webhooks (POST /services/T…/B…/<secret>,
// JSON): "ok" for a message with text, 400 `invalid_payload` / `no_text`, 404 `no_service`
// for a webhook that does not exist (or was removed), 410 `channel_is_archived`.
// https://docs.slack.dev/reference/methods https://docs.slack.dev/apis/web-api/rate-limits
// https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks#handling_errors
import express from 'express';
import { FakePlatformServer } from './fake-server';
import { followersSince, readRawBody } from './http';

export type SlackRoute =
  | 'auth.test'
  | 'conversations.info'
  | 'chat.postMessage'
  | 'chat.getPermalink'
  | 'files.getUploadURLExternal'
  | 'upload'
  | 'files.completeUploadExternal'
  | 'incomingWebhook';

interface FakeSlackChannel {
  id: string;
  name: string;
  isMember: boolean;
  isArchived?: boolean;
  isPrivate?: boolean;
}

interface FakeUpload {
  id: string;
  token: string;
  filename: string;
  length: number;
  altText?: string;
  bytes?: Buffer;
  contentType?: string;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  botToken: string;
  /** the text as sent (Slack's escaping included) */
  text: string;
  files: FakeUpload[];
  receivedAt: number;
}

export interface FakeSlackWebhookMessage {
  /** the webhook's path, /services/T…/B…/<secret> */
  path: string;
  text: string;
  receivedAt: number;
}

export const SLACK_BOT_TOKEN = 'xoxb-1111-2222-planrrrFakeSlackBotToken';
/** An incoming webhook the fake knows; posting to it is "ok". */
export const SLACK_INCOMING_WEBHOOK_PATH = '/services/T0000000001/B0000000009/planrrrFakeIncomingWebhook1';
const SCOPES = ['chat:write', 'files:write', 'channels:read'];

export class FakeSlack extends FakePlatformServer<SlackRoute> {
  protected readonly defaultFailureRoute = 'chat.postMessage';
  /** valid tokens and the scopes each was granted */
  readonly tokens = new Map<string, string[]>([[SLACK_BOT_TOKEN, SCOPES]]);
  readonly revokedTokens = new Set<string>();
  readonly channels = new Map<string, FakeSlackChannel>([
    ['C0000000001', { id: 'C0000000001', name: 'announcements', isMember: true }],
    ['C0000000002', { id: 'C0000000002', name: 'random', isMember: false }],
    ['C0000000003', { id: 'C0000000003', name: 'old-news', isMember: true, isArchived: true }],
    ['G0000000004', { id: 'G0000000004', name: 'leads', isMember: true, isPrivate: true }],
  ]);
  readonly messages: FakeSlackMessage[] = [];
  /** incoming webhooks by path; an archived channel's answers 410 */
  readonly incomingWebhooks = new Map<string, { archived: boolean }>([[SLACK_INCOMING_WEBHOOK_PATH, { archived: false }]]);
  readonly webhookMessages: FakeSlackWebhookMessage[] = [];
  readonly uploads = new Map<string, FakeUpload>();
  /** chat.postMessage: about 1 per second per channel, with bursts Slack tolerates */
  messagesPerSecond = 3;
  private nextTs = 1_700_000_000;
  private nextFile = 0;
  private readonly startedAt = Date.now();

  /** the URL of an incoming webhook the fake knows */
  incomingWebhookUrl(path = SLACK_INCOMING_WEBHOOK_PATH): string {
    return `${this.url}${path}`;
  }

  protected routes(app: express.Express): void {
    app.post('/services/:workspace/:bot/:secret', express.json(), async (req, res) => {
      const webhook = this.incomingWebhooks.get(req.path);
      if (!webhook) return void res.status(404).type('text/plain').send('no_service');
      if (await this.scripted('incomingWebhook', res)) return;
      if (webhook.archived) return void res.status(410).type('text/plain').send('channel_is_archived');
      const body = req.body as { text?: unknown } | undefined;
      if (!req.is('application/json') || typeof body !== 'object') return void res.status(400).type('text/plain').send('invalid_payload');
      if (typeof body.text !== 'string' || body.text.trim() === '') return void res.status(400).type('text/plain').send('no_text');
      this.webhookMessages.push({ path: req.path, text: body.text, receivedAt: Date.now() });
      res.type('text/plain').send('ok');
    });
    app.use(express.urlencoded({ extended: false }));
    const refuse = (res: express.Response, error: string, extra: object = {}) => res.json({ ok: false, error, ...extra });

    app.post('/upload/:fileId', async (req, res) => {
      if (await this.scripted('upload', res)) return;
      const upload = this.uploads.get(req.params.fileId);
      if (!upload) return void res.status(404).send('Not Found');
      upload.bytes = await readRawBody(req);
      upload.contentType = req.headers['content-type'];
      res.type('text/plain').send(`OK - ${upload.bytes.length}`);
    });

    app.post('/api/:method', async (req, res) => {
      const method = req.params.method as SlackRoute;
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token) return refuse(res, 'not_authed');
      if (this.revokedTokens.has(token)) return refuse(res, 'token_revoked');
      const scopes = this.tokens.get(token);
      if (!scopes) return refuse(res, 'invalid_auth');
      if (await this.scripted(method, res)) return;
      const params = (req.body ?? {}) as Record<string, string>;
      const needScope = (scope: string) => (scopes.includes(scope) ? false : (refuse(res, 'missing_scope', { needed: scope }), true));
      const channelOf = (id: string | undefined) => {
        const channel = this.channels.get(id ?? '');
        if (!channel || (channel.isPrivate && !channel.isMember)) return void refuse(res, 'channel_not_found');
        return channel;
      };
      const postable = (id: string | undefined) => {
        const channel = channelOf(id);
        if (!channel) return undefined;
        if (channel.isArchived) return void refuse(res, 'is_archived');
        if (!channel.isMember) return void refuse(res, 'not_in_channel');
        const recent = this.messages.filter((message) => message.channel === channel.id && message.receivedAt > Date.now() - 1000);
        if (recent.length >= this.messagesPerSecond)
          return void res.status(429).set('Retry-After', '1').json({ ok: false, error: 'ratelimited' });
        return channel;
      };
      const post = (channel: string, text: string, files: FakeUpload[]) => {
        this.nextTs += 1;
        const message = { channel, ts: `${this.nextTs}.000100`, botToken: token, text, files, receivedAt: Date.now() };
        this.messages.push(message);
        return message;
      };

      switch (method) {
        case 'auth.test':
          return res.json({
            ok: true,
            url: 'https://planrrr-fake.slack.com/',
            team: 'planrrr fake',
            team_id: 'T0000000001',
            user: 'planrrr',
            user_id: 'U0000000001',
            bot_id: 'B0000000001',
          });
        case 'conversations.info': {
          if (needScope('channels:read')) return;
          const channel = channelOf(params.channel);
          if (!channel) return;
          return res.json({
            ok: true,
            channel: {
              id: channel.id,
              name: channel.name,
              is_channel: true,
              is_private: channel.isPrivate ?? false,
              is_member: channel.isMember,
              is_archived: channel.isArchived ?? false,
              ...(params.include_num_members === 'true' ? { num_members: followersSince(this.startedAt) } : {}),
            },
          });
        }
        case 'chat.postMessage': {
          if (needScope('chat:write')) return;
          const channel = postable(params.channel);
          if (!channel) return;
          const text = params.text ?? '';
          if (text.trim().length === 0) return refuse(res, 'no_text');
          if (text.length > 40_000) return refuse(res, 'msg_too_long');
          const message = post(channel.id, text, []);
          return res.json({ ok: true, channel: channel.id, ts: message.ts, message: { type: 'message', text, ts: message.ts } });
        }
        case 'chat.getPermalink': {
          const message = this.messages.find((candidate) => candidate.channel === params.channel && candidate.ts === params.message_ts);
          if (!message) return refuse(res, 'message_not_found');
          return res.json({
            ok: true,
            channel: message.channel,
            permalink: `https://planrrr-fake.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`,
          });
        }
        case 'files.getUploadURLExternal': {
          if (needScope('files:write')) return;
          const length = Number(params.length);
          if (!params.filename || !Number.isInteger(length) || length <= 0) return refuse(res, 'invalid_arguments');
          this.nextFile += 1;
          const id = `F${String(this.nextFile).padStart(10, '0')}`;
          this.uploads.set(id, { id, token, filename: params.filename, length, ...(params.alt_txt ? { altText: params.alt_txt } : {}) });
          return res.json({ ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id });
        }
        case 'files.completeUploadExternal': {
          if (needScope('files:write')) return;
          let requested: Array<{ id?: string; title?: string }>;
          try {
            requested = JSON.parse(params.files ?? '');
          } catch {
            return refuse(res, 'invalid_arguments');
          }
          if (!Array.isArray(requested) || requested.length === 0) return refuse(res, 'invalid_arguments');
          const files: FakeUpload[] = [];
          for (const { id } of requested) {
            const upload = this.uploads.get(id ?? '');
            if (!upload || upload.token !== token) return refuse(res, 'file_not_found');
            if (!upload.bytes) return refuse(res, 'file_upload_not_completed');
            if (upload.bytes.length !== upload.length) return refuse(res, 'file_upload_size_mismatch');
            files.push(upload);
          }
          const channel = postable(params.channel_id);
          if (!channel) return;
          const text = params.initial_comment ?? '';
          if (text.length > 40_000) return refuse(res, 'msg_too_long');
          const message = post(channel.id, text, files);
          const shares = { [channel.isPrivate ? 'private' : 'public']: { [channel.id]: [{ ts: message.ts, channel_name: channel.name }] } };
          return res.json({
            ok: true,
            files: files.map((file) => ({
              id: file.id,
              name: file.filename,
              permalink: `https://planrrr-fake.slack.com/files/${file.id}`,
              shares,
            })),
          });
        }
        default:
          return refuse(res, 'unknown_method');
      }
    });
  }
}
