// A contract fake of the Mastodon API parts planrrr calls, as a real local HTTP server:
// POST /api/v1/statuses (with Idempotency-Key semantics and media_ids),
// POST /api/v2/media and GET /api/v1/media/:id (asynchronous processing: 202, then 206
// until ready; a status may only attach processed media of its own account),
// GET /api/v1/accounts/verify_credentials (with the account's avatar, served here as an
// instance's media would be, and its follower count, growing with time), GET /api/v2/instance (its status length limit) and
// GET /api/v1/statuses/:id (counts that grow with time; 404 once deleted; 300 reads per 5 min per token).
// Tokens name their account: `token-carol` and `token-carol-2` are two tokens of carol's.
// https://docs.joinmastodon.org/methods/statuses/ https://docs.joinmastodon.org/methods/media/
import { createHash } from 'node:crypto';
import express from 'express';
import { engagementSince, fileBytes, followersSince, readForm, ReadBudget, solidPng } from './http';
import type { AddressInfo, Socket } from 'node:net';
import type { Server } from 'node:http';

export interface FakeMediaAttachment {
  id: string;
  accessToken: string;
  bytes: Buffer;
  contentType: string;
  fileName: string;
  description?: string;
  /** GET /api/v1/media/:id answers 206 this many more times */
  pollsUntilProcessed: number;
}

export interface FakeStatus {
  id: string;
  content: string;
  media: FakeMediaAttachment[];
  idempotencyKey: string | undefined;
  accessToken: string;
  /** the status this one replies to (in_reply_to_id) */
  inReplyToId?: string;
  receivedAt: number;
  /** when the connection it came on was opened */
  connectedAt: number;
}

/**
 * What the next POST /statuses answers instead of success: an HTTP error, or no answer
 * at all (`hang`: the connection stays open until the client gives up).
 */
export type ScriptedFailure = { status: number; body?: unknown; headers?: Record<string, string> } | { hang: true };

/** Every POST /statuses as the fake saw it: when, and what it answered. */
export interface StatusRequest {
  at: number;
  answer: number | 'hang';
}

/** The account a token belongs to: `token-<name>[-<n>]` is <name>'s; any other token, an account of its own. */
function accountOf(token: string): { id: string; username: string } {
  const username = /^token-([a-z]+)(?:-\d+)?$/.exec(token)?.[1] ?? `user${createHash('sha256').update(token).digest('hex').slice(0, 8)}`;
  // alice is the instance's first account, as the avatar's path says
  const id = username === 'alice' ? '1' : String(parseInt(createHash('sha256').update(username).digest('hex').slice(0, 12), 16));
  return { id, username };
}

export class FakeMastodon {
  readonly statuses: FakeStatus[] = [];
  /** every POST /statuses request, including replays and failures */
  postRequests = 0;
  readonly requests: StatusRequest[] = [];
  readonly validTokens = new Set<string>(['token-alice']);
  /** the account's profile picture, at verify_credentials' `avatar` and `avatar_static` */
  avatarPng = solidPng([99, 100, 255]);
  /** the instance's configuration.statuses.max_characters (Mastodon's default is 500) */
  maxCharacters = 500;
  readonly attachments: FakeMediaAttachment[] = [];
  /** how many polls an upload stays processing (0: POST /api/v2/media answers 200 at once) */
  processingPolls = 1;
  /** statuses deleted on the instance: GET /api/v1/statuses/:id answers 404 */
  readonly deletedStatusIds = new Set<string>();
  /** Mastodon's default: 300 requests per 5 minutes per account */
  readonly readBudget = new ReadBudget(300, 5 * 60_000);
  /**
   * POST /api/v1/statuses per account, counted apart from the reads: Mastodon's 300 requests
   * per 5 minutes per account (https://docs.joinmastodon.org/api/rate-limits/); a test sets
   * a smaller one to see planrrr keep within it, a benchmark of one account's bursts none
   */
  publishBudget: ReadBudget | undefined = new ReadBudget(300, 5 * 60_000);
  /** the statuses refused with a 429 for publishBudget */
  publishRefusals = 0;
  /** every GET /api/v1/statuses/:id, with its id */
  readonly statusReads: string[] = [];
  private readonly failures: ScriptedFailure[] = [];
  /** follower counts grow from here */
  private readonly startedAt = Date.now();
  /** statuses by account and Idempotency-Key, so a burst of thousands stays O(1) per request */
  private readonly byIdempotencyKey = new Map<string, FakeStatus>();
  /** when each connection was opened */
  private readonly connectedAt = new WeakMap<Socket, number>();
  private server?: Server;
  url = '';

