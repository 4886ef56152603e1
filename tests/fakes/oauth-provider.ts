// A contract fake of the OAuth 2 providers planrrr connects through, as one real local HTTP
// server: X, Facebook (Graph API), Google (YouTube, Business Profile), LinkedIn (with the
// company pages the member administers), Threads, Reddit, Pinterest and TikTok, each under its own path
// prefix. It checks what the real providers check: the client id, the registered redirect
// URI, PKCE (S256: the verifier must hash to the challenge), single-use codes, the client's
// secret (HTTP Basic for X, the form body elsewhere), bearer tokens on identity endpoints.
// The consent screen approves at once, unless told to answer with an error. Identity answers
// name profile pictures (when asked for, as each provider needs) that this fake serves.
import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { solidPng } from './http';

export type FakeProviderName = 'x' | 'facebook' | 'google' | 'linkedin' | 'threads' | 'reddit' | 'pinterest' | 'tiktok';

interface IssuedCode {
  provider: FakeProviderName;
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  used: boolean;
}

interface IssuedToken {
  provider: FakeProviderName;
  kind: 'access' | 'refresh' | 'long-lived' | 'page';
}

export const FAKE_CLIENTS: Record<FakeProviderName, { id: string; secret: string }> = {
  x: { id: 'x-client', secret: 'x-secret' },
  facebook: { id: 'fb-app', secret: 'fb-secret' },
  google: { id: 'google-client', secret: 'google-secret' },
  linkedin: { id: 'linkedin-client', secret: 'linkedin-secret' },
  threads: { id: 'threads-app', secret: 'threads-secret' },
  reddit: { id: 'reddit-client', secret: 'reddit-secret' },
  pinterest: { id: 'pinterest-app', secret: 'pinterest-secret' },
  tiktok: { id: 'tiktok-client-key', secret: 'tiktok-secret' },
};

/** Scopes each provider must be asked for, for planrrr to publish. */
const REQUIRED_SCOPES: Record<FakeProviderName, string[]> = {
  x: ['tweet.write', 'users.read', 'offline.access'],
  facebook: ['pages_manage_posts', 'pages_show_list', 'instagram_content_publish'],
  google: ['https://www.googleapis.com/auth/youtube.upload'],
  linkedin: ['openid', 'profile', 'w_member_social', 'w_organization_social', 'r_organization_social', 'rw_organization_admin'],
  threads: ['threads_basic', 'threads_content_publish', 'threads_manage_insights'],
  reddit: ['identity', 'submit', 'read'],
  pinterest: ['boards:read', 'pins:write', 'user_accounts:read'],
  tiktok: ['user.info.basic', 'video.publish', 'video.upload'],
};
/** One Google client serves two grants: YouTube's, and Business Profile's (which asks for business.manage alone). */
const GOOGLE_BUSINESS_SCOPE = 'https://www.googleapis.com/auth/business.manage';
/** Providers whose web flow documents no PKCE (planrrr sends it anyway; they ignore it). */
const WITHOUT_PKCE: readonly FakeProviderName[] = ['threads', 'pinterest', 'tiktok'];
/** Providers that document their scopes comma-separated. */
const COMMA_SCOPES: readonly FakeProviderName[] = ['threads', 'pinterest', 'tiktok'];

export const FAKE_ACCOUNTS = {
  x: { id: '2244994945', username: 'alice_x', name: 'Alice on X' },
  facebookPages: [
    { id: '1001', name: 'Alice Bakery', instagram: { id: '17841400000000001', username: 'alicebakery', name: 'Alice Bakery IG' } },
    { id: '1002', name: 'Alice Blog', instagram: undefined },
  ],
  youtube: { id: 'UCalice000000000000000', title: 'Alice Channel', customUrl: '@alicechannel' },
  linkedin: { sub: 'aL1c3Sub', name: 'Alice Example', email: 'alice@example.com' },
  /** the company pages Alice administers (an approved ADMINISTRATOR role); Acme Labs has no logo */
  linkedinOrganizations: [
    { id: '2414183', localizedName: 'Acme Corp', vanityName: 'acme-corp', logo: true },
    { id: '5515715', localizedName: 'Acme Labs', vanityName: undefined, logo: false },
  ],
  threads: { id: '17841401234567890', username: 'alice.threads', name: 'Alice on Threads' },
  reddit: { id: '1w72', name: 'alice_reddit' },
  pinterest: {
    id: '549755885175',
    username: 'alicepins',
    business_name: 'Alice Pins',
    boards: [
      { id: '549755885176', name: 'Recipes' },
      { id: '549755885177', name: 'Garden' },
    ],
  },
  tiktok: { open_id: '-000AliceOpenId', display_name: 'Alice on TikTok', follower_count: 4321 },
  // two Business Profile accounts; the main street bakery is reached through both (a personal
  // account and a location group), and connects once
  googleBusiness: [
    {
      name: 'accounts/1010',
      accountName: 'Alice Example',
      locations: [{ name: 'locations/5550001', title: 'Alice Bakery Main Street' }],
    },
    {
      name: 'accounts/2020',
      accountName: 'Alice Bakeries (group)',
      locations: [
        { name: 'locations/5550001', title: 'Alice Bakery Main Street' },
        { name: 'locations/5550002', title: 'Alice Bakery Harbour' },
      ],
    },
  ],
};

