// A contract fake of Discord's channel webhooks, as a real local HTTP server: GET and
// POST (?wait=true) /api/webhooks/<id>/<token>, and the webhook's picture as Discord's CDN
// serves it (/avatars/<id>/<hash>.png). It checks what Discord checks: the webhook's token
// (401 code 50027) and that it still exists (404 code 10015), content of at most 2000
// characters, a message with content or files (code 50006), at most 10 files of at most
// 10 MiB (413 code 40005), `payload_json` attachments naming uploaded `files[n]`, and 5
// messages per 2 seconds per webhook (429 with retry_after, Retry-After and X-RateLimit-*).
// It records whom each message notified: the mentions in its content (@everyone and @here,
// <@user>, <@&role>) that its allowed_mentions let through (all of them when it has none, as
// Discord does); allowed_mentions of the wrong shape is a 400 code 50035.
// https://discord.com/developers/docs/resources/message#allowed-mentions-object
// https://discord.com/developers/docs/resources/webhook https://discord.com/developers/docs/topics/rate-limits
import express from 'express';
import { FakePlatformServer, formDataOf } from './fake-server';
import { fileBytes, solidPng } from './http';

export type DiscordRoute = 'getWebhook' | 'executeWebhook';

interface FakeWebhook {
  id: string;
  token: string;
  guildId: string;
  channelId: string;
  name: string;
  /** the picture's hash; none: Discord's default picture */
  avatar?: string;
  deleted?: boolean;
}

export interface FakeDiscordMessage {
  id: string;
  webhookId: string;
  channelId: string;
  content: string;
  /** the mentions that notified someone: 'everyone' (@everyone or @here), 'user:<id>', 'role:<id>' */
  pinged: string[];
  files: Array<{ fileName: string; contentType: string; bytes: Buffer; description?: string }>;
  receivedAt: number;
}

const MIB = 1024 * 1024;
export const ANNOUNCEMENTS_WEBHOOK: FakeWebhook = {
  id: '112233445566778899',
  token: 'announcementsWebhookToken_0123456789abcdef',
  guildId: '900000000000000001',
  channelId: '900000000000000011',
  name: 'planrrr announcements',
  avatar: 'a1b2c3d4',
};

export class FakeDiscord extends FakePlatformServer<DiscordRoute> {
  protected readonly defaultFailureRoute = 'executeWebhook';
  readonly webhooks = new Map<string, FakeWebhook>([[ANNOUNCEMENTS_WEBHOOK.id, { ...ANNOUNCEMENTS_WEBHOOK }]]);
  readonly messages: FakeDiscordMessage[] = [];
  readonly avatarPng = solidPng([88, 101, 242]);
  /** Discord's webhook bucket: 5 messages per 2 seconds */
  messagesPerWindow = 5;
  readonly windowMs = 2_000;
  private nextId = 1_300_000_000_000_000_000n;

  /** The URL a user copies from the channel's Integrations → Webhooks. */
  webhookUrl(webhook: Pick<FakeWebhook, 'id' | 'token'> = ANNOUNCEMENTS_WEBHOOK): string {
    return `${this.url}/api/webhooks/${webhook.id}/${webhook.token}`;
  }

