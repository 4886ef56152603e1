// A contract fake of the TikTok Content Posting API parts planrrr calls, as a real local HTTP
// server. It checks what TikTok documents: a bearer token (401 access_token_invalid), JSON
// bodies, a privacy level among the creator's privacy_level_options (400
// privacy_level_option_mismatch), a title of at most 2,200 UTF-16 code units, the media
// transfer rules of a FILE_UPLOAD (a video under 5 MB in one chunk; chunks of 5 to 64 MB;
// total_chunk_count = floor(video_size / chunk_size), the last chunk taking the rest; at most
// 4 GB), each chunk PUT in order with its Content-Range, a video that is an MP4, WebM or
// MOV file (FAILED file_format_check_failed otherwise), and its per-token rate limits (6 inits
// and 20 creator_info queries a minute: 429 rate_limit_exceeded). A direct post becomes
// PUBLISH_COMPLETE after `processingMs` (with its public id unless SELF_ONLY); an inbox
// upload becomes SEND_TO_USER_INBOX. A photo post (content/init, media_type PHOTO) is pulled
// from its URLs, which must start with a prefix the app verified (403
// url_ownership_unverified), 1 to 35 JPEG or WebP photos (FAILED file_format_check_failed
// otherwise), a description of at most 4,000 characters. Given the OAuth fake, it serves the token endpoint and
// the user too, and takes the tokens that fake issued for TikTok.
// https://developers.tiktok.com/doc/content-posting-api-reference-direct-post
// https://developers.tiktok.com/doc/content-posting-api-reference-upload-video
// https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status
// https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide
// https://developers.tiktok.com/doc/content-posting-api-reference-photo-post
import express from 'express';
import { bearerToken, FakePlatformServer } from './fake-server';
import { engagementSince, ReadBudget } from './http';
import type { FakeOAuthProvider } from './oauth-provider';

export type TikTokRoute = 'creator_info' | 'video.init' | 'inbox.init' | 'content.init' | 'upload' | 'status' | 'video.query';

export interface FakeTikTokVideo {
  publishId: string;
  mode: 'direct' | 'inbox';
  mediaType: 'VIDEO' | 'PHOTO';
  token: string;
  title?: string;
  /** a photo post's text */
  description?: string;
  photos?: Buffer[];
  privacyLevel?: string;
  disableComment?: boolean;
  disableDuet?: boolean;
  disableStitch?: boolean;
  size: number;
  chunkSize: number;
  chunks: number;
  received: Buffer[];
  status: 'PROCESSING_UPLOAD' | 'PROCESSING_DOWNLOAD' | 'SEND_TO_USER_INBOX' | 'PUBLISH_COMPLETE' | 'FAILED';
  failReason?: string;
  uploadedAt?: number;
  postId?: string;
}

const MB = 1024 * 1024;

/** The creator each token acts for, as creator_info answers. */
export interface FakeCreator {
  creator_username: string;
  creator_nickname: string;
  privacy_level_options: string[];
  comment_disabled: boolean;
  duet_disabled: boolean;
  stitch_disabled: boolean;
  max_video_post_duration_sec: number;
}

export const FAKE_TIKTOK_CREATOR: FakeCreator = {
  creator_username: 'alice.tok',
  creator_nickname: 'Alice on TikTok',
  // FOLLOWER_OF_CREATOR is offered to private accounts only
  privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
  comment_disabled: false,
  duet_disabled: true,
  stitch_disabled: false,
  max_video_post_duration_sec: 600,
};

function isVideoFile(bytes: Buffer): boolean {
  const mp4OrMov = bytes.subarray(4, 8).toString('latin1') === 'ftyp';
  const webm = bytes.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
  return mp4OrMov || webm;
}

export class FakeTikTok extends FakePlatformServer<TikTokRoute> {
  protected readonly defaultFailureRoute = 'video.init';
  /** access token → the creator it acts for */
  readonly tokens = new Map<string, FakeCreator>([['tiktok-token-alice', FAKE_TIKTOK_CREATOR]]);
  readonly videos: FakeTikTokVideo[] = [];
  /** how long a direct post processes after its last chunk */
  processingMs = 300;
  readonly initBudget = new ReadBudget(6, 60_000);
  readonly creatorInfoBudget = new ReadBudget(20, 60_000);
  /** ids of published posts the creator deleted on TikTok */
  readonly deleted = new Set<string>();
  /** the URL prefixes the app verified it owns: photos are pulled only from these */
  readonly verifiedUrlPrefixes = new Set<string>();
  private nextId = 7_300_000_000_000_000_000n;