/**
 * Each account's profile picture, served at /cdn/<key>.png. The page "Alice Blog" names a
 * picture that is gone (404), as an expired CDN URL would be: connecting must still work.
 */
export const FAKE_AVATARS: Record<string, Buffer> = {
  x: solidPng([29, 155, 240]),
  'facebook-1001': solidPng([24, 119, 242]),
  'instagram-17841400000000001': solidPng([225, 48, 108]),
  youtube: solidPng([255, 0, 0]),
  linkedin: solidPng([10, 102, 194]),
  'linkedin-2414183': solidPng([0, 65, 130]),
  threads: solidPng([16, 16, 16]),
  reddit: solidPng([255, 69, 0]),
  pinterest: solidPng([230, 0, 35]),
  tiktok: solidPng([37, 244, 238]),
};

export class FakeOAuthProvider {
  url = '';
  /** access tokens expire this many seconds after they are issued */
  accessTokenLifetimeSeconds = 7200;
  private server?: Server;
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly deny = new Set<FakeProviderName>();
  private readonly refuse = new Set<FakeProviderName>();
  /** every refresh_token grant the fake accepted, by provider */
  readonly refreshes: Record<FakeProviderName, number> = {
    x: 0,
    facebook: 0,
    google: 0,
    linkedin: 0,
    threads: 0,
    reddit: 0,
    pinterest: 0,
    tiktok: 0,
  };
  /** every token request, for checking what was sent */
  readonly tokenRequests: Array<{ provider: FakeProviderName; grantType: string }> = [];

  /** The next consent screen of this provider answers `error=access_denied`. */
  denyNextConsent(provider: FakeProviderName): void {
    this.deny.add(provider);
  }

  /** Refresh grants answer 400 invalid_grant (a revoked refresh token) until allowed again. */
  refuseRefreshes(provider: FakeProviderName, refuse = true): void {
    if (refuse) this.refuse.add(provider);
    else this.refuse.delete(provider);
  }

  /** Whether a token is one this fake issued as a usable access token (of that provider, if named). */
  isAccessToken(token: unknown, provider?: FakeProviderName): boolean {
    const issued = typeof token === 'string' ? this.tokens.get(token) : undefined;
    return issued !== undefined && issued.kind !== 'refresh' && (provider === undefined || issued.provider === provider);
  }

  /** Issues a refresh token directly, as if an earlier authorization had. */
  issueRefreshToken(provider: FakeProviderName): string {
    return this.issue(provider, 'refresh');
  }

