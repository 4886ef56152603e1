// A contract fake of the Reddit API parts planrrr calls (oauth.reddit.com), as a real local
// HTTP server. It checks what Reddit checks: a bearer token (401 otherwise), a descriptive
// User-Agent (Reddit throttles generic ones: 429), and for a submission the subreddit
// (SUBREDDIT_NOEXIST), the kind (self or link), the title (required, at most 300
// characters), a text of at most 40,000 characters, a flair where the subreddit requires one
// (SUBMIT_VALIDATION_FLAIR_REQUIRED), a link submitted once per subreddit (ALREADY_SUB), and
// an account's pace (RATELIMIT, with `json.ratelimit` seconds), answering refusals with 200
// and `json.errors` as Reddit does. A body (`text`, at most 40,000 characters) goes with any
// kind of post, as PRAW 8 sends it. Image posts as Reddit's web client (and PRAW) makes them:
// an upload lease (POST /api/media/asset.json: an S3 form and the asset's websocket), the
// file posted to the lease's bucket with every field of the lease before it (S3's
// EntityTooLarge past `maxImageBytes`), then `kind=image` with the upload's URL, answered
// without a post; the post is made once the image is "processed", and its URL said on the
// asset's websocket to the sockets open at that moment (Reddit does not replay). Galleries
// through POST /api/submit_gallery_post.json (a JSON body): up to 20 items, each the asset id
// of an image this account uploaded, a caption of at most 180 characters and an optional
// http(s) outbound URL (Reddit's gallery announcement); GALLERIES_DISABLED where the subreddit
// takes none; answered with the post's name and URL. The bucket and the websockets are a
// second local server, as they are other hosts at Reddit. A test can have Reddit make a post
// and lose the answer (`loseNextAnswer`). Reads: GET /api/info with a post's score and
// comments, and a subreddit's link flairs and its newest posts (404 for an unknown subreddit).
// Given the OAuth fake, it also serves /api/v1/me and takes the tokens it issued for Reddit.
// https://www.reddit.com/dev/api/#POST_api_submit
// https://www.reddit.com/dev/api/#GET_api_info
// https://www.rfc-editor.org/rfc/rfc6455 (the websocket handshake and text frames served here)
import { createHash, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import express from 'express';
import { bearerToken, FakePlatformServer, formDataOf } from './fake-server';
import { close, engagementSince, fileBytes, listen } from './http';
import { FAKE_ACCOUNTS, type FakeOAuthProvider } from './oauth-provider';

export type RedditRoute = 'submit' | 'gallery' | 'info' | 'media.lease' | 'media.upload';

/** The types Reddit's uploader leases for an image post (PRAW's own list). */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif']);
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** Reddit's gallery announcement: "20 images per Image Gallery", "an optional caption (180 character max)". */
const MAX_GALLERY_ITEMS = 20;
const MAX_CAPTION_LENGTH = 180;
const MAX_BODY_LENGTH = 40_000;

/** One text frame, unmasked as a server sends it (RFC 6455 §5.2). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const header =
    payload.length < 126 ? Buffer.from([0x81, payload.length]) : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, payload]);
}

interface FakeRedditUpload {
  assetId: string;
  account: string;
  key: string;
  mimeType: string;
  fields: Array<{ name: string; value: string }>;
  bytes?: Buffer;
}

export interface FakeRedditPost {
  id: string;
  name: string;
  author: string;
  subreddit: string;
  kind: 'self' | 'link' | 'image' | 'gallery';
  title: string;
  /** a self post's text, or the body of any other kind */
  text?: string;
  url?: string;
  /** an image post's file, as uploaded to the bucket */
  image?: { bytes: Buffer; mimeType: string };
  /** a gallery's images, in order */
  images?: Array<{ bytes: Buffer; mimeType: string; caption: string; outboundUrl: string }>;
  flairId?: string;
  userAgent: string;
  publishedAt: number;
}