  protected routes(app: express.Express): void {
    app.use(express.json(), express.raw({ type: 'multipart/form-data', limit: '200mb' }));
    const fail = (res: express.Response, status: number, code: number, message: string, extra: object = {}) =>
      res.status(status).json({ code, message, ...extra });

    app.get('/avatars/:id/:file', (req, res) => {
      const webhook = this.webhooks.get(req.params.id);
      if (!webhook?.avatar || req.params.file !== `${webhook.avatar}.png`) return void res.status(404).end();
      res.type('image/png').send(this.avatarPng);
    });

    const webhookOf = (req: express.Request, res: express.Response): FakeWebhook | undefined => {
      const webhook = this.webhooks.get(String(req.params.id));
      if (!webhook || webhook.deleted) return void fail(res, 404, 10015, 'Unknown Webhook');
      if (webhook.token !== req.params.token) return void fail(res, 401, 50027, 'Invalid Webhook Token');
      return webhook;
    };

    app.get('/api/webhooks/:id/:token', async (req, res) => {
      const webhook = webhookOf(req, res);
      if (!webhook || (await this.scripted('getWebhook', res))) return;
      res.json({
        application_id: null,
        avatar: webhook.avatar ?? null,
        channel_id: webhook.channelId,
        guild_id: webhook.guildId,
        id: webhook.id,
        name: webhook.name,
        type: 1,
        token: webhook.token,
      });
    });

    app.post('/api/webhooks/:id/:token', async (req, res) => {
      const webhook = webhookOf(req, res);
      if (!webhook || (await this.scripted('executeWebhook', res))) return;
      const recent = this.messages.filter((message) => message.webhookId === webhook.id && message.receivedAt > Date.now() - this.windowMs);
      if (recent.length >= this.messagesPerWindow) {
        const resetAfter = ((recent[0]?.receivedAt ?? Date.now()) + this.windowMs - Date.now()) / 1000;
        res.set({
          'Retry-After': String(Math.ceil(resetAfter)),
          'X-RateLimit-Limit': String(this.messagesPerWindow),
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset-After': resetAfter.toFixed(3),
          'X-RateLimit-Bucket': `webhook-${webhook.id}`,
          'X-RateLimit-Scope': 'shared',
        });
        return fail(res, 429, 0, 'You are being rate limited.', { retry_after: resetAfter, global: false });
      }

      const form = await formDataOf(req);
      let payload: {
        content?: unknown;
        allowed_mentions?: unknown;
        attachments?: Array<{ id?: unknown; filename?: unknown; description?: unknown }>;
      };
      try {
        payload = form ? JSON.parse(String(form.get('payload_json') ?? '{}')) : (req.body ?? {});
      } catch {
        return fail(res, 400, 50109, 'The request body contains invalid JSON.');
      }
      const content = typeof payload.content === 'string' ? payload.content : '';
      if ([...content].length > 2000) {
        return fail(res, 400, 50035, 'Invalid Form Body', {
          errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } },
        });
      }
      const pinged = pingsOf(content, payload.allowed_mentions);
      if (!pinged) return fail(res, 400, 50035, 'Invalid Form Body: allowed_mentions');
      const files: FakeDiscordMessage['files'] = [];
      for (const [name, value] of form?.entries() ?? []) {
        const index = /^files\[(\d+)\]$/.exec(name)?.[1];
        if (index === undefined || !(value instanceof File)) continue;
        const bytes = (await fileBytes(value))!;
        if (bytes.length > 10 * MIB) return fail(res, 413, 40005, 'Request entity too large');
        const attachment = payload.attachments?.find((candidate) => String(candidate.id) === index);
        if (!attachment) return fail(res, 400, 50035, `Invalid Form Body: files[${index}] has no attachment in payload_json`);
        files.push({
          fileName: value.name,
          contentType: value.type,
          bytes,
          ...(typeof attachment.description === 'string' ? { description: attachment.description } : {}),
        });
      }
      if (files.length > 10) return fail(res, 400, 50035, 'Invalid Form Body: at most 10 attachments');
      if (content.trim().length === 0 && files.length === 0) return fail(res, 400, 50006, 'Cannot send an empty message');

      this.nextId += 1n;
      const message: FakeDiscordMessage = {
        id: String(this.nextId),
        webhookId: webhook.id,
        channelId: webhook.channelId,
        content,
        pinged,
        files,
        receivedAt: Date.now(),
      };
      this.messages.push(message);
      res.set({
        'X-RateLimit-Limit': String(this.messagesPerWindow),
        'X-RateLimit-Remaining': String(this.messagesPerWindow - recent.length - 1),
      });
      const answer = {
        id: message.id,
        type: 0,
        channel_id: webhook.channelId,
        webhook_id: webhook.id,
        content,
        attachments: files.map((file, index) => ({ id: `${message.id}${index}`, filename: file.fileName, size: file.bytes.length })),
        timestamp: new Date(message.receivedAt).toISOString(),
      };
      // without ?wait=true Discord answers 204 and no message
      if (req.query.wait !== 'true') return void res.status(204).end();
      res.json(answer);
    });
  }
}

const MENTION_KINDS = ['everyone', 'roles', 'users'];

/** Whom a message's mentions notify under its allowed_mentions; undefined when allowed_mentions is malformed. */
function pingsOf(content: string, allowed: unknown): string[] | undefined {
  let parse = MENTION_KINDS;
  let users: string[] = [];
  let roles: string[] = [];
  if (allowed !== undefined) {
    if (typeof allowed !== 'object' || allowed === null) return undefined;
    const given = allowed as { parse?: unknown; users?: unknown; roles?: unknown };
    const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : undefined);
    const [parsed, allowedUsers, allowedRoles] = [list(given.parse), list(given.users), list(given.roles)];
    if (!parsed || !allowedUsers || !allowedRoles || parsed.some((kind) => !MENTION_KINDS.includes(kind))) return undefined;
    // "parse: users" and a users list are mutually exclusive, and so are roles
    if ((parsed.includes('users') && allowedUsers.length > 0) || (parsed.includes('roles') && allowedRoles.length > 0)) return undefined;
    [parse, users, roles] = [parsed, allowedUsers, allowedRoles];
  }
  const pinged: string[] = [];
  if (/@(everyone|here)\b/.test(content) && parse.includes('everyone')) pinged.push('everyone');
  for (const [, id] of content.matchAll(/<@!?(\d+)>/g)) if (parse.includes('users') || users.includes(id!)) pinged.push(`user:${id}`);
  for (const [, id] of content.matchAll(/<@&(\d+)>/g)) if (parse.includes('roles') || roles.includes(id!)) pinged.push(`role:${id}`);
  return pinged;
}