  /** Environment variables pointing planrrr's OAuth configuration at this fake. */
  env(): Record<string, string> {
    return {
      X_CLIENT_ID: FAKE_CLIENTS.x.id,
      X_CLIENT_SECRET: FAKE_CLIENTS.x.secret,
      X_AUTHORIZE_URL: `${this.url}/x/i/oauth2/authorize`,
      X_TOKEN_URL: `${this.url}/x/2/oauth2/token`,
      X_API_BASE_URL: `${this.url}/x`,
      FACEBOOK_APP_ID: FAKE_CLIENTS.facebook.id,
      FACEBOOK_APP_SECRET: FAKE_CLIENTS.facebook.secret,
      FACEBOOK_AUTHORIZE_URL: `${this.url}/facebook/dialog/oauth`,
      FACEBOOK_GRAPH_BASE_URL: `${this.url}/facebook`,
      FACEBOOK_GRAPH_API_VERSION: 'v26.0',
      GOOGLE_CLIENT_ID: FAKE_CLIENTS.google.id,
      GOOGLE_CLIENT_SECRET: FAKE_CLIENTS.google.secret,
      GOOGLE_AUTHORIZE_URL: `${this.url}/google/o/oauth2/v2/auth`,
      GOOGLE_TOKEN_URL: `${this.url}/google/token`,
      YOUTUBE_API_BASE_URL: `${this.url}/google`,
      LINKEDIN_CLIENT_ID: FAKE_CLIENTS.linkedin.id,
      LINKEDIN_CLIENT_SECRET: FAKE_CLIENTS.linkedin.secret,
      LINKEDIN_AUTHORIZE_URL: `${this.url}/linkedin/oauth/v2/authorization`,
      LINKEDIN_TOKEN_URL: `${this.url}/linkedin/oauth/v2/accessToken`,
      LINKEDIN_API_BASE_URL: `${this.url}/linkedin`,
      THREADS_APP_ID: FAKE_CLIENTS.threads.id,
      THREADS_APP_SECRET: FAKE_CLIENTS.threads.secret,
      THREADS_AUTHORIZE_URL: `${this.url}/threads/oauth/authorize`,
      THREADS_API_BASE_URL: `${this.url}/threads`,
      REDDIT_CLIENT_ID: FAKE_CLIENTS.reddit.id,
      REDDIT_CLIENT_SECRET: FAKE_CLIENTS.reddit.secret,
      REDDIT_AUTHORIZE_URL: `${this.url}/reddit/api/v1/authorize`,
      REDDIT_TOKEN_URL: `${this.url}/reddit/api/v1/access_token`,
      REDDIT_API_BASE_URL: `${this.url}/reddit`,
      PINTEREST_APP_ID: FAKE_CLIENTS.pinterest.id,
      PINTEREST_APP_SECRET: FAKE_CLIENTS.pinterest.secret,
      PINTEREST_AUTHORIZE_URL: `${this.url}/pinterest/oauth/`,
      PINTEREST_API_BASE_URL: `${this.url}/pinterest`,
      TIKTOK_CLIENT_KEY: FAKE_CLIENTS.tiktok.id,
      TIKTOK_CLIENT_SECRET: FAKE_CLIENTS.tiktok.secret,
      TIKTOK_AUTHORIZE_URL: `${this.url}/tiktok/v2/auth/authorize/`,
      TIKTOK_API_BASE_URL: `${this.url}/tiktok`,
      GOOGLE_BUSINESS_ACCOUNT_MANAGEMENT_URL: `${this.url}/google`,
      GOOGLE_BUSINESS_INFORMATION_URL: `${this.url}/google`,
      GOOGLE_BUSINESS_API_BASE_URL: `${this.url}/google`,
    };
  }

  private issue(provider: FakeProviderName, kind: IssuedToken['kind']): string {
    const token = `${provider}-${kind}-${randomBytes(12).toString('base64url')}`;
    this.tokens.set(token, { provider, kind });
    return token;
  }

