// A contract fake of a Bluesky PDS, for the XRPC methods planrrr calls:
// com.atproto.server.createSession, com.atproto.repo.uploadBlob,
// com.atproto.identity.resolveHandle, com.atproto.repo.createRecord (app.bsky.feed.post) and
// app.bsky.actor.getProfile (its `avatar` a picture this fake serves, as Bluesky's CDN would;
// its followersCount growing with time),
// app.bsky.feed.getPosts (counts that grow with time; a deleted post left out; 3000 reads per 5 min).
// It checks the session token (a JWT that expires, answered 400 ExpiredToken after), the
// repo, the record's required fields and limits (300 graphemes, facets inside the text's UTF-8
// bytes, embeds referencing uploaded blobs), and limits logins as Bluesky does: createSession
// 30 per 5 minutes per handle.
// https://docs.bsky.app/docs/advanced-guides/posts
// https://docs.bsky.app/docs/advanced-guides/rate-limits
import { createHash } from 'node:crypto';
import express from 'express';
import { bearerToken, FakePlatformServer } from './fake-server';
import { engagementSince, followersSince, ReadBudget, solidPng } from './http';

export type BlueskyRoute = 'createSession' | 'uploadBlob' | 'resolveHandle' | 'createRecord' | 'getProfile' | 'getPosts';

interface FakeAccount {
  password: string;
  did: string;
  handle: string;
  /** the profile picture; without one, getProfile leaves `avatar` out, as Bluesky does */
  avatar?: Buffer;
}

interface FakeBlob {
  cid: string;
  mimeType: string;
  size: number;
  did: string;
}