  constructor(private readonly oauth?: FakeOAuthProvider) {
    super();
  }

  private creatorOf(token: string | undefined): FakeCreator | undefined {
    if (!token) return undefined;
    return this.tokens.get(token) ?? (this.oauth?.isAccessToken(token, 'tiktok') ? FAKE_TIKTOK_CREATOR : undefined);
  }

  protected routes(app: express.Express): void {
    // the user (and its follower count) for the tokens of the OAuth fake and for this fake's own
    this.oauth?.mountTikTokOAuth(app, '', (token) => token !== undefined && this.tokens.has(token));
    const answer = (res: express.Response, status: number, code: string, message: string, data: object = {}) =>
      res.status(status).json({ data, error: { code, message, log_id: `fake-${Date.now()}` } });
    const ok = (res: express.Response, data: object) => answer(res, 200, 'ok', '', data);
    /** the creator of an authorized JSON request, or undefined once refused */
    const authorized = (req: express.Request, res: express.Response) => {
      const creator = this.creatorOf(bearerToken(req));
      if (!creator) return void answer(res, 401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
      if (!req.is('application/json')) return void answer(res, 400, 'invalid_params', 'Content-Type must be application/json');
      return creator;
    };
    const rateLimited = (budget: ReadBudget, req: express.Request, res: express.Response) => {
      if (budget.spend(bearerToken(req)!) === undefined) return false;
      answer(res, 429, 'rate_limit_exceeded', 'The API rate limit was exceeded. Please try again later.');
      return true;
    };

    app.post('/v2/post/publish/creator_info/query/', express.json(), async (req, res) => {
      if (await this.scripted('creator_info', res)) return;
      const creator = authorized(req, res);
      if (!creator || rateLimited(this.creatorInfoBudget, req, res)) return;
      ok(res, { ...creator, creator_avatar_url: `${this.url}/avatar.png` });
    });

    const init = (mode: 'direct' | 'inbox') => async (req: express.Request, res: express.Response) => {
      if (await this.scripted(mode === 'direct' ? 'video.init' : 'inbox.init', res)) return;
      const creator = authorized(req, res);
      if (!creator || rateLimited(this.initBudget, req, res)) return;
      const body = req.body as { post_info?: Record<string, unknown>; source_info?: Record<string, unknown> };
      const invalid = (message: string) => answer(res, 400, 'invalid_params', message);
      const postInfo = body.post_info ?? {};
      if (mode === 'direct') {
        if (!creator.privacy_level_options.includes(String(postInfo.privacy_level)))
          return void answer(
            res,
            400,
            'privacy_level_option_mismatch',
            'privacy_level is not one of the privacy_level_options of the creator',
          );
        if (typeof postInfo.title === 'string' && postInfo.title.length > 2200) return void invalid('title is longer than 2200 runes');
        if (creator.comment_disabled && postInfo.disable_comment === false) return void invalid('the creator disabled comments');
      } else if (body.post_info) return void invalid('an inbox upload takes no post_info');
      const source = body.source_info ?? {};
      if (source.source !== 'FILE_UPLOAD')
        return void invalid('source_info.source must be FILE_UPLOAD (PULL_FROM_URL needs a verified domain)');
      const size = Number(source.video_size);
      const chunkSize = Number(source.chunk_size);
      const chunks = Number(source.total_chunk_count);
      if (!Number.isInteger(size) || size <= 0 || size > 4096 * MB) return void invalid('video_size must be 1 byte to 4 GB');
      if (size < 5 * MB ? chunkSize !== size || chunks !== 1 : chunkSize < 5 * MB || chunkSize > 64 * MB)
        return void invalid('chunk_size must be 5 to 64 MB, or the whole video when it is under 5 MB');
      if (chunks !== Math.floor(size / chunkSize) || chunks > 1000)
        return void invalid('total_chunk_count must be floor(video_size / chunk_size)');
      this.nextId += 1n;
      const video: FakeTikTokVideo = {
        publishId: `v_pub_file~v2-1.${this.nextId}`,
        mode,
        mediaType: 'VIDEO',
        token: bearerToken(req)!,
        ...(mode === 'direct'
          ? {
              title: typeof postInfo.title === 'string' ? postInfo.title : '',
              privacyLevel: String(postInfo.privacy_level),
              disableComment: postInfo.disable_comment === true,
              disableDuet: postInfo.disable_duet === true,
              disableStitch: postInfo.disable_stitch === true,
            }
          : {}),
        size,
        chunkSize,
        chunks,
        received: [],
        status: 'PROCESSING_UPLOAD',
      };
      this.videos.push(video);
      ok(res, { publish_id: video.publishId, upload_url: `${this.url}/upload/${encodeURIComponent(video.publishId)}` });
    };
    app.post('/v2/post/publish/video/init/', express.json(), init('direct'));
    app.post('/v2/post/publish/inbox/video/init/', express.json(), init('inbox'));

    app.post('/v2/post/publish/content/init/', express.json(), async (req, res) => {
      if (await this.scripted('content.init', res)) return;
      const creator = authorized(req, res);
      if (!creator || rateLimited(this.initBudget, req, res)) return;
      const invalid = (message: string) => answer(res, 400, 'invalid_params', message);
      const body = req.body as {
        post_info?: Record<string, unknown>;
        source_info?: { source?: unknown; photo_images?: unknown; photo_cover_index?: unknown };
        post_mode?: unknown;
        media_type?: unknown;
      };
      if (body.media_type !== 'PHOTO') return void invalid('media_type must be PHOTO');
      if (body.post_mode !== 'DIRECT_POST' && body.post_mode !== 'MEDIA_UPLOAD')
        return void invalid('post_mode must be DIRECT_POST or MEDIA_UPLOAD');
      const postInfo = body.post_info ?? {};
      if (body.post_mode === 'DIRECT_POST' && !creator.privacy_level_options.includes(String(postInfo.privacy_level)))
        return void answer(
          res,
          400,
          'privacy_level_option_mismatch',
          'privacy_level is not one of the privacy_level_options of the creator',
        );
      const description = typeof postInfo.description === 'string' ? postInfo.description : '';
      if ([...description].length > 4000) return void invalid('description is longer than 4000 characters');
      if (typeof postInfo.title === 'string' && [...postInfo.title].length > 90) return void invalid('title is longer than 90 characters');
      const source = body.source_info ?? {};
      const urls = Array.isArray(source.photo_images) ? source.photo_images.map(String) : [];
      if (source.source !== 'PULL_FROM_URL') return void invalid('photos are pulled: source must be PULL_FROM_URL');
      if (urls.length < 1 || urls.length > 35) return void invalid('photo_images must have 1 to 35 URLs');
      const cover = Number(source.photo_cover_index);
      if (!Number.isInteger(cover) || cover < 0 || cover >= urls.length) return void invalid('photo_cover_index must index photo_images');
      if (!urls.every((url) => [...this.verifiedUrlPrefixes].some((prefix) => url.startsWith(prefix))))
        return void answer(res, 403, 'url_ownership_unverified', 'The domain or URL prefix of the photos is not verified for this app');
      const photos: Buffer[] = [];
      let formatOk = true;
      for (const url of urls) {
        const fetched = await fetch(url).catch(() => undefined);
        const type = fetched?.headers.get('content-type')?.split(';')[0] ?? '';
        if (!fetched?.ok || !['image/jpeg', 'image/webp'].includes(type)) formatOk = false;
        else photos.push(Buffer.from(await fetched.arrayBuffer()));
      }
      this.nextId += 1n;
      const direct = body.post_mode === 'DIRECT_POST';
      const post: FakeTikTokVideo = {
        publishId: `p_pub_url~v2.${this.nextId}`,
        mode: direct ? 'direct' : 'inbox',
        mediaType: 'PHOTO',
        token: bearerToken(req)!,
        description,
        ...(direct ? { privacyLevel: String(postInfo.privacy_level), disableComment: postInfo.disable_comment === true } : {}),
        photos,
        size: 0,
        chunkSize: 0,
        chunks: 0,
        received: [],
        status: !formatOk ? 'FAILED' : direct ? 'PROCESSING_DOWNLOAD' : 'SEND_TO_USER_INBOX',
        ...(!formatOk ? { failReason: 'file_format_check_failed' } : {}),
        uploadedAt: Date.now(),
      };
      this.videos.push(post);
      ok(res, { publish_id: post.publishId });
    });

    // https://developers.tiktok.com/doc/tiktok-api-v2-video-query: the creator's own videos, by id
    app.post('/v2/video/query/', express.json(), async (req, res) => {
      if (await this.scripted('video.query', res)) return;
      if (!authorized(req, res)) return;
      const fields = String(req.query.fields ?? '')
        .split(',')
        .filter(Boolean);
      const ids = (req.body as { filters?: { video_ids?: unknown } }).filters?.video_ids;
      if (fields.length === 0) return void answer(res, 400, 'invalid_params', 'fields is required');
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20)
        return void answer(res, 400, 'invalid_params', 'filters.video_ids must have 1 to 20 ids');
      const videos = this.videos
        .filter(
          (video) => video.postId && ids.includes(video.postId) && video.token === bearerToken(req) && !this.deleted.has(video.postId),
        )
        .map((video) => {
          const counts = engagementSince(video.uploadedAt!);
          const all: Record<string, unknown> = {
            id: video.postId,
            view_count: counts.impressions,
            like_count: counts.likes,
            comment_count: counts.replies,
            share_count: counts.reposts,
          };
          return Object.fromEntries(Object.entries(all).filter(([field]) => fields.includes(field)));
        });
      ok(res, { videos, cursor: 0, has_more: false });
    });

    app.put('/upload/:publishId', express.raw({ type: () => true, limit: '200mb' }), async (req, res) => {
      if (await this.scripted('upload', res)) return;
      const video = this.videos.find((candidate) => candidate.publishId === req.params.publishId);
      if (!video || video.status !== 'PROCESSING_UPLOAD') return void res.status(404).json({ error: 'unknown or finished upload' });
      const index = video.received.length;
      const first = index * video.chunkSize;
      const last = index === video.chunks - 1 ? video.size - 1 : first + video.chunkSize - 1;
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (req.headers['content-range'] !== `bytes ${first}-${last}/${video.size}` || body.length !== last - first + 1)
        return void res.status(416).json({ error: `expected the chunk bytes ${first}-${last}/${video.size}` });
      if (!['video/mp4', 'video/webm', 'video/quicktime'].includes(String(req.headers['content-type'])))
        return void res.status(400).json({ error: 'Content-Type must be video/mp4, video/webm or video/quicktime' });
      video.received.push(body);
      if (video.received.length < video.chunks) return void res.status(206).end();
      video.uploadedAt = Date.now();
      if (!isVideoFile(Buffer.concat(video.received))) {
        video.status = 'FAILED';
        video.failReason = 'file_format_check_failed';
      } else video.status = video.mode === 'inbox' ? 'SEND_TO_USER_INBOX' : 'PROCESSING_DOWNLOAD';
      res.status(201).end();
    });

    app.post('/v2/post/publish/status/fetch/', express.json(), async (req, res) => {
      if (await this.scripted('status', res)) return;
      if (!authorized(req, res)) return;
      const video = this.videos.find(
        (candidate) => candidate.publishId === (req.body as { publish_id?: string }).publish_id && candidate.token === bearerToken(req),
      );
      if (!video) return void answer(res, 400, 'invalid_params', 'publish_id does not exist');
      if (video.status === 'PROCESSING_DOWNLOAD' && Date.now() - video.uploadedAt! >= this.processingMs) {
        video.status = 'PUBLISH_COMPLETE';
        this.nextId += 1n;
        if (video.privacyLevel !== 'SELF_ONLY') video.postId = String(this.nextId);
      }
      const data = {
        status: video.status,
        ...(video.failReason ? { fail_reason: video.failReason } : {}),
        ...(video.postId ? { publicaly_available_post_id: [video.postId] } : {}),
        uploaded_bytes: video.received.reduce((sum, chunk) => sum + chunk.length, 0),
      };
      // the id is an int64 JSON number, as TikTok sends it: past 2^53, which JSON.parse rounds
      const json = JSON.stringify({ data, error: { code: 'ok', message: '', log_id: 'fake' } });
      res.type('application/json').send(video.postId ? json.replace(`["${video.postId}"]`, `[${video.postId}]`) : json);
    });
  }

  /** The video TikTok assembled from a publish's chunks. */
  bytesOf(video: FakeTikTokVideo): Buffer {
    return Buffer.concat(video.received);
  }
}
