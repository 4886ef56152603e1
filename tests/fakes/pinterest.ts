// A contract fake of the Pinterest API v5 parts planrrr calls, as a real local HTTP server.
// It checks what Pinterest checks: a bearer token (401 `{code, message}` otherwise), a
// board of the account's own (404 otherwise), a title of at most 100 characters, a
// description of at most 800, a link that is an http(s) URL, alt text of at most 500, and
// an image_url media source that it downloads itself (as Pinterest does: a URL that does
// not serve an image is refused), or a video_id source: a video registered (POST /v5/media),
// uploaded to the upload URL with the fields it named (an S3 form post, 403 without them),
// processed (`succeeded` after `videoProcessingMs`; `failed` for a file that is no MP4 or
// MOV), and pinned with a cover (cover_image_url or cover_image_key_frame_time). Reads: a pin's analytics (lifetime summary of IMPRESSION,
// SAVE, PIN_CLICK, OUTBOUND_CLICK, growing with time; a deleted pin is 404) and the boards.
// A spent rate limit answers 429 with Retry-After. Given the OAuth fake, it also serves the
// token endpoint and the account, and takes the tokens that fake issued for Pinterest.
// https://developers.pinterest.com/docs/api/v5/pins-create
// https://developers.pinterest.com/docs/api/v5/pins-analytics
// https://developers.pinterest.com/docs/api/v5/boards-list
// https://developers.pinterest.com/docs/api/v5/media-create
import express from 'express';
import { bearerToken, FakePlatformServer, formDataOf } from './fake-server';
import { engagementSince, fileBytes } from './http';
import { FAKE_ACCOUNTS, type FakeOAuthProvider } from './oauth-provider';

export type PinterestRoute = 'pins.create' | 'pins.analytics' | 'boards.list' | 'media.register' | 'media.upload' | 'media.get';

export interface FakePin {
  id: string;
  boardId: string;
  title?: string;
  description?: string;
  link?: string;
  altText?: string;
  image?: { contentType: string; bytes: Buffer };
  video?: { mediaId: string; bytes: Buffer };
  publishedAt: number;
}

export interface FakePinterestMedia {
  id: string;
  token: string;
  key: string;
  status: 'registered' | 'processing' | 'succeeded' | 'failed';
  bytes?: Buffer;
  uploadedAt?: number;
}

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp', 'image/tiff'];

export class FakePinterest extends FakePlatformServer<PinterestRoute> {
  protected readonly defaultFailureRoute = 'pins.create';
  /** access token → the boards of the account it acts for */
  readonly tokens = new Map<string, Array<{ id: string; name: string }>>([['pin-token-alice', FAKE_ACCOUNTS.pinterest.boards]]);
  readonly pins: FakePin[] = [];
  readonly media: FakePinterestMedia[] = [];
  /** how long an uploaded video processes */
  videoProcessingMs = 300;
  /** pins deleted on Pinterest */
  readonly deleted = new Set<string>();
  private nextId = 1_100_000_000;

  constructor(private readonly oauth?: FakeOAuthProvider) {
    super();
  }

  private boardsOf(token: string | undefined) {
    if (!token) return undefined;
    return this.tokens.get(token) ?? (this.oauth?.isAccessToken(token, 'pinterest') ? FAKE_ACCOUNTS.pinterest.boards : undefined);
  }