export interface FakeBlueskyPost {
  rkey: string;
  did: string;
  record: {
    text: string;
    createdAt: string;
    facets?: Array<{ index: { byteStart: number; byteEnd: number }; features: Array<Record<string, string>> }>;
    embed?: Record<string, any>;
    langs?: string[];
    reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
  };
  receivedAt: number;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export class FakeBluesky extends FakePlatformServer<BlueskyRoute> {
  protected readonly defaultFailureRoute = 'createRecord';
  readonly accounts = new Map<string, FakeAccount>([
    [
      'alice.bsky.social',
      { password: 'alice-app-password', did: 'did:plc:alice', handle: 'alice.bsky.social', avatar: solidPng([32, 139, 254]) },
    ],
    ['bob.bsky.social', { password: 'bob-app-password', did: 'did:plc:bob', handle: 'bob.bsky.social' }],
  ]);
  readonly posts: FakeBlueskyPost[] = [];
  readonly blobs = new Map<string, FakeBlob>();
  /** at:// URIs of posts deleted from their repo: getPosts leaves them out */
  readonly deletedUris = new Set<string>();
  /** https://docs.bsky.app/docs/advanced-guides/rate-limits: 3000 requests per 5 minutes */
  readonly readBudget = new ReadBudget(3000, 5 * 60_000);
  /** created records per account (DID): 5,000 points an hour at 3 points each (the same page) */
  publishBudget = new ReadBudget(1_666, 3_600_000);
  /** the posts refused with a 429 for publishBudget */
  publishRefusals = 0;
  /** createSession per handle: 30 per 5 minutes (the daily 300 is left out: tests run for minutes) */
  readonly loginBudget = new ReadBudget(30, 5 * 60_000);
  /** the handles or DIDs of every createSession that was answered with a session, in order */
  readonly logins: string[] = [];
  /** how long an access token works; the PDS's default is 2 hours */
  sessionLifetimeMs = 2 * 3_600_000;
  private readonly sessions = new Map<string, { did: string; expiresAt: number }>();
  private nextRkey = 0;
  /** follower counts grow from here */
  private readonly startedAt = Date.now();

  /** Ends every session now, as a PDS that revoked them or whose tokens ran out early. */
  expireSessions(): void {
    for (const session of this.sessions.values()) session.expiresAt = Date.now();
  }

  protected routes(app: express.Express): void {
    app.use(express.json(), express.raw({ type: (req) => !req.headers['content-type']?.startsWith('application/json'), limit: '200mb' }));

    const xrpcError = (res: express.Response, status: number, error: string, message: string) =>
      res.status(status).json({ error, message });
    /** Spends one from `budget` for `key`; past it, answers 429 with Bluesky's RateLimit-* headers. */
    const refusedOverBudget = (res: express.Response, budget: ReadBudget, key: string): boolean => {
      const resetAt = budget.spend(key);
      if (resetAt === undefined) return false;
      res.set({
        'RateLimit-Limit': String(budget.limit),
        'RateLimit-Remaining': '0',
        'RateLimit-Reset': String(Math.ceil(resetAt / 1000)),
      });
      xrpcError(res, 429, 'RateLimitExceeded', 'Rate Limit Exceeded');
      return true;
    };
    const session = (req: express.Request, res: express.Response): string | undefined => {
      const found = this.sessions.get(bearerToken(req) ?? '');
      if (!found) return void xrpcError(res, 401, 'AuthenticationRequired', 'Authentication Required');
      if (found.expiresAt <= Date.now()) return void xrpcError(res, 400, 'ExpiredToken', 'Token has expired');
      return found.did;
    };

    app.post('/xrpc/com.atproto.server.createSession', async (req, res) => {
      if (await this.scripted('createSession', res)) return;
      const { identifier, password } = req.body ?? {};
      if (typeof identifier !== 'string' || typeof password !== 'string') {
        return xrpcError(res, 400, 'InvalidRequest', 'Input must have the properties "identifier", "password"');
      }
      if (refusedOverBudget(res, this.loginBudget, identifier)) return;
      const account = [...this.accounts.values()].find((a) => a.handle === identifier || a.did === identifier);
      if (!account || account.password !== password) return xrpcError(res, 401, 'AuthenticationRequired', 'Invalid identifier or password');
      const expiresAt = Date.now() + this.sessionLifetimeMs;
      const accessJwt = fakeJwt({ sub: account.did, exp: Math.floor(expiresAt / 1000), jti: this.sessions.size });
      this.sessions.set(accessJwt, { did: account.did, expiresAt });
      this.logins.push(identifier);
      res.json({ accessJwt, refreshJwt: `refresh-${accessJwt}`, did: account.did, handle: account.handle, active: true });
    });

    app.post('/xrpc/com.atproto.repo.uploadBlob', async (req, res) => {
      const did = session(req, res);
      if (!did || (await this.scripted('uploadBlob', res))) return;
      const mimeType = req.headers['content-type'];
      if (!mimeType || !Buffer.isBuffer(req.body) || req.body.length === 0)
        return xrpcError(res, 400, 'InvalidRequest', 'a Content-Type and bytes are required');
      const cid = `bafkrei${createHash('sha256').update(req.body).digest('hex').slice(0, 40)}`;
      const blob: FakeBlob = { cid, mimeType, size: req.body.length, did };
      this.blobs.set(cid, blob);
      res.json({ blob: { $type: 'blob', ref: { $link: cid }, mimeType, size: blob.size } });
    });

    app.get('/xrpc/com.atproto.identity.resolveHandle', async (req, res) => {
      if (await this.scripted('resolveHandle', res)) return;
      const account = this.accounts.get(String(req.query.handle));
      if (!account) return xrpcError(res, 400, 'InvalidRequest', 'Unable to resolve handle');
      res.json({ did: account.did });
    });

    // https://docs.bsky.app/docs/api/app-bsky-actor-get-profile
    app.get('/xrpc/app.bsky.actor.getProfile', async (req, res) => {
      if (!session(req, res) || (await this.scripted('getProfile', res))) return;
      const actor = String(req.query.actor ?? '');
      const account = [...this.accounts.values()].find((a) => a.did === actor || a.handle === actor);
      if (!account) return xrpcError(res, 400, 'InvalidRequest', 'Profile not found');
      res.json({
        did: account.did,
        handle: account.handle,
        followersCount: followersSince(this.startedAt),
        ...(account.avatar ? { avatar: `${this.url}/img/avatar/plain/${account.did}/bafkreiavatar@png` } : {}),
      });
    });
    app.get('/img/avatar/plain/:did/bafkreiavatar@png', (req, res) => {
      const avatar = [...this.accounts.values()].find((a) => a.did === req.params.did)?.avatar;
      if (!avatar) return void res.status(404).end();
      res.type('image/png').send(avatar);
    });

    // https://docs.bsky.app/docs/api/app-bsky-feed-get-posts
    app.get('/xrpc/app.bsky.feed.getPosts', async (req, res) => {
      const did = session(req, res);
      if (!did || (await this.scripted('getPosts', res))) return;
      if (refusedOverBudget(res, this.readBudget, did)) return;
      const uris = ([] as unknown[]).concat(req.query.uris ?? []).map(String);
      if (uris.length === 0 || uris.length > 25) return xrpcError(res, 400, 'InvalidRequest', 'uris must list 1 to 25 post URIs');
      const posts = uris.flatMap((uri) => {
        const post = this.posts.find((candidate) => `at://${candidate.did}/app.bsky.feed.post/${candidate.rkey}` === uri);
        if (!post || this.deletedUris.has(uri)) return [];
        const counts = engagementSince(post.receivedAt);
        const author = [...this.accounts.values()].find((account) => account.did === post.did);
        return [
          {
            uri,
            cid: `bafyrei${post.rkey}`,
            author: { did: post.did, handle: author?.handle ?? post.did },
            record: post.record,
            indexedAt: new Date(post.receivedAt).toISOString(),
            likeCount: counts.likes,
            repostCount: counts.reposts,
            replyCount: counts.replies,
            quoteCount: counts.quotes,
          },
        ];
      });
      res.json({ posts });
    });

    app.post('/xrpc/com.atproto.repo.createRecord', async (req, res) => {
      const did = session(req, res);
      if (!did || (await this.scripted('createRecord', res))) return;
      if (refusedOverBudget(res, this.publishBudget, did)) {
        this.publishRefusals += 1;
        return;
      }
      const { repo, collection, record } = req.body ?? {};
      if (repo !== did) return xrpcError(res, 400, 'InvalidRequest', `repo must be the session's DID (${did})`);
      if (collection !== 'app.bsky.feed.post') return xrpcError(res, 400, 'InvalidRequest', 'only app.bsky.feed.post is faked');
      const problem = this.invalidPost(record, did);
      if (problem) return xrpcError(res, 400, 'InvalidRequest', `Invalid app.bsky.feed.post record: ${problem}`);
      this.nextRkey += 1;
      const rkey = `3l${String(this.nextRkey).padStart(11, 'a')}`;
      this.posts.push({ rkey, did, record, receivedAt: Date.now() });
      res.json(this.refOf(this.posts.at(-1)!));
    });
  }

  /** The uri and cid createRecord answered for a post. */
  refOf(post: FakeBlueskyPost): { uri: string; cid: string } {
    return { uri: `at://${post.did}/app.bsky.feed.post/${post.rkey}`, cid: `bafyrei${post.rkey}` };
  }

  /**
   * A reply's strong references must name existing posts by uri and cid, and its root must
   * be the parent's root (or the parent itself when the parent is no reply), as the AppView
   * threads them.
   */
  private invalidReply(reply: any): string | undefined {
    const find = (ref: any) =>
      this.posts.find((post) => {
        const own = this.refOf(post);
        return own.uri === ref?.uri && own.cid === ref?.cid;
      });
    const root = find(reply?.root);
    const parent = find(reply?.parent);
    if (!root) return 'reply.root names no post (uri and cid)';
    if (!parent) return 'reply.parent names no post (uri and cid)';
    const parentRoot = parent.record.reply?.root.uri ?? this.refOf(parent).uri;
    if (parentRoot !== reply.root.uri) return "reply.root is not the root of the parent's thread";
    return undefined;
  }

  /** What the PDS's lexicon validation would refuse in a post record. */
  private invalidPost(record: any, did: string): string | undefined {
    if (record?.$type !== 'app.bsky.feed.post') return '$type must be app.bsky.feed.post';
    if (typeof record.text !== 'string') return 'text is required';
    if ([...graphemes.segment(record.text)].length > 300 || Buffer.byteLength(record.text) > 3000)
      return 'text is longer than 300 graphemes';
    if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt))) return 'createdAt must be a datetime';
    const textBytes = Buffer.byteLength(record.text);
    for (const facet of record.facets ?? []) {
      const { byteStart, byteEnd } = facet?.index ?? {};
      if (!Number.isInteger(byteStart) || !Number.isInteger(byteEnd) || byteStart < 0 || byteEnd > textBytes || byteStart >= byteEnd) {
        return 'facet index outside the text';
      }
      if (!Array.isArray(facet.features) || facet.features.length === 0) return 'facet without features';
    }
    const blobOk = (blob: any, mimePrefix: string, maxBytes: number) => {
      const stored = this.blobs.get(blob?.ref?.$link);
      return blob?.$type === 'blob' && stored?.did === did && stored.mimeType.startsWith(mimePrefix) && stored.size <= maxBytes;
    };
    const embed = record.embed;
    if (embed?.$type === 'app.bsky.embed.images') {
      if (!Array.isArray(embed.images) || embed.images.length === 0 || embed.images.length > 4) return 'embed.images holds 1 to 4 images';
      for (const image of embed.images) {
        if (typeof image.alt !== 'string') return 'every image needs alt (may be empty)';
        if (!blobOk(image.image, 'image/', 1_000_000)) return 'an image blob is missing, not an image, or over 1 MB';
      }
    } else if (embed?.$type === 'app.bsky.embed.video') {
      if (!blobOk(embed.video, 'video/mp4', 100_000_000)) return 'the video blob is missing, not video/mp4, or over 100 MB';
    } else if (embed !== undefined) {
      return `unsupported embed ${String(embed?.$type)}`;
    }
    if (record.reply !== undefined) return this.invalidReply(record.reply);
    return undefined;
  }
}

/** A token shaped as the PDS's: a JWT whose claims a client can read (the signature is not checked here). */
function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'at+jwt', alg: 'ES256K' })}.${part(claims)}.fake-signature`;
}