  private authorize(provider: FakeProviderName) {
    return (req: Request, res: Response) => {
      const q = req.query as Record<string, string | undefined>;
      const problems: string[] = [];
      if (q.response_type !== 'code') problems.push('response_type must be code');
      // TikTok names the client client_key
      const clientId = provider === 'tiktok' ? q.client_key : q.client_id;
      if (clientId !== FAKE_CLIENTS[provider].id) problems.push(`unknown client ${clientId}`);
      if (!q.redirect_uri) problems.push('redirect_uri is required');
      if (!q.state) problems.push('state is required');
      if (!WITHOUT_PKCE.includes(provider) && (q.code_challenge_method !== 'S256' || !q.code_challenge))
        problems.push('PKCE with S256 is required');
      const scopes = (q.scope ?? '').split(COMMA_SCOPES.includes(provider) ? ',' : ' ');
      const required =
        provider === 'google' && scopes.includes(GOOGLE_BUSINESS_SCOPE) ? [GOOGLE_BUSINESS_SCOPE] : REQUIRED_SCOPES[provider];
      for (const scope of required) if (!scopes.includes(scope)) problems.push(`scope ${scope} was not requested`);
      if (provider === 'google' && q.access_type !== 'offline') problems.push('access_type=offline is needed for a refresh token');
      if (provider === 'reddit' && q.duration !== 'permanent') problems.push('duration=permanent is needed for a refresh token');
      if (problems.length > 0) {
        res.status(400).json({ error: 'invalid_request', error_description: problems.join('; ') });
        return;
      }
      const back = new URL(q.redirect_uri!);
      back.searchParams.set('state', q.state!);
      if (this.deny.delete(provider)) {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'The user denied the request');
      } else {
        const code = randomBytes(16).toString('base64url');
        this.codes.set(code, {
          provider,
          clientId: clientId!,
          redirectUri: q.redirect_uri!,
          challenge: q.code_challenge!,
          scope: q.scope!,
          used: false,
        });
        back.searchParams.set('code', code);
      }
      res.redirect(302, back.toString());
    };
  }

  /** The client's credentials: HTTP Basic for X (confidential clients), Reddit and Pinterest, the form body elsewhere. */
  private clientOf(provider: FakeProviderName, req: Request): boolean {
    const expected = FAKE_CLIENTS[provider];
    if (provider === 'x' || provider === 'reddit' || provider === 'pinterest') {
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!basic) return false;
      const [id, secret] = Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent);
      return id === expected.id && secret === expected.secret;
    }
    const clientId = provider === 'tiktok' ? req.body?.client_key : req.body?.client_id;
    return clientId === expected.id && req.body?.client_secret === expected.secret;
  }

  private tokenEndpoint(provider: FakeProviderName) {
    return (req: Request, res: Response) => {
      const body = (req.body ?? {}) as Record<string, string | undefined>;
      this.tokenRequests.push({ provider, grantType: body.grant_type ?? '' });
      if (!req.is('application/x-www-form-urlencoded')) {
        res.status(400).json({ error: 'invalid_request', error_description: 'the token request must be form-encoded' });
        return;
      }
      if (!this.clientOf(provider, req)) {
        res.status(401).json({ error: 'invalid_client', error_description: 'client authentication failed' });
        return;
      }
      // TikTok answers its refusals with 200
      const invalidGrant = (description: string) =>
        res.status(provider === 'tiktok' ? 200 : 400).json({ error: 'invalid_grant', error_description: description });
      const expiresIn = this.accessTokenLifetimeSeconds;

      if (body.grant_type === 'authorization_code') {
        const code = body.code ? this.codes.get(body.code) : undefined;
        if (!code || code.provider !== provider) return invalidGrant('unknown authorization code');
        if (code.used) return invalidGrant('the authorization code was already used');
        code.used = true;
        if (body.redirect_uri !== code.redirectUri) return invalidGrant('redirect_uri does not match the authorization request');
        const challenge = body.code_verifier ? createHash('sha256').update(body.code_verifier).digest('base64url') : undefined;
        if (!WITHOUT_PKCE.includes(provider) && challenge !== code.challenge)
          return invalidGrant('code_verifier does not match the code_challenge');
        const accessToken = this.issue(provider, 'access');
        // a short-lived (one-hour) token and the user's id, no refresh token
        if (provider === 'threads') return res.json({ access_token: accessToken, user_id: FAKE_ACCOUNTS.threads.id });
        if (provider === 'facebook') return res.json({ access_token: accessToken, token_type: 'bearer', expires_in: 3600 });
        // https://developers.tiktok.com/doc/oauth-user-access-token-management: the open_id and a year-long refresh token
        if (provider === 'tiktok')
          return res.json({
            access_token: accessToken,
            token_type: 'Bearer',
            expires_in: expiresIn,
            open_id: FAKE_ACCOUNTS.tiktok.open_id,
            refresh_token: this.issue(provider, 'refresh'),
            refresh_expires_in: 31_536_000,
            scope: code.scope,
          });
        return res.json({
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: expiresIn,
          refresh_token: this.issue(provider, 'refresh'),
          scope: code.scope,
        });
      }

      if (body.grant_type === 'refresh_token') {
        if (provider === 'facebook' || provider === 'threads') return invalidGrant(`${provider} has no refresh tokens`);
        const issued = body.refresh_token ? this.tokens.get(body.refresh_token) : undefined;
        if (!issued || issued.kind !== 'refresh' || issued.provider !== provider) return invalidGrant('unknown refresh token');
        if (this.refuse.has(provider)) return invalidGrant('the refresh token was revoked');
        this.refreshes[provider] += 1;
        const accessToken = this.issue(provider, 'access');
        if (provider === 'google') return res.json({ access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn });
        // X rotates refresh tokens: the old one stops working
        if (provider === 'x') this.tokens.delete(body.refresh_token!);
        return res.json({
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: expiresIn,
          refresh_token: this.issue(provider, 'refresh'),
        });
      }

      if (provider === 'facebook' && body.grant_type === 'fb_exchange_token') {
        const issued = body.fb_exchange_token ? this.tokens.get(body.fb_exchange_token) : undefined;
        if (!issued || issued.kind !== 'access')
          return res.status(400).json({ error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190 } });
        return res.json({ access_token: this.issue(provider, 'long-lived'), token_type: 'bearer', expires_in: 5_184_000 });
      }
      res.status(400).json({ error: 'unsupported_grant_type' });
    };
  }

  /** The bearer token (or Graph's `access_token` parameter) of an identity request, if valid. */
  private bearer(provider: FakeProviderName, req: Request, kinds: Array<IssuedToken['kind']>): boolean {
    const token =
      /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ??
      (typeof req.query.access_token === 'string' ? req.query.access_token : undefined);
    const issued = token ? this.tokens.get(token) : undefined;
    return issued !== undefined && issued.provider === provider && kinds.includes(issued.kind);
  }

  /**
   * Threads' token endpoints and profile, which live on the Threads API host: the code
   * exchange, the long-lived token exchange and refresh (GET, the token in the query), and
   * /me. Mounted here and, for publishing tests, on the Threads API fake (tests/fakes/threads.ts).
   * https://developers.facebook.com/docs/threads/get-started/long-lived-tokens
   */
  mountThreadsOAuth(app: express.Express, prefix: string): void {
    const graphError = (res: Response, message: string) => res.status(400).json({ error: { message, type: 'OAuthException', code: 190 } });
    const issuedAs = (token: unknown, kinds: Array<IssuedToken['kind']>) => {
      const issued = typeof token === 'string' ? this.tokens.get(token) : undefined;
      return issued?.provider === 'threads' && kinds.includes(issued.kind);
    };
    const sixtyDays = 60 * 24 * 3600;
    app.post(`${prefix}/oauth/access_token`, express.urlencoded({ extended: false }), this.tokenEndpoint('threads'));
    app.get(`${prefix}/access_token`, (req, res) => {
      this.tokenRequests.push({ provider: 'threads', grantType: String(req.query.grant_type ?? '') });
      if (req.query.grant_type !== 'th_exchange_token') return void res.status(400).json({ error: 'unsupported_grant_type' });
      if (req.query.client_secret !== FAKE_CLIENTS.threads.secret) return void graphError(res, 'Error validating client secret');
      if (!issuedAs(req.query.access_token, ['access'])) return void graphError(res, 'a short-lived access token is expected here');
      res.json({ access_token: this.issue('threads', 'long-lived'), token_type: 'bearer', expires_in: sixtyDays });
    });
    app.get(`${prefix}/refresh_access_token`, (req, res) => {
      this.tokenRequests.push({ provider: 'threads', grantType: String(req.query.grant_type ?? '') });
      if (req.query.grant_type !== 'th_refresh_token') return void res.status(400).json({ error: 'unsupported_grant_type' });
      if (!issuedAs(req.query.access_token, ['long-lived']) || this.refuse.has('threads'))
        return void graphError(res, 'Error validating access token: the session has been invalidated');
      this.refreshes.threads += 1;
      res.json({ access_token: this.issue('threads', 'long-lived'), token_type: 'bearer', expires_in: sixtyDays });
    });
    app.get(`${prefix}/:version/me`, (req, res) => {
      if (!issuedAs(req.query.access_token, ['long-lived'])) return void graphError(res, 'a long-lived access token is expected here');
      const fields = String(req.query.fields ?? '').split(',');
      const { id, username, name } = FAKE_ACCOUNTS.threads;
      res.json({
        id,
        ...(fields.includes('username') && { username }),
        ...(fields.includes('name') && { name }),
        ...(fields.includes('threads_profile_picture_url') && { threads_profile_picture_url: `${this.url}/cdn/threads.png` }),
      });
    });
  }

  /** Reddit's account endpoint, on its API host: mounted here and on the Reddit API fake (tests/fakes/reddit.ts). */
  mountRedditIdentity(app: express.Express, prefix: string): void {
    app.get(`${prefix}/api/v1/me`, (req, res) => {
      // Reddit throttles or refuses clients without a descriptive User-Agent
      if (!req.headers['user-agent']?.includes('planrrr')) return void res.status(429).json({ message: 'Too Many Requests', error: 429 });
      if (!this.bearer('reddit', req, ['access'])) return void res.status(401).json({ message: 'Unauthorized', error: 401 });
      const { id, name } = FAKE_ACCOUNTS.reddit;
      // Reddit HTML-escapes the query of its image URLs
      res.json({ id, name, icon_img: `${this.url}/cdn/reddit.png?width=256&amp;s=sig` });
    });
  }

  /**
   * Pinterest's token endpoint and account, on its API host: mounted here and on the Pinterest
   * API fake (tests/fakes/pinterest.ts). https://developers.pinterest.com/docs/api/v5/oauth-token
   */
  mountPinterestOAuth(app: express.Express, prefix: string): void {
    app.post(`${prefix}/v5/oauth/token`, express.urlencoded({ extended: false }), this.tokenEndpoint('pinterest'));
    app.get(`${prefix}/v5/user_account`, (req, res) => {
      if (!this.bearer('pinterest', req, ['access'])) return void res.status(401).json({ code: 2, message: 'Authentication failed.' });
      const { id, username, business_name } = FAKE_ACCOUNTS.pinterest;
      res.json({
        id,
        username,
        business_name,
        account_type: 'BUSINESS',
        profile_image: `${this.url}/cdn/pinterest.png`,
        follower_count: 321,
      });
    });
  }

  /**
   * TikTok's token endpoint and user, on its API host: mounted here and on the TikTok API fake
   * (tests/fakes/tiktok.ts). https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info
   */
  mountTikTokOAuth(app: express.Express, prefix: string, alsoAccepts: (token: string | undefined) => boolean = () => false): void {
    app.post(`${prefix}/v2/oauth/token/`, express.urlencoded({ extended: false }), this.tokenEndpoint('tiktok'));
    app.get(`${prefix}/v2/user/info/`, (req, res) => {
      if (!this.bearer('tiktok', req, ['access']) && !alsoAccepts(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]))
        return void res.status(401).json({
          data: {},
          error: { code: 'access_token_invalid', message: 'The access token is invalid or not found in the request.', log_id: 'fake' },
        });
      const fields = String(req.query.fields ?? '').split(',');
      if (!req.query.fields)
        return void res.status(400).json({ data: {}, error: { code: 'invalid_params', message: 'fields is required', log_id: 'fake' } });
      const { open_id, display_name, follower_count } = FAKE_ACCOUNTS.tiktok;
      // each field only when asked for (username would need user.info.profile, which planrrr does not ask for)
      const user = { open_id, display_name, avatar_url: `${this.url}/cdn/tiktok.png`, follower_count };
      res.json({
        data: { user: Object.fromEntries(Object.entries(user).filter(([field]) => fields.includes(field))) },
        error: { code: 'ok', message: '', log_id: 'fake' },
      });
    });
  }

  /**
   * The Business Profile accounts and locations a Google token manages, on Google's API hosts:
   * mounted here and on the Business Profile fake (tests/fakes/google-business.ts).
   * https://developers.google.com/my-business/reference/accountmanagement/rest/v1/accounts/list
   * https://developers.google.com/my-business/reference/businessinformation/rest/v1/accounts.locations/list
   */
  mountGoogleBusinessAccounts(app: express.Express, prefix: string): void {
    const unauthorized = (res: Response) =>
      res.status(401).json({ error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
    app.get(`${prefix}/v1/accounts`, (req, res) => {
      if (!this.bearer('google', req, ['access'])) return void unauthorized(res);
      // one account a page, to exercise paging
      const index = Number(req.query.pageToken ?? 0);
      const account = FAKE_ACCOUNTS.googleBusiness[index];
      res.json({
        accounts: account ? [{ name: account.name, accountName: account.accountName, type: 'PERSONAL' }] : [],
        ...(index + 1 < FAKE_ACCOUNTS.googleBusiness.length ? { nextPageToken: String(index + 1) } : {}),
      });
    });
    app.get(`${prefix}/v1/accounts/:account/locations`, (req, res) => {
      if (!this.bearer('google', req, ['access'])) return void unauthorized(res);
      // the Business Information API answers 400 without a readMask
      if (!req.query.readMask)
        return void res
          .status(400)
          .json({ error: { code: 400, message: 'Request contains an invalid argument: read_mask', status: 'INVALID_ARGUMENT' } });
      const account = FAKE_ACCOUNTS.googleBusiness.find((candidate) => candidate.name === `accounts/${req.params.account}`);
      if (!account)
        return void res.status(404).json({ error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } });
      const mask = String(req.query.readMask).split(',');
      res.json({
        locations: account.locations.map((location) => ({
          name: location.name,
          ...(mask.includes('title') ? { title: location.title } : {}),
        })),
      });
    });
  }

  /**
   * LinkedIn's OpenID userinfo and the organization reads that name the company pages the
   * member administers, on LinkedIn's API host: mounted here and on the LinkedIn API fake
   * (tests/fakes/linkedin.ts). The organization reads need rw_organization_admin (the
   * authorization checks it was asked for), the versioned headers, and Rest.li's List(…) ids.
   * https://learn.microsoft.com/linkedin/marketing/community-management/organizations/organization-access-control-by-role
   * https://learn.microsoft.com/linkedin/marketing/community-management/organizations/organization-lookup-api
   */
  mountLinkedInIdentity(app: express.Express, prefix: string): void {
    const refused = (res: Response, status: number, message: string) => void res.status(status).json({ status, message });
    /** Whether a versioned REST call may go on; it has been refused otherwise. */
    const versioned = (req: Request, res: Response): boolean => {
      const problem = !this.bearer('linkedin', req, ['access'])
        ? ([401, 'Invalid access token'] as const)
        : !/^\d{6}$/.test(req.header('linkedin-version') ?? '')
          ? ([426, 'A valid LinkedIn-Version header is required'] as const)
          : req.header('x-restli-protocol-version') !== '2.0.0'
            ? ([400, 'X-Restli-Protocol-Version 2.0.0 is required'] as const)
            : undefined;
      if (problem) refused(res, problem[0], problem[1]);
      return problem === undefined;
    };
    const organizations = FAKE_ACCOUNTS.linkedinOrganizations;
    app.get(`${prefix}/v2/userinfo`, (req, res) => {
      if (!this.bearer('linkedin', req, ['access'])) return refused(res, 401, 'Invalid access token');
      res.json({
        ...FAKE_ACCOUNTS.linkedin,
        picture: `${this.url}/cdn/linkedin.png`,
        email_verified: true,
        locale: { country: 'US', language: 'en' },
      });
    });
    app.get(`${prefix}/rest/organizationAcls`, (req, res) => {
      if (!versioned(req, res)) return;
      if (req.query.q !== 'roleAssignee') return refused(res, 400, 'q must be roleAssignee');
      const matches = req.query.role === 'ADMINISTRATOR' && req.query.state === 'APPROVED' ? organizations : [];
      res.json({
        paging: { start: 0, count: Number(req.query.count ?? 10), links: [] },
        elements: matches.map((organization) => ({
          roleAssignee: `urn:li:person:${FAKE_ACCOUNTS.linkedin.sub}`,
          state: 'APPROVED',
          role: 'ADMINISTRATOR',
          organization: `urn:li:organization:${organization.id}`,
        })),
      });
    });
    app.get(`${prefix}/rest/organizations`, (req, res) => {
      if (!versioned(req, res)) return;
      const ids = /^List\(([\d,]+)\)$/.exec(String(req.query.ids ?? ''))?.[1]?.split(',');
      if (!ids) return refused(res, 400, 'ids must be List(<id>,…)');
      const results = Object.fromEntries(
        organizations
          .filter((organization) => ids.includes(organization.id))
          .map(({ id, localizedName, vanityName, logo }) => [
            id,
            {
              id: Number(id),
              localizedName,
              ...(vanityName ? { vanityName } : {}),
              ...(logo
                ? { logoV2: { original: `urn:li:digitalmediaAsset:logo${id}`, cropped: `urn:li:digitalmediaAsset:logo${id}c` } }
                : {}),
            },
          ]),
      );
      res.json({ results, statuses: {}, errors: {} });
    });
    app.get(`${prefix}/rest/images/:urn`, (req, res) => {
      if (!versioned(req, res)) return;
      const id = /^urn:li:image:logo(\d+)$/.exec(req.params.urn)?.[1];
      if (!id) return refused(res, 404, `${req.params.urn} does not exist`);
      res.json({ id: req.params.urn, status: 'AVAILABLE', downloadUrl: `${this.url}/cdn/linkedin-${id}.png` });
    });
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    const unauthorized = (res: Response) => res.status(401).json({ error: 'invalid_token' });
    const avatarUrl = (key: string) => `${this.url}/cdn/${key}.png`;
    app.get('/cdn/:key.png', (req, res) => {
      const avatar = FAKE_AVATARS[req.params.key];
      if (!avatar) return void res.status(404).type('text/plain').send('Not found');
      res.type('image/png').send(avatar);
    });

    // X: https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token
    app.get('/x/i/oauth2/authorize', this.authorize('x'));
    app.post('/x/2/oauth2/token', this.tokenEndpoint('x'));
    app.get('/x/2/users/me', (req, res) => {
      if (!this.bearer('x', req, ['access'])) return unauthorized(res);
      // https://docs.x.com/x-api/users/user-lookup-me: extra fields only when `user.fields` asks
      const userFields = String(req.query['user.fields'] ?? '').split(',');
      res.json({
        data: {
          ...FAKE_ACCOUNTS.x,
          ...(userFields.includes('profile_image_url') ? { profile_image_url: avatarUrl('x') } : {}),
          // the daily followers Schedule reads the count of accounts connected through this flow
          ...(userFields.includes('public_metrics')
            ? { public_metrics: { followers_count: 1200, following_count: 80, tweet_count: 5, listed_count: 0 } }
            : {}),
        },
      });
    });

    // Facebook: the login dialog, the Graph API's token endpoint and /me/accounts
    app.get('/facebook/dialog/oauth', this.authorize('facebook'));
    app.post('/facebook/v26.0/oauth/access_token', this.tokenEndpoint('facebook'));
    app.get('/facebook/v26.0/me/accounts', (req, res) => {
      if (!this.bearer('facebook', req, ['long-lived'])) {
        return res
          .status(400)
          .json({ error: { message: 'a long-lived user access token is expected here', type: 'OAuthException', code: 190 } });
      }
      const fields = String(req.query.fields ?? '');
      if (!fields.includes('access_token') || !fields.includes('instagram_business_account')) {
        return res
          .status(400)
          .json({ error: { message: `fields must ask for access_token and instagram_business_account, got ${fields}`, code: 100 } });
      }
      // fields are answered only when asked for: picture{url} on the Page, profile_picture_url on its Instagram account
      const pictures = /(^|,)picture\{url\}/.test(fields);
      const instagramPictures = /instagram_business_account\{[^}]*profile_picture_url/.test(fields);
      res.json({
        data: FAKE_ACCOUNTS.facebookPages.map((page) => ({
          id: page.id,
          name: page.name,
          access_token: this.issue('facebook', 'page'),
          ...(pictures ? { picture: { data: { url: avatarUrl(`facebook-${page.id}`) } } } : {}),
          ...(page.instagram
            ? {
                instagram_business_account: {
                  ...page.instagram,
                  ...(instagramPictures ? { profile_picture_url: avatarUrl(`instagram-${page.instagram.id}`) } : {}),
                },
              }
            : {}),
        })),
        paging: { cursors: { before: 'b', after: 'a' } },
      });
    });

    // Google: https://developers.google.com/identity/protocols/oauth2/web-server
    app.get('/google/o/oauth2/v2/auth', this.authorize('google'));
    app.post('/google/token', this.tokenEndpoint('google'));
    app.get('/google/youtube/v3/channels', (req, res) => {
      if (!this.bearer('google', req, ['access'])) return unauthorized(res);
      if (req.query.mine !== 'true' || !String(req.query.part ?? '').includes('snippet'))
        return res.status(400).json({ error: { message: 'expected part=snippet&mine=true' } });
      const { id, title, customUrl } = FAKE_ACCOUNTS.youtube;
      const thumbnails = { default: { url: avatarUrl('youtube'), width: 88, height: 88 } };
      res.json({
        kind: 'youtube#channelListResponse',
        items: [{ kind: 'youtube#channel', id, snippet: { title, customUrl, thumbnails } }],
      });
    });

    // LinkedIn: the OAuth 2.0 endpoints and OpenID userinfo
    app.get('/linkedin/oauth/v2/authorization', this.authorize('linkedin'));
    app.post('/linkedin/oauth/v2/accessToken', this.tokenEndpoint('linkedin'));
    this.mountLinkedInIdentity(app, '/linkedin');

    // Reddit: https://github.com/reddit-archive/reddit/wiki/OAuth2
    app.get('/reddit/api/v1/authorize', this.authorize('reddit'));
    app.post('/reddit/api/v1/access_token', this.tokenEndpoint('reddit'));
    this.mountRedditIdentity(app, '/reddit');

    // Pinterest: the authorization page on pinterest.com, the token endpoint and account on api.pinterest.com
    app.get('/pinterest/oauth/', this.authorize('pinterest'));
    this.mountPinterestOAuth(app, '/pinterest');

    // TikTok: the authorization page on tiktok.com, the token endpoint and user on open.tiktokapis.com
    app.get('/tiktok/v2/auth/authorize/', this.authorize('tiktok'));
    this.mountTikTokOAuth(app, '/tiktok');

    // Google Business Profile: the accounts and locations a Google grant manages
    this.mountGoogleBusinessAccounts(app, '/google');

    // Threads: the authorization window on threads.net, the rest on graph.threads.net
    app.get('/threads/oauth/authorize', this.authorize('threads'));
    this.mountThreadsOAuth(app, '/threads');

    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