export class FakeReddit extends FakePlatformServer<RedditRoute> {
  protected readonly defaultFailureRoute = 'submit';
  /** access token → the account it acts for */
  readonly tokens = new Map<string, string>([['rd-token-alice', 'alice_reddit']]);
  /** subreddit (lower case) → the flair template ids it offers, whether a post must have one, and whether it takes galleries */
  readonly subreddits = new Map<string, { flairs: string[]; flairRequired: boolean; galleries: boolean }>([
    ['planrrr', { flairs: [], flairRequired: false, galleries: true }],
    ['strictsub', { flairs: ['flair-news', 'flair-help'], flairRequired: true, galleries: true }],
    ['singleimages', { flairs: [], flairRequired: false, galleries: false }],
  ]);
  readonly posts: FakeRedditPost[] = [];
  /** post names (t3_…) deleted on Reddit */
  readonly deleted = new Set<string>();
  /** seconds an account must wait after a submission before the next one (0: no pace) */
  submitIntervalSeconds = 0;
  /** the S3 policy's size limit of an image upload */
  maxImageBytes = 20 * 1024 * 1024;
  /** what Reddit's processing of the next image posts makes of them: a post, 'failed' on the websocket, or a post it does not announce */
  imageProcessing: 'succeeds' | 'fails' | 'succeeds-silently' = 'succeeds';
  /** how long Reddit takes to process an image into a post after answering its submission */
  imageProcessingMs = 20;
  /** submissions whose post is made and whose answer is then lost (the connection dropped), once each */
  readonly answersToLose = new Set<'submit' | 'gallery'>();
  /** the uploads leased, by key */
  readonly uploads = new Map<string, FakeRedditUpload>();
  /** the bucket's and the websockets' server */
  mediaUrl = '';
  private mediaServer?: Server;
  /** asset id → the websockets open on it */
  private readonly assetSockets = new Map<string, Set<Duplex>>();
  private readonly lastSubmit = new Map<string, number>();
  private nextId = 1_000_000;

  constructor(private readonly oauth?: FakeOAuthProvider) {
    super();
  }

  override async start(): Promise<this> {
    const media = express();
    this.mediaRoutes(media);
    ({ server: this.mediaServer, url: this.mediaUrl } = await listen(media));
    this.mediaServer.on('upgrade', (req, socket: Duplex) => this.acceptWebsocket(req, socket));
    return super.start();
  }

  override async stop(): Promise<void> {
    for (const sockets of this.assetSockets.values()) for (const socket of sockets) socket.destroy();
    await close(this.mediaServer);
    await super.stop();
  }

  /** The handshake for `/rte_images/{asset id}`; the socket then only hears the asset's news. */
  private acceptWebsocket(req: import('node:http').IncomingMessage, socket: Duplex): void {
    const assetId = /^\/rte_images\/([\w-]+)$/.exec(req.url ?? '')?.[1];
    const key = req.headers['sec-websocket-key'];
    if (!assetId || ![...this.uploads.values()].some((upload) => upload.assetId === assetId) || typeof key !== 'string')
      return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    const accept = createHash('sha1')
      .update(key + WEBSOCKET_GUID)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const sockets = this.assetSockets.get(assetId) ?? new Set<Duplex>();
    this.assetSockets.set(assetId, sockets.add(socket));
    const forget = () => sockets.delete(socket);
    socket.on('close', forget).on('error', forget);
    // a close frame from the client (opcode 8) is answered with one, then the socket ends
    socket.on('data', (frame: Buffer) => {
      if ((frame[0]! & 0x0f) === 0x8) socket.end(Buffer.from([0x88, 0]));
    });
  }

  private announce(assetId: string, update: object): void {
    for (const socket of this.assetSockets.get(assetId) ?? []) socket.write(textFrame(JSON.stringify(update)));
  }

