// A contract fake of the X API v2 parts planrrr calls: POST /2/tweets and the v2 media
// upload endpoints (simple upload; initialize/append/finalize + STATUS; metadata for alt
// text). It checks the user access token, required fields, the weighted 280-character
// limit, and that media are finished (finalized and processed) before a post uses them.
// GET /2/tweets/:id?tweet.fields=public_metrics answers counts that grow with time (impressions
// only to the post's own token; a deleted post is X's resource-not-found error), within X's
// per-token limit (a 429 names the window's end in x-rate-limit-reset). GET /2/users/me answers
// the token's user, with public_metrics.followers_count (growing with time) when user.fields asks.
// https://docs.x.com/x-api/users/lookup/quickstart/authenticated-lookup
// https://docs.x.com/x-api/posts/create-post, https://docs.x.com/x-api/media/quickstart/media-upload-chunked
import express from 'express';
import twitterText from 'twitter-text';
import { bearerToken, FakePlatformServer, formDataOf } from './fake-server';
import { engagementSince, followersSince, ReadBudget } from './http';

export type XRoute =
  | 'media.upload'
  | 'media.initialize'
  | 'media.append'
  | 'media.finalize'
  | 'media.status'
  | 'media.metadata'
  | 'tweets.create'
  | 'tweets.lookup'
  | 'users.me';

interface FakeXMedia {
  id: string;
  kind: 'image' | 'video';
  mediaType: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  state: 'initialized' | 'processing' | 'ready';
  /** STATUS answers "in_progress" this many more times */
  statusChecksLeft: number;
  altText?: string;
  accessToken: string;
}

export interface FakeTweet {
  id: string;
  text: string;
  mediaIds: string[];
  accessToken: string;
  /** the post this one replies to (reply.in_reply_to_tweet_id) */
  inReplyToId?: string;
  /** the first post of the conversation (X's conversation_id) */
  conversationId: string;
  receivedAt: number;
}

const SIMPLE_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

export class FakeX extends FakePlatformServer<XRoute> {
  protected readonly defaultFailureRoute = 'tweets.create';
  readonly tweets: FakeTweet[] = [];
  readonly media = new Map<string, FakeXMedia>();
  readonly validTokens = new Set<string>(['x-token-alice']);
  /** POST /2/tweets per user (token): 100 per 15 minutes (https://docs.x.com/x-api/fundamentals/rate-limits) */
  publishBudget = new ReadBudget(100, 15 * 60_000);
  /** the posts refused with a 429 for publishBudget */
  publishRefusals = 0;
  /** posts deleted on X: the lookup answers resource-not-found */
  readonly deletedTweetIds = new Set<string>();
  /** GET /2/tweets/:id with a user token: 900 requests per 15 minutes */
  readonly readBudget = new ReadBudget(900, 15 * 60_000);
  /** how many STATUS polls a video stays "in_progress" after FINALIZE */
  videoProcessingChecks = 1;
  private nextId = 1_860_000_000_000_000_000n;
  /** follower counts grow from here */
  private readonly startedAt = Date.now();

  private id(): string {
    this.nextId += 1n;
    return String(this.nextId);
  }

