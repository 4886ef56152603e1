// A contract fake of the Pinterest API v5 parts planrrr calls, as a real local HTTP server.
// It checks what Pinterest checks: a bearer token (401 `{code, message}` otherwise), a
// board of the account's own (404 otherwise), a title of at most 100 characters, a
// description of at most 800, a link that is an http(s) URL, alt text of at most 500, and
// an image_url media source that it downloads itself (as Pinterest does: a URL that does
// not serve an image is refused). Reads: a pin's analytics (lifetime summary of IMPRESSION,
// SAVE, PIN_CLICK, OUTBOUND_CLICK, growing with time; a deleted pin is 404) and the boards.
// A spent rate limit answers 429 with Retry-After. Given the OAuth fake, it also serves the
// token endpoint and the account, and takes the tokens that fake issued for Pinterest.
// https://developers.pinterest.com/docs/api/v5/pins-create
// https://developers.pinterest.com/docs/api/v5/pins-analytics
// https://developers.pinterest.com/docs/api/v5/boards-list
import express from 'express';
import { bearerToken, FakePlatformServer } from './fake-server';
import { engagementSince } from './http';
import { FAKE_ACCOUNTS, type FakeOAuthProvider } from './oauth-provider';

export type PinterestRoute = 'pins.create' | 'pins.analytics' | 'boards.list';

export interface FakePin {
  id: string;
  boardId: string;
  title?: string;
  description?: string;
  link?: string;
  altText?: string;
  image: { contentType: string; bytes: Buffer };
  publishedAt: number;
}

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp', 'image/tiff'];

export class FakePinterest extends FakePlatformServer<PinterestRoute> {
  protected readonly defaultFailureRoute = 'pins.create';
  /** access token → the boards of the account it acts for */
  readonly tokens = new Map<string, Array<{ id: string; name: string }>>([['pin-token-alice', FAKE_ACCOUNTS.pinterest.boards]]);
  readonly pins: FakePin[] = [];
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
      const source = body.media_source as { source_type?: string; url?: string } | undefined;
      if (source?.source_type !== 'image_url' || !source.url) return void refuse(res, 400, 'media_source must be an image_url source');
      const image = await fetch(source.url).catch(() => undefined);
      const contentType = image?.headers.get('content-type')?.split(';')[0] ?? '';
      if (!image?.ok || !IMAGE_TYPES.includes(contentType))
        return void refuse(res, 400, `Could not fetch an image from the URL (${image?.status})`);
      this.nextId += 1;
      const pin: FakePin = {
        id: String(this.nextId),
        boardId,
        ...(text('title') ? { title: text('title') } : {}),
        ...(text('description') ? { description: text('description') } : {}),
        ...(link ? { link } : {}),
        ...(text('alt_text') ? { altText: text('alt_text') } : {}),
        image: { contentType, bytes: Buffer.from(await image.arrayBuffer()) },
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