  /** S3's form post: every field of the lease, unchanged, before the file. */
  private mediaRoutes(app: express.Express): void {
    const s3Error = (res: express.Response, status: number, code: string, message: string, extra = '') =>
      res
        .status(status)
        .type('application/xml')
        .send(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${extra}</Error>`);
    app.post('/rte-images', express.raw({ type: 'multipart/form-data', limit: '60mb' }), async (req, res) => {
      if (await this.scripted('media.upload', res)) return;
      const form = await formDataOf(req);
      const upload = this.uploads.get(String(form?.get('key') ?? ''));
      if (!form || !upload) return void s3Error(res, 403, 'AccessDenied', 'Invalid according to Policy');
      if (upload.fields.some((field) => form.get(field.name) !== field.value))
        return void s3Error(res, 403, 'AccessDenied', 'Invalid according to Policy: Policy Condition failed');
      if ([...form.keys()].at(-1) !== 'file')
        return void s3Error(res, 400, 'InvalidArgument', 'Bucket POST must contain a field named file, and it must be the last field');
      const bytes = await fileBytes(form.get('file'));
      if (!bytes) return void s3Error(res, 400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
      if (bytes.length > this.maxImageBytes)
        return void s3Error(
          res,
          400,
          'EntityTooLarge',
          'Your proposed upload exceeds the maximum allowed size',
          `<ProposedSize>${bytes.length}</ProposedSize><MaxSizeAllowed>${this.maxImageBytes}</MaxSizeAllowed>`,
        );
      upload.bytes = bytes;
      res
        .status(201)
        .type('application/xml')
        .send(
          `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${this.mediaUrl}/rte-images/${upload.key}</Location><Key>${upload.key}</Key></PostResponse>`,
        );
    });
  }

  /** The image uploaded to the bucket at `url`, by this account. */
  private uploadAt(url: string | undefined, account: string): FakeRedditUpload | undefined {
    const key = url?.startsWith(`${this.mediaUrl}/rte-images/`) ? url.slice(`${this.mediaUrl}/rte-images/`.length) : undefined;
    const upload = key ? this.uploads.get(key) : undefined;
    return upload?.account === account && upload.bytes ? upload : undefined;
  }

  private makePost(
    account: string,
    body: Record<string, string | undefined>,
    userAgent: string,
    content: Pick<FakeRedditPost, 'kind' | 'text' | 'url' | 'image' | 'images'>,
  ): FakeRedditPost {
    this.nextId += 1;
    const id = this.nextId.toString(36);
    const post: FakeRedditPost = {
      id,
      name: `t3_${id}`,
      author: account,
      subreddit: body.sr!,
      title: body.title!,
      ...content,
      ...(body.text && content.kind !== 'self' ? { text: body.text } : {}),
      ...(body.flair_id ? { flairId: body.flair_id } : {}),
      userAgent,
      publishedAt: Date.now(),
    };
    this.posts.push(post);
    return post;
  }

  /** A post's URL, as Reddit names it: https://www.reddit.com/r/{subreddit}/comments/{id}/{slug}/ */
  private permalink(post: FakeRedditPost): string {
    return `https://www.reddit.com/r/${post.subreddit}/comments/${post.id}/${post.title.toLowerCase().replace(/\W+/g, '_').slice(0, 40)}/`;
  }

  private accountOf(token: string | undefined): string | undefined {
    if (!token) return undefined;
    return this.tokens.get(token) ?? (this.oauth?.isAccessToken(token, 'reddit') ? FAKE_ACCOUNTS.reddit.name : undefined);
  }

  protected routes(app: express.Express): void {
    this.oauth?.mountRedditIdentity(app, '');
    /** the account the call acts for; answers 401 or 429 itself otherwise */
    const authorize = (req: express.Request, res: express.Response): string | undefined => {
      if (!req.headers['user-agent']?.includes('planrrr')) return void res.status(429).json({ message: 'Too Many Requests', error: 429 });
      const account = this.accountOf(bearerToken(req));
      if (!account) return void res.status(401).json({ message: 'Unauthorized', error: 401 });
      return account;
    };
    const refuse = (res: express.Response, code: string, message: string, field: string, extra: object = {}) =>
      res.json({ json: { errors: [[code, message, field]], ...extra } });

    app.post('/api/media/asset.json', express.urlencoded({ extended: false }), async (req, res) => {
      if (await this.scripted('media.lease', res)) return;
      const account = authorize(req, res);
      if (!account) return;
      const { filepath, mimetype } = req.body as Record<string, string | undefined>;
      if (!filepath || !mimetype || !IMAGE_TYPES.has(mimetype))
        return void res.status(400).json({ message: 'Bad Request: filepath and an image mimetype are required', error: 400 });
      const assetId = randomUUID();
      const key = `rte_images/${assetId}`;
      const fields = [
        { name: 'acl', value: 'private' },
        { name: 'key', value: key },
        { name: 'X-Amz-Algorithm', value: 'AWS4-HMAC-SHA256' },
        { name: 'success_action_status', value: '201' },
        { name: 'Content-Type', value: mimetype },
        { name: 'policy', value: Buffer.from(`policy:${assetId}`).toString('base64') },
        { name: 'X-Amz-Signature', value: createHash('sha256').update(assetId).digest('hex') },
      ];
      this.uploads.set(key, { assetId, account, key, mimeType: mimetype, fields });
      const mediaHost = this.mediaUrl.replace(/^https?:/, '');
      res.json({
        args: { action: `${mediaHost}/rte-images`, fields },
        asset: {
          asset_id: assetId,
          processing_state: 'incomplete',
          payload: { filepath },
          websocket_url: `ws:${mediaHost}/rte_images/${assetId}`,
        },
      });
    });

    type Refusal = [code: string, message: string, field: string, extra?: object];
    /** What Reddit checks of any submission: the subreddit, the title, the body, the flair; the subreddit's settings when it passes. */
    const checkSubmission = (body: Record<string, unknown>): Refusal | { galleries: boolean } => {
      const subreddit = this.subreddits.get(String(body.sr ?? '').toLowerCase());
      if (!subreddit) return ['SUBREDDIT_NOEXIST', "that subreddit doesn't exist", 'sr'];
      const title = typeof body.title === 'string' ? body.title : '';
      if (!title.trim()) return ['NO_TEXT', 'we need something here', 'title'];
      if ([...title].length > 300) return ['TOO_LONG', 'this is too long (max: 300)', 'title'];
      if (body.text !== undefined && (typeof body.text !== 'string' || [...body.text].length > MAX_BODY_LENGTH))
        return ['TOO_LONG', `this is too long (max: ${MAX_BODY_LENGTH})`, 'text'];
      if (subreddit.flairRequired && !subreddit.flairs.includes(String(body.flair_id ?? '')))
        return ['SUBMIT_VALIDATION_FLAIR_REQUIRED', 'Your post must contain post flair.', 'flair'];
      return subreddit;
    };
    /** The account's pace: RATELIMIT until `submitIntervalSeconds` have passed since its last submission. */
    const paced = (account: string): Refusal | undefined => {
      const last = this.lastSubmit.get(account);
      const waitSeconds = last === undefined ? 0 : Math.ceil(this.submitIntervalSeconds - (Date.now() - last) / 1000);
      if (waitSeconds <= 0) return void this.lastSubmit.set(account, Date.now());
      return [
        'RATELIMIT',
        `Looks like you've been doing that a lot. Take a break for ${waitSeconds} seconds before trying again.`,
        'ratelimit',
        { ratelimit: waitSeconds },
      ];
    };
    /** The answer to a submission whose post is made, unless the test lost it: then the connection drops. */
    const answer = (route: 'submit' | 'gallery', res: express.Response, json: object) => {
      if (this.answersToLose.delete(route)) return void res.socket?.destroy();
      res.json({ json: { errors: [], ...json } });
    };

    app.post('/api/submit', express.urlencoded({ extended: false }), async (req, res) => {
      if (await this.scripted('submit', res)) return;
      const account = authorize(req, res);
      if (!account) return;
      const body = req.body as Record<string, string | undefined>;
      if (body.api_type !== 'json') return void res.status(400).json({ message: 'expected api_type=json' });
      const checked = checkSubmission(body);
      if (Array.isArray(checked)) return void refuse(res, ...checked);
      if (body.kind !== 'self' && body.kind !== 'link' && body.kind !== 'image')
        return void refuse(res, 'INVALID_OPTION', 'that option is not valid', 'kind');
      if (body.kind === 'link' && !/^https?:\/\//.test(body.url ?? ''))
        return void refuse(res, 'BAD_URL', 'you should check that url', 'url');
      const upload = body.kind === 'image' ? this.uploadAt(body.url, account) : undefined;
      if (body.kind === 'image' && !upload) return void refuse(res, 'BAD_URL', 'you should check that url', 'url');
      if (body.kind === 'link' && this.posts.some((post) => post.subreddit === body.sr && post.url === body.url))
        return void refuse(res, 'ALREADY_SUB', 'that link has already been submitted', 'url');
      const pace = paced(account);
      if (pace) return void refuse(res, ...pace);
      const userAgent = req.headers['user-agent']!;
      if (upload) {
        // answered before the post exists: processing makes it, and the asset's websocket says where
        answer('submit', res, {
          data: {
            user_submitted_page: `https://www.reddit.com/user/${account}/submitted/`,
            websocket_url: `ws:${this.mediaUrl.replace(/^https?:/, '')}/rte_images/${upload.assetId}`,
          },
        });
        setTimeout(() => {
          if (this.imageProcessing === 'fails') return void this.announce(upload.assetId, { type: 'failed', payload: {} });
          const post = this.makePost(account, body, userAgent, {
            kind: 'image',
            url: `https://i.redd.it/${upload.assetId}`,
            image: { bytes: upload.bytes!, mimeType: upload.mimeType },
          });
          if (this.imageProcessing === 'succeeds-silently') return;
          this.announce(upload.assetId, { type: 'success', payload: { redirect: this.permalink(post) } });
        }, this.imageProcessingMs);
        return;
      }
      const post = this.makePost(
        account,
        body,
        userAgent,
        body.kind === 'self' ? { kind: 'self', text: body.text ?? '' } : { kind: 'link', url: body.url! },
      );
      answer('submit', res, {
        data: { id: post.id, name: post.name, url: `https://www.reddit.com/r/${post.subreddit}/comments/${post.id}/`, drafts_count: 0 },
      });
    });

    app.post('/api/submit_gallery_post.json', express.json(), async (req, res) => {
      if (await this.scripted('gallery', res)) return;
      const account = authorize(req, res);
      if (!account) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.api_type !== 'json') return void res.status(400).json({ message: 'expected api_type=json' });
      const checked = checkSubmission(body);
      if (Array.isArray(checked)) return void refuse(res, ...checked);
      if (!checked.galleries) return void refuse(res, 'GALLERIES_DISABLED', "Gallery posts aren't allowed in this subreddit", 'sr');
      const items = Array.isArray(body.items) ? (body.items as Array<Record<string, unknown>>) : [];
      // Reddit documents the limits (count, caption), not the codes of these refusals: the fake names them as its other validation errors
      if (items.length === 0 || items.length > MAX_GALLERY_ITEMS)
        return void refuse(res, 'INVALID_OPTION', `a gallery has 1 to ${MAX_GALLERY_ITEMS} images, this one has ${items.length}`, 'items');
      const images: NonNullable<FakeRedditPost['images']> = [];
      for (const item of items) {
        const upload = [...this.uploads.values()].find((candidate) => candidate.assetId === item.media_id);
        if (!upload || upload.account !== account || !upload.bytes)
          return void refuse(res, 'INVALID_OPTION', `no uploaded image ${String(item.media_id)}`, 'items');
        const caption = typeof item.caption === 'string' ? item.caption : '';
        if ([...caption].length > MAX_CAPTION_LENGTH)
          return void refuse(res, 'TOO_LONG', `this is too long (max: ${MAX_CAPTION_LENGTH})`, 'caption');
        const outboundUrl = typeof item.outbound_url === 'string' ? item.outbound_url : '';
        if (outboundUrl && !/^https?:\/\//.test(outboundUrl))
          return void refuse(res, 'BAD_URL', 'you should check that url', 'outbound_url');
        images.push({ bytes: upload.bytes, mimeType: upload.mimeType, caption, outboundUrl });
      }
      const pace = paced(account);
      if (pace) return void refuse(res, ...pace);
      const fields = { sr: String(body.sr), title: String(body.title), text: body.text as string | undefined };
      const post = this.makePost(account, { ...fields, flair_id: body.flair_id as string | undefined }, req.headers['user-agent']!, {
        kind: 'gallery',
        images,
      });
      answer('gallery', res, { data: { url: this.permalink(post), id: post.name } });
    });

    app.get('/r/:subreddit/api/link_flair_v2', (req, res) => {
      if (!authorize(req, res)) return;
      const subreddit = this.subreddits.get(String(req.params.subreddit).toLowerCase());
      if (!subreddit) return void res.status(404).json({ message: 'Not Found', error: 404 });
      res.json(subreddit.flairs.map((id) => ({ id, text: id.replace(/^flair-/, ''), type: 'text', text_editable: false })));
    });

    app.get('/r/:subreddit/new', (req, res) => {
      if (!authorize(req, res)) return;
      const name = String(req.params.subreddit).toLowerCase();
      if (!this.subreddits.has(name)) return void res.status(404).json({ message: 'Not Found', error: 404 });
      const limit = Math.min(100, Number(req.query.limit ?? 25));
      const children = this.posts
        .filter((post) => post.subreddit.toLowerCase() === name && !this.deleted.has(post.name))
        .reverse()
        .slice(0, limit)
        .map((post) => ({
          kind: 't3',
          data: {
            name: post.name,
            author: post.author,
            subreddit: post.subreddit,
            title: post.title,
            created_utc: Math.floor(post.publishedAt / 1000),
            permalink: `/r/${post.subreddit}/comments/${post.id}/`,
            selftext: post.text ?? '',
            ...(post.kind === 'image' ? { post_hint: 'image', url: post.url } : {}),
            ...(post.kind === 'gallery' ? { is_gallery: true, url: `https://www.reddit.com/gallery/${post.id}` } : {}),
          },
        }));
      res.json({ kind: 'Listing', data: { children, after: null, before: null } });
    });

    app.get('/api/info', async (req, res) => {
      if (await this.scripted('info', res)) return;
      if (!authorize(req, res)) return;
      const names = String(req.query.id ?? '').split(',');
      const children = this.posts
        .filter((post) => names.includes(post.name) && !this.deleted.has(post.name))
        .map((post) => {
          const counts = engagementSince(post.publishedAt);
          return {
            kind: 't3',
            data: { name: post.name, score: counts.likes, num_comments: counts.replies, upvote_ratio: 0.97, removed_by_category: null },
          };
        });
      res.json({ kind: 'Listing', data: { children, after: null, before: null } });
    });
  }
}