  protected routes(app: express.Express): void {
    app.use(express.json(), express.raw({ type: 'multipart/form-data', limit: '600mb' }));

    const authenticate = (req: express.Request, res: express.Response): string | undefined => {
      const token = bearerToken(req);
      if (!token || !this.validTokens.has(token)) {
        res.status(401).json({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
        return undefined;
      }
      return token;
    };
    const invalid = (res: express.Response, detail: string) =>
      res.status(400).json({
        errors: [{ message: detail }],
        title: 'Invalid Request',
        detail,
        type: 'https://api.twitter.com/2/problems/invalid-request',
      });
    const mediaOf = (id: string, token: string) => {
      const media = this.media.get(id);
      return media && media.accessToken === token ? media : undefined;
    };

    // Simple upload (one request, images) and the STATUS poll share the path.
    app.post('/2/media/upload', async (req, res) => {
      const token = authenticate(req, res);
      if (!token || (await this.scripted('media.upload', res))) return;
      const form = await formDataOf(req);
      const file = form?.get('media');
      const category = form?.get('media_category');
      if (!form || !(file instanceof Blob)) return invalid(res, 'media is required (multipart/form-data)');
      if (typeof category !== 'string' || !['tweet_image', 'tweet_gif'].includes(category)) {
        return invalid(res, 'media_category must be tweet_image or tweet_gif for a simple upload');
      }
      if (file.size > SIMPLE_UPLOAD_MAX_BYTES) return invalid(res, 'media is larger than 5 MB: use the chunked upload');
      const id = this.id();
      const mediaType = String(form.get('media_type') ?? file.type);
      this.media.set(id, {
        id,
        kind: 'image',
        mediaType,
        totalBytes: file.size,
        segments: new Map([[0, Buffer.from(await file.arrayBuffer())]]),
        state: 'ready',
        statusChecksLeft: 0,
        accessToken: token,
      });
      res.json({ data: { id, media_key: `3_${id}`, size: file.size, expires_after_secs: 86_400, image: { image_type: mediaType } } });
    });

    app.get('/2/media/upload', async (req, res) => {
      const token = authenticate(req, res);
      if (!token || (await this.scripted('media.status', res))) return;
      if (req.query.command !== 'STATUS') return invalid(res, 'command must be STATUS');
      const media = mediaOf(String(req.query.media_id), token);
      if (!media) return invalid(res, 'unknown media_id');
      if (media.state === 'initialized') return invalid(res, 'the upload was not finalized');
      let state: 'in_progress' | 'succeeded' = 'succeeded';
      if (media.state === 'processing' && media.statusChecksLeft > 0) {
        media.statusChecksLeft -= 1;
        state = 'in_progress';
      } else {
        media.state = 'ready';
      }
      res.json({
        data: {
          id: media.id,
          media_key: `7_${media.id}`,
          processing_info: { state, ...(state === 'in_progress' ? { check_after_secs: 1, progress_percent: 50 } : {}) },
        },
      });
    });

    app.post('/2/media/upload/initialize', async (req, res) => {
      const token = authenticate(req, res);
      if (!token || (await this.scripted('media.initialize', res))) return;
      const { media_type: mediaType, total_bytes: totalBytes, media_category: category } = req.body ?? {};
      if (typeof mediaType !== 'string' || !Number.isInteger(totalBytes) || totalBytes <= 0) {
        return invalid(res, 'media_type and total_bytes are required');
      }
      const id = this.id();
      this.media.set(id, {
        id,
        kind: String(category).endsWith('video') ? 'video' : 'image',
        mediaType,
        totalBytes,
        segments: new Map(),
        state: 'initialized',
        statusChecksLeft: 0,
        accessToken: token,
      });
      res.json({ data: { id, media_key: `7_${id}`, expires_after_secs: 86_400 } });
    });

    app.post('/2/media/upload/:id/append', async (req, res) => {
      const token = authenticate(req, res);
      if (!token || (await this.scripted('media.append', res))) return;
      const media = mediaOf(req.params.id, token);
      if (!media || media.state !== 'initialized') return invalid(res, 'APPEND needs an initialized, unfinished upload');
      const form = await formDataOf(req);
      const chunk = form?.get('media');
      const segment = Number(form?.get('segment_index'));
      if (!(chunk instanceof Blob) || !Number.isInteger(segment) || segment < 0 || segment > 999) {
        return invalid(res, 'media and segment_index (0-999) are required');
      }
      media.segments.set(segment, Buffer.from(await chunk.arrayBuffer()));
      res.json({ data: { expires_at: Math.floor(Date.now() / 1000) + 86_400 } });
    });

    app.post('/2/media/upload/:id/finalize', async (req, res) => {
      const token = authenticate(req, res);
      if (!token || (await this.scripted('media.finalize', res))) return;
      const media = mediaOf(req.params.id, token);
      if (!media || media.state !== 'initialized') return invalid(res, 'FINALIZE needs an initialized, unfinished upload');
      const received = [...media.segments.values()].reduce((sum, chunk) => sum + chunk.length, 0);
      const contiguous = [...media.segments.keys()].sort((a, b) => a - b).every((index, position) => index === position);
      if (!contiguous || received !== media.totalBytes) {
        return invalid(res, `received ${received} of ${media.totalBytes} bytes in ${media.segments.size} segments`);
      }
      media.state = media.kind === 'video' ? 'processing' : 'ready';
      media.statusChecksLeft = this.videoProcessingChecks;
      res.json({
        data: {
          id: media.id,
          media_key: `7_${media.id}`,
          size: media.totalBytes,
          ...(media.kind === 'video' ? { processing_info: { state: 'pending', check_after_secs: 1 } } : {}),
        },
      });
    });

    app.post('/2/media/metadata', async (req, res) => {
      const token = authenticate(req, res);
      if (!token || (await this.scripted('media.metadata', res))) return;
      const media = mediaOf(String(req.body?.id), token);
      const text: unknown = req.body?.metadata?.alt_text?.text;
      if (!media) return invalid(res, 'unknown media id');
      if (typeof text !== 'string' || text.length > 1000) return invalid(res, 'metadata.alt_text.text must be at most 1000 characters');
      media.altText = text;
      res.json({ data: { id: media.id, associated_metadata: true } });
    });

    // https://docs.x.com/x-api/posts/get-post-by-id
    app.get('/2/tweets/:id', async (req, res) => {
      const token = authenticate(req, res);
      if (!token || (await this.scripted('tweets.lookup', res))) return;
      const resetAt = this.readBudget.spend(token);
      if (resetAt !== undefined) {
        res.set({
          'x-rate-limit-limit': String(this.readBudget.limit),
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(Math.ceil(resetAt / 1000)),
        });
        return res.status(429).json({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
      }
      const tweet = this.tweets.find((candidate) => candidate.id === req.params.id);
      if (!tweet || this.deletedTweetIds.has(tweet.id)) {
        return res.json({
          errors: [
            {
              value: req.params.id,
              detail: `Could not find tweet with id: [${req.params.id}].`,
              title: 'Not Found Error',
              resource_type: 'tweet',
              parameter: 'id',
              resource_id: req.params.id,
              type: 'https://api.twitter.com/2/problems/resource-not-found',
            },
          ],
        });
      }
      const fields = String(req.query['tweet.fields'] ?? '').split(',');
      const counts = engagementSince(tweet.receivedAt);
      res.json({
        data: {
          id: tweet.id,
          text: tweet.text,
          edit_history_tweet_ids: [tweet.id],
          ...(fields.includes('public_metrics') && {
            public_metrics: {
              retweet_count: counts.reposts,
              reply_count: counts.replies,
              like_count: counts.likes,
              quote_count: counts.quotes,
              bookmark_count: counts.bookmarks,
              // X counts impressions for the author's own token only
              ...(tweet.accessToken === token && { impression_count: counts.impressions }),
            },
          }),
        },
      });
    });

    app.get('/2/users/me', async (req, res) => {
      const token = authenticate(req, res);
      if (!token || (await this.scripted('users.me', res))) return;
      const userFields = String(req.query['user.fields'] ?? '').split(',');
      const username = token.replace(/^x-token-/, '');
      res.json({
        data: {
          id: String(2_244_994_945 + token.length),
          name: username,
          username,
          ...(userFields.includes('public_metrics') && {
            public_metrics: {
              followers_count: followersSince(this.startedAt),
              following_count: 12,
              tweet_count: this.tweets.length,
              listed_count: 0,
            },
          }),
        },
      });
    });

    app.post('/2/tweets', async (req, res) => {
      const token = authenticate(req, res);
      if (!token || (await this.scripted('tweets.create', res))) return;
      const resetAt = this.publishBudget.spend(token);
      if (resetAt !== undefined) {
        this.publishRefusals += 1;
        res.set({
          'x-rate-limit-limit': String(this.publishBudget.limit),
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(Math.ceil(resetAt / 1000)),
        });
        return res.status(429).json({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
      }
      const text: unknown = req.body?.text;
      const mediaIds: unknown = req.body?.media?.media_ids ?? [];
      if (!Array.isArray(mediaIds) || mediaIds.some((id) => typeof id !== 'string')) return invalid(res, 'media.media_ids must be strings');
      if ((typeof text !== 'string' || text.length === 0) && mediaIds.length === 0) return invalid(res, 'text or media is required');
      if (typeof text === 'string' && !twitterText.parseTweet(text).valid) {
        return res.status(403).json({ title: 'Forbidden', status: 403, detail: 'Your Tweet text is too long.', type: 'about:blank' });
      }
      if (mediaIds.length > 4) return invalid(res, 'at most 4 media per post');
      for (const id of mediaIds as string[]) {
        const media = mediaOf(id, token);
        if (!media || media.state !== 'ready') return invalid(res, `media ${id} is not uploaded and processed`);
      }
      // X answers a reply to a post that does not exist (or was deleted) with 400
      const inReplyTo: unknown = req.body?.reply?.in_reply_to_tweet_id;
      if (inReplyTo !== undefined && typeof inReplyTo !== 'string') return invalid(res, 'reply.in_reply_to_tweet_id must be a string');
      const parent = inReplyTo === undefined ? undefined : this.tweets.find((tweet) => tweet.id === inReplyTo);
      if (inReplyTo !== undefined && !parent) return invalid(res, `reply.in_reply_to_tweet_id ${inReplyTo} names no visible post`);
      if (this.tweets.some((tweet) => tweet.accessToken === token && tweet.text === text)) {
        return res.status(403).json({
          title: 'Forbidden',
          status: 403,
          detail: 'You are not allowed to create a Tweet with duplicate content.',
          type: 'about:blank',
        });
      }
      const id = this.id();
      const tweet: FakeTweet = {
        id,
        text: String(text ?? ''),
        mediaIds: mediaIds as string[],
        accessToken: token,
        ...(parent ? { inReplyToId: parent.id } : {}),
        conversationId: parent?.conversationId ?? id,
        receivedAt: Date.now(),
      };
      this.tweets.push(tweet);
      res.status(201).json({ data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] } });
    });
  }
}