  protected routes(app: express.Express): void {
    this.oauth?.mountPinterestOAuth(app, '');
    const refuse = (res: express.Response, status: number, message: string) =>
      res.status(status).json({ code: status === 401 ? 2 : 1, message });
    const boardsOf = (req: express.Request, res: express.Response) => {
      const boards = this.boardsOf(bearerToken(req));
      if (!boards) refuse(res, 401, 'Authentication failed.');
      return boards;
    };

    app.get('/v5/boards', async (req, res) => {
      if (await this.scripted('boards.list', res)) return;
      const boards = boardsOf(req, res);
      if (!boards) return;
      res.json({ items: boards.map((board) => ({ ...board, privacy: 'PUBLIC' })), bookmark: null });
    });

    app.post('/v5/media', express.json(), async (req, res) => {
      if (await this.scripted('media.register', res)) return;
      if (!boardsOf(req, res)) return;
      if ((req.body as { media_type?: unknown }).media_type !== 'video') return void refuse(res, 400, 'media_type must be video');
      this.nextId += 1;
      const media: FakePinterestMedia = {
        id: String(this.nextId),
        token: bearerToken(req)!,
        key: `uploads/${this.nextId}`,
        status: 'registered',
      };
      this.media.push(media);
      res.status(201).json({
        media_id: media.id,
        media_type: 'video',
        upload_url: `${this.url}/s3-upload`,
        upload_parameters: {
          key: media.key,
          policy: 'fake-policy',
          'x-amz-signature': `sig-${media.id}`,
          'Content-Type': 'multipart/form-data',
        },
      });
    });

    // S3's form post: every field the registration named, then the file
    app.post('/s3-upload', express.raw({ type: 'multipart/form-data', limit: '50mb' }), async (req, res) => {
      if (await this.scripted('media.upload', res)) return;
      const form = await formDataOf(req);
      const media = this.media.find((candidate) => candidate.key === form?.get('key'));
      if (!form || !media || form.get('x-amz-signature') !== `sig-${media.id}` || form.get('policy') !== 'fake-policy')
        return void res.status(403).type('application/xml').send('<Error><Code>AccessDenied</Code></Error>');
      const bytes = await fileBytes(form.get('file'));
      if (!bytes) return void res.status(400).type('application/xml').send('<Error><Code>InvalidArgument</Code></Error>');
      media.bytes = bytes;
      media.uploadedAt = Date.now();
      // an MP4 or MOV starts with an ftyp box
      media.status = bytes.subarray(4, 8).toString('latin1') === 'ftyp' ? 'processing' : 'failed';
      res.status(204).end();
    });

    app.get('/v5/media/:id', async (req, res) => {
      if (await this.scripted('media.get', res)) return;
      if (!boardsOf(req, res)) return;
      const media = this.media.find((candidate) => candidate.id === req.params.id && candidate.token === bearerToken(req));
      if (!media) return void refuse(res, 404, 'Media not found.');
      if (media.status === 'processing' && Date.now() - media.uploadedAt! >= this.videoProcessingMs) media.status = 'succeeded';
      res.json({ media_id: media.id, media_type: 'video', status: media.status });
    });

    app.post('/v5/pins', express.json(), async (req, res) => {
      if (await this.scripted('pins.create', res)) return;
      const boards = boardsOf(req, res);
      if (!boards) return;
      const body = req.body as Record<string, unknown>;
      const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
      const boardId = text('board_id');
      if (!boardId) return void refuse(res, 400, 'board_id is required');
      if (!boards.some((board) => board.id === boardId)) return void refuse(res, 404, 'Board not found.');
      if ([...(text('title') ?? '')].length > 100) return void refuse(res, 400, 'title is longer than 100 characters');
      if ([...(text('description') ?? '')].length > 800) return void refuse(res, 400, 'description is longer than 800 characters');
      if ([...(text('alt_text') ?? '')].length > 500) return void refuse(res, 400, 'alt_text is longer than 500 characters');
      const link = text('link');
      if (link !== undefined && !/^https?:\/\//.test(link)) return void refuse(res, 400, 'link is not a valid URL');
      const source = body.media_source as
        | { source_type?: string; url?: string; media_id?: string; cover_image_url?: string; cover_image_key_frame_time?: number }
        | undefined;
      let media: Pick<FakePin, 'image' | 'video'>;
      if (source?.source_type === 'video_id') {
        const video = this.media.find((candidate) => candidate.id === source.media_id && candidate.token === bearerToken(req));
        if (!video || video.status !== 'succeeded') return void refuse(res, 400, 'media_id is not an uploaded, processed video');
        if (source.cover_image_url === undefined && source.cover_image_key_frame_time === undefined)
          return void refuse(res, 400, 'a video pin needs cover_image_url or cover_image_key_frame_time');
        media = { video: { mediaId: video.id, bytes: video.bytes! } };
      } else {
        if (source?.source_type !== 'image_url' || !source.url)
          return void refuse(res, 400, 'media_source must be an image_url or video_id source');
        const image = await fetch(source.url).catch(() => undefined);
        const contentType = image?.headers.get('content-type')?.split(';')[0] ?? '';
        if (!image?.ok || !IMAGE_TYPES.includes(contentType))
          return void refuse(res, 400, `Could not fetch an image from the URL (${image?.status})`);
        media = { image: { contentType, bytes: Buffer.from(await image.arrayBuffer()) } };
      }
      this.nextId += 1;
      const pin: FakePin = {
        id: String(this.nextId),
        boardId,
        ...(text('title') ? { title: text('title') } : {}),
        ...(text('description') ? { description: text('description') } : {}),
        ...(link ? { link } : {}),
        ...(text('alt_text') ? { altText: text('alt_text') } : {}),
        ...media,
        publishedAt: Date.now(),
      };
      this.pins.push(pin);
      res.status(201).json({ id: pin.id, board_id: boardId, created_at: new Date(pin.publishedAt).toISOString() });
    });

    app.get('/v5/pins/:id/analytics', async (req, res) => {
      if (await this.scripted('pins.analytics', res)) return;
      if (!boardsOf(req, res)) return;
      const pin = this.pins.find((candidate) => candidate.id === req.params.id && !this.deleted.has(candidate.id));
      if (!pin) return void refuse(res, 404, 'Pin not found.');
      if (!req.query.start_date || !req.query.end_date || !req.query.metric_types)
        return void refuse(res, 400, 'start_date, end_date and metric_types are required');
      const counts = engagementSince(pin.publishedAt);
      const all: Record<string, number> = {
        IMPRESSION: counts.impressions,
        SAVE: counts.reposts,
        PIN_CLICK: counts.replies,
        OUTBOUND_CLICK: counts.quotes,
      };
      const asked = String(req.query.metric_types).split(',');
      res.json({
        all: {
          daily_metrics: [],
          summary_metrics: Object.fromEntries(asked.filter((name) => name in all).map((name) => [name, all[name]])),
        },
      });
    });
  }
}
