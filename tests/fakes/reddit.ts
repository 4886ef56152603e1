// A contract fake of the Reddit API parts planrrr calls (oauth.reddit.com), as a real local
// HTTP server. It checks what Reddit checks: a bearer token (401 otherwise), a descriptive
// User-Agent (Reddit throttles generic ones: 429), and for a submission the subreddit
// (SUBREDDIT_NOEXIST), the kind (self or link), the title (required, at most 300
// characters), a text of at most 40,000 characters, a flair where the subreddit requires one
// (SUBMIT_VALIDATION_FLAIR_REQUIRED), a link submitted once per subreddit (ALREADY_SUB), and
// an account's pace (RATELIMIT, with `json.ratelimit` seconds), answering refusals with 200
// and `json.errors` as Reddit does. Reads: GET /api/info with a post's score and comments, and
// a subreddit's link flairs (404 for an unknown subreddit).
// Given the OAuth fake, it also serves /api/v1/me and takes the tokens it issued for Reddit.
// https://www.reddit.com/dev/api/#POST_api_submit
// https://www.reddit.com/dev/api/#GET_api_info
import express from 'express';
import { bearerToken, FakePlatformServer } from './fake-server';
import { engagementSince } from './http';
import { FAKE_ACCOUNTS, type FakeOAuthProvider } from './oauth-provider';

export type RedditRoute = 'submit' | 'info';

export interface FakeRedditPost {
  id: string;
  name: string;
  author: string;
  subreddit: string;
  kind: 'self' | 'link';
  title: string;
  text?: string;
  url?: string;
  flairId?: string;
  userAgent: string;
  publishedAt: number;
}

export class FakeReddit extends FakePlatformServer<RedditRoute> {
  protected readonly defaultFailureRoute = 'submit';
  /** access token → the account it acts for */
  readonly tokens = new Map<string, string>([['rd-token-alice', 'alice_reddit']]);
  /** subreddit (lower case) → the flair template ids it offers, and whether a post must have one */
  readonly subreddits = new Map<string, { flairs: string[]; flairRequired: boolean }>([
    ['planrrr', { flairs: [], flairRequired: false }],
    ['strictsub', { flairs: ['flair-news', 'flair-help'], flairRequired: true }],
  ]);
  readonly posts: FakeRedditPost[] = [];
  /** post names (t3_…) deleted on Reddit */
  readonly deleted = new Set<string>();
  /** seconds an account must wait after a submission before the next one (0: no pace) */
  submitIntervalSeconds = 0;
  private readonly lastSubmit = new Map<string, number>();
  private nextId = 1_000_000;

  constructor(private readonly oauth?: FakeOAuthProvider) {
    super();
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

    app.post('/api/submit', express.urlencoded({ extended: false }), async (req, res) => {
      if (await this.scripted('submit', res)) return;
      const account = authorize(req, res);
      if (!account) return;
      const body = req.body as Record<string, string | undefined>;
      if (body.api_type !== 'json') return void res.status(400).json({ message: 'expected api_type=json' });
      const subreddit = this.subreddits.get((body.sr ?? '').toLowerCase());
      if (!subreddit) return void refuse(res, 'SUBREDDIT_NOEXIST', "that subreddit doesn't exist", 'sr');
      const title = body.title ?? '';
      if (!title.trim()) return void refuse(res, 'NO_TEXT', 'we need something here', 'title');
      if ([...title].length > 300) return void refuse(res, 'TOO_LONG', 'this is too long (max: 300)', 'title');
      if (body.kind !== 'self' && body.kind !== 'link') return void refuse(res, 'INVALID_OPTION', 'that option is not valid', 'kind');
      if (body.kind === 'self' && [...(body.text ?? '')].length > 40_000)
        return void refuse(res, 'TOO_LONG', 'this is too long (max: 40000)', 'text');
      if (body.kind === 'link' && !/^https?:\/\//.test(body.url ?? ''))
        return void refuse(res, 'BAD_URL', 'you should check that url', 'url');
      if (subreddit.flairRequired && !subreddit.flairs.includes(body.flair_id ?? ''))
        return void refuse(res, 'SUBMIT_VALIDATION_FLAIR_REQUIRED', 'Your post must contain post flair.', 'flair');
      if (body.kind === 'link' && this.posts.some((post) => post.subreddit === body.sr && post.url === body.url))
        return void refuse(res, 'ALREADY_SUB', 'that link has already been submitted', 'url');
      const last = this.lastSubmit.get(account);
      const waitSeconds = last === undefined ? 0 : Math.ceil(this.submitIntervalSeconds - (Date.now() - last) / 1000);
      if (waitSeconds > 0) {
        return void refuse(
          res,
          'RATELIMIT',
          `Looks like you've been doing that a lot. Take a break for ${waitSeconds} seconds before trying again.`,
          'ratelimit',
          {
            ratelimit: waitSeconds,
          },
        );
      }
      this.lastSubmit.set(account, Date.now());
      this.nextId += 1;
      const id = this.nextId.toString(36);
      const post: FakeRedditPost = {
        id,
        name: `t3_${id}`,
        author: account,
        subreddit: body.sr!,
        kind: body.kind,
        title,
        ...(body.kind === 'self' ? { text: body.text ?? '' } : { url: body.url! }),
        ...(body.flair_id ? { flairId: body.flair_id } : {}),
        userAgent: req.headers['user-agent']!,
        publishedAt: Date.now(),
      };
      this.posts.push(post);
      res.json({
        json: {
          errors: [],
          data: { id, name: post.name, url: `https://www.reddit.com/r/${post.subreddit}/comments/${id}/`, drafts_count: 0 },
        },
      });
    });

    app.get('/r/:subreddit/api/link_flair_v2', (req, res) => {
      if (!authorize(req, res)) return;
      const subreddit = this.subreddits.get(String(req.params.subreddit).toLowerCase());
      if (!subreddit) return void res.status(404).json({ message: 'Not Found', error: 404 });
      res.json(subreddit.flairs.map((id) => ({ id, text: id.replace(/^flair-/, ''), type: 'text', text_editable: false })));
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