  failNext(...failures: ScriptedFailure[]): void {
    this.failures.push(...failures);
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.json());

    const authenticate = (req: express.Request, res: express.Response): string | undefined => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !this.validTokens.has(token)) {
        res.status(401).json({ error: 'The access token is invalid' });
        return undefined;
      }
      return token;
    };

    app.get('/api/v1/accounts/verify_credentials', (req, res) => {
      const token = authenticate(req, res);
      if (!token) return;
      const { id, username } = accountOf(token);
      const avatar = `${this.url}/system/accounts/avatars/000/000/001/original/alice.png`;
      const displayName = username.charAt(0).toUpperCase() + username.slice(1);
      res.json({
        id,
        username,
        acct: username,
        display_name: displayName,
        url: `${this.url}/@${username}`,
        avatar,
        avatar_static: avatar,
        followers_count: followersSince(this.startedAt),
      });
    });
    app.get('/system/accounts/avatars/000/000/001/original/alice.png', (_req, res) => {
      res.type('image/png').send(this.avatarPng);
    });

    app.get('/api/v2/instance', (_req, res) => {
      res.json({
        domain: new URL(this.url).host,
        title: 'Fake Mastodon',
        version: '4.3.0',
        configuration: { statuses: { max_characters: this.maxCharacters, max_media_attachments: 4, characters_reserved_per_url: 23 } },
      });
    });

    app.post('/api/v2/media', async (req, res) => {
      const token = authenticate(req, res);
      if (!token) return;
      const form = await readForm(req);
      const file = form.get('file');
      const bytes = await fileBytes(file);
      if (!bytes || !(file instanceof File)) return void res.status(422).json({ error: 'Validation failed: File is missing' });
      if (!/^(image|video)\//.test(file.type))
        return void res.status(422).json({ error: 'Validation failed: File content type is invalid' });
      const attachment: FakeMediaAttachment = {
        id: String(110_000_000_000 + this.attachments.length + 1),
        accessToken: token,
        bytes,
        contentType: file.type,
        fileName: file.name,
        description: form.get('description')?.toString(),
        pollsUntilProcessed: this.processingPolls,
      };
      this.attachments.push(attachment);
      const processing = attachment.pollsUntilProcessed > 0;
      res.status(processing ? 202 : 200).json(this.attachmentJson(attachment));
    });

    app.get('/api/v1/media/:id', (req, res) => {
      const token = authenticate(req, res);
      if (!token) return;
      const attachment = this.attachments.find((candidate) => candidate.id === req.params.id && candidate.accessToken === token);
      if (!attachment) return void res.status(404).json({ error: 'Record not found' });
      if (attachment.pollsUntilProcessed > 0) attachment.pollsUntilProcessed -= 1;
      res.status(attachment.pollsUntilProcessed > 0 ? 206 : 200).json(this.attachmentJson(attachment));
    });

    // https://docs.joinmastodon.org/methods/statuses/#get
    app.get('/api/v1/statuses/:id', (req, res) => {
      const token = authenticate(req, res);
      if (!token) return;
      this.statusReads.push(req.params.id);
      const resetAt = this.readBudget.spend(token);
      if (resetAt !== undefined) {
        res
          .status(429)
          .set({
            'X-RateLimit-Limit': String(this.readBudget.limit),
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': new Date(resetAt).toISOString(),
          })
          .json({ error: 'Too many requests' });
        return;
      }
      const status = this.statuses.find((candidate) => candidate.id === req.params.id);
      if (!status || this.deletedStatusIds.has(status.id)) return void res.status(404).json({ error: 'Record not found' });
      const counts = engagementSince(status.receivedAt);
      res.json({
        id: status.id,
        uri: `${this.url}/users/alice/statuses/${status.id}`,
        url: `${this.url}/@alice/${status.id}`,
        content: `<p>${status.content}</p>`,
        created_at: new Date(status.receivedAt).toISOString(),
        favourites_count: counts.likes,
        reblogs_count: counts.reposts,
        replies_count: counts.replies,
      });
    });

    app.post('/api/v1/statuses', (req, res) => {
      this.postRequests += 1;
      const token = authenticate(req, res);
      if (!token) return;
      const failure = this.failures.shift();
      if (failure && 'hang' in failure) {
        this.requests.push({ at: Date.now(), answer: 'hang' });
        return;
      }
      if (failure) {
        this.requests.push({ at: Date.now(), answer: failure.status });
        res
          .status(failure.status)
          .set(failure.headers ?? {})
          .json(failure.body ?? { error: `scripted ${failure.status}` });
        return;
      }
      const resetAt = this.publishBudget?.spend(accountOf(token).id);
      if (resetAt !== undefined) {
        this.publishRefusals += 1;
        this.requests.push({ at: Date.now(), answer: 429 });
        res
          .status(429)
          .set({
            'X-RateLimit-Limit': String(this.publishBudget!.limit),
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': new Date(resetAt).toISOString(),
          })
          .json({ error: 'Too many requests' });
        return;
      }
      const content: unknown = req.body?.status;
      const mediaIds: unknown = req.body?.media_ids ?? [];
      if (!Array.isArray(mediaIds) || mediaIds.length > 4) {
        res.status(422).json({ error: 'Validation failed: media_ids must list at most 4 attachments' });
        return;
      }
      const media = mediaIds.map((id) => this.attachments.find((candidate) => candidate.id === id && candidate.accessToken === token));
      if (media.some((attachment) => !attachment)) {
        res.status(422).json({ error: 'Validation failed: media_ids names an attachment this account did not upload' });
        return;
      }
      if (media.some((attachment) => attachment!.pollsUntilProcessed > 0)) {
        res.status(422).json({ error: 'Cannot attach files that have not finished processing. Try again in a moment!' });
        return;
      }
      if (typeof content !== 'string' || content.length === 0) {
        res.status(422).json({ error: "Validation failed: Text can't be blank" });
        return;
      }
      if (content.length > this.maxCharacters) {
        res.status(422).json({ error: `Validation failed: Text character limit of ${this.maxCharacters} exceeded` });
        return;
      }
      // Mastodon answers 404 for a reply to a status that does not exist or the account cannot see
      const inReplyToId: unknown = req.body?.in_reply_to_id;
      if (inReplyToId !== undefined && inReplyToId !== null && !this.statuses.some((status) => status.id === inReplyToId)) {
        res.status(404).json({ error: 'Record not found' });
        return;
      }
      const idempotencyKey = req.header('idempotency-key');
      // Mastodon answers a repeated key (per account) with the status it already created.
      const existing = idempotencyKey ? this.byIdempotencyKey.get(`${token} ${idempotencyKey}`) : undefined;
      const status = existing || {
        id: String(109_000_000_000 + this.statuses.length + 1),
        content,
        media: media as FakeMediaAttachment[],
        idempotencyKey,
        accessToken: token,
        ...(typeof inReplyToId === 'string' ? { inReplyToId } : {}),
        receivedAt: Date.now(),
        connectedAt: this.connectedAt.get(req.socket) ?? Date.now(),
      };
      if (!existing) {
        this.statuses.push(status);
        if (idempotencyKey) this.byIdempotencyKey.set(`${token} ${idempotencyKey}`, status);
      }
      this.requests.push({ at: Date.now(), answer: 200 });
      res.json({
        id: status.id,
        uri: `${this.url}/users/alice/statuses/${status.id}`,
        url: `${this.url}/@alice/${status.id}`,
        content: `<p>${status.content}</p>`,
        created_at: new Date(status.receivedAt).toISOString(),
      });
    });

    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
      this.server.on('connection', (socket: Socket) => this.connectedAt.set(socket, Date.now()));
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  private attachmentJson(attachment: FakeMediaAttachment) {
    const processed = attachment.pollsUntilProcessed === 0;
    return {
      id: attachment.id,
      type: attachment.contentType.startsWith('video/') ? 'video' : 'image',
      url: processed ? `${this.url}/system/media_attachments/${attachment.id}` : null,
      preview_url: `${this.url}/system/media_attachments/${attachment.id}/small`,
      description: attachment.description ?? null,
    };
  }

  async stop(): Promise<void> {
    // hung requests would keep close() waiting
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
