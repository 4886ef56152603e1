// The OAuth 2 apps planrrr connects accounts through: where each provider's authorize and
// token endpoints are, which scopes publishing needs, and how the client authenticates.
// One authorization with Facebook connects Facebook Pages and the Instagram business
// accounts linked to them; Google's connects YouTube channels.
import type { Platform } from '../../domain/post';
import { graphApiUrl, type Config } from '../config';

/** The providers whose flows planrrr runs (`/connections/<slug>/callback`). */
export const OAUTH_FLOWS = ['X', 'FACEBOOK', 'YOUTUBE', 'LINKEDIN', 'THREADS', 'REDDIT', 'PINTEREST', 'TIKTOK', 'GOOGLE_BUSINESS'] as const;
export type OAuthFlow = (typeof OAUTH_FLOWS)[number];

/** Every platform connected through OAuth, and the flow that connects it. */
export const OAUTH_PLATFORMS = {
  X: 'X',
  FACEBOOK: 'FACEBOOK',
  INSTAGRAM: 'FACEBOOK',
  YOUTUBE: 'YOUTUBE',
  LINKEDIN: 'LINKEDIN',
  THREADS: 'THREADS',
  REDDIT: 'REDDIT',
  PINTEREST: 'PINTEREST',
  TIKTOK: 'TIKTOK',
  GOOGLE_BUSINESS: 'GOOGLE_BUSINESS',
} as const satisfies Partial<Record<Platform, OAuthFlow>>;
export type OAuthPlatform = keyof typeof OAUTH_PLATFORMS;

export function isOAuthPlatform(platform: string): platform is OAuthPlatform {
  return Object.hasOwn(OAUTH_PLATFORMS, platform);
}

export interface OAuthProvider {
  flow: OAuthFlow;
  /** the company whose consent screen the user sees */
  providerName: string;
  /** the environment variables that configure the app, for messages */
  clientVariables: readonly [string, string];
  clientId?: string;
  clientSecret?: string;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: readonly string[];
  /** extra authorize parameters the provider needs (Google: offline access for a refresh token) */
  authorizeParams: Readonly<Record<string, string>>;
  /** RFC 6749 §2.3.1: HTTP Basic (X requires it for confidential clients) or the form body */
  clientAuthentication: 'basic' | 'body';
  /** whether the provider issues refresh tokens (Facebook's page tokens do not expire instead) */
  refreshes: boolean;
  /** a provider that refreshes a long-lived access token itself, by a GET grant, instead of with a refresh token */
  accessTokenRefresh?: { url: string; grantType: string };
  /**
   * how long before its expiry a token is refreshed (default five minutes): longer where an
   * expired token cannot be refreshed at all (Threads), so that the daily follower count keeps it alive
   */
  refreshWithinMs?: number;
  /** how the authorize request joins its scopes (RFC 6749 says a space; Threads documents commas) */
  scopeSeparator?: string;
  /** headers every call to the provider carries (Reddit refuses calls without a descriptive User-Agent) */
  headers?: Readonly<Record<string, string>>;
  /** the parameter that names the client in the authorize and token requests (RFC 6749's client_id; TikTok's client_key) */
  clientIdParameter?: string;
}

export type OAuthProviders = Record<OAuthFlow, OAuthProvider>;

export function oauthProviders(config: Config): OAuthProviders {
  return {
    // https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token
    X: {
      flow: 'X',
      providerName: 'X',
      clientVariables: ['X_CLIENT_ID', 'X_CLIENT_SECRET'],
      clientId: config.X_CLIENT_ID,
      clientSecret: config.X_CLIENT_SECRET,
      authorizeUrl: config.X_AUTHORIZE_URL,
      tokenUrl: config.X_TOKEN_URL,
      // offline.access: a refresh token (access tokens last two hours); media.write: image and video uploads
      scopes: ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'],
      authorizeParams: {},
      clientAuthentication: 'basic',
      refreshes: true,
    },
    // https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow
    FACEBOOK: {
      flow: 'FACEBOOK',
      providerName: 'Facebook',
      clientVariables: ['FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET'],
      clientId: config.FACEBOOK_APP_ID,
      clientSecret: config.FACEBOOK_APP_SECRET,
      authorizeUrl: config.FACEBOOK_AUTHORIZE_URL,
      tokenUrl: `${graphApiUrl(config)}/oauth/access_token`,
      // read_insights and instagram_manage_insights: post metrics (views, clicks; reach, saves, shares)
      scopes: [
        'pages_show_list',
        'pages_read_engagement',
        'pages_manage_posts',
        'business_management',
        'read_insights',
        'instagram_basic',
        'instagram_content_publish',
        'instagram_manage_insights',
      ],
      authorizeParams: {},
      clientAuthentication: 'body',
      refreshes: false,
    },
    // https://developers.google.com/youtube/v3/guides/auth/server-side-web-apps
    YOUTUBE: {
      flow: 'YOUTUBE',
      providerName: 'Google',
      clientVariables: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
      clientId: config.GOOGLE_CLIENT_ID,
      clientSecret: config.GOOGLE_CLIENT_SECRET,
      authorizeUrl: config.GOOGLE_AUTHORIZE_URL,
      tokenUrl: config.GOOGLE_TOKEN_URL,
      // youtube.readonly: the channel, and the statistics of videos and channel
      scopes: ['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube.readonly'],
      // a refresh token comes only with offline access, and again on reconnect only with consent
      authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
      clientAuthentication: 'body',
      refreshes: true,
    },
    // https://learn.microsoft.com/linkedin/shared/authentication/authorization-code-flow
    LINKEDIN: {
      flow: 'LINKEDIN',
      providerName: 'LinkedIn',
      clientVariables: ['LINKEDIN_CLIENT_ID', 'LINKEDIN_CLIENT_SECRET'],
      clientId: config.LINKEDIN_CLIENT_ID,
      clientSecret: config.LINKEDIN_CLIENT_SECRET,
      authorizeUrl: config.LINKEDIN_AUTHORIZE_URL,
      tokenUrl: config.LINKEDIN_TOKEN_URL,
      // openid + profile: the member's id (userinfo `sub`), the author of their posts. Reading a
      // member's metrics (r_member_social, r_member_postAnalytics) needs LinkedIn products an app
      // must be approved for, and LinkedIn refuses the whole sign-in for a scope the app lacks.
      // The organization scopes (the Community Management API product) list, post as and read
      // the company pages the member administers.
      scopes: ['openid', 'profile', 'w_member_social', 'w_organization_social', 'r_organization_social', 'rw_organization_admin'],
      authorizeParams: {},
      clientAuthentication: 'body',
      // only apps LinkedIn approved for programmatic refresh get refresh tokens; used when given
      refreshes: true,
    },
    // https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions
    // https://developers.facebook.com/docs/threads/get-started/long-lived-tokens
    THREADS: {
      flow: 'THREADS',
      providerName: 'Threads',
      clientVariables: ['THREADS_APP_ID', 'THREADS_APP_SECRET'],
      clientId: config.THREADS_APP_ID,
      clientSecret: config.THREADS_APP_SECRET,
      authorizeUrl: config.THREADS_AUTHORIZE_URL,
      tokenUrl: `${config.THREADS_API_BASE_URL}/oauth/access_token`,
      // threads_manage_insights: views, likes, replies, reposts and quotes, and the follower count
      scopes: ['threads_basic', 'threads_content_publish', 'threads_manage_insights'],
      scopeSeparator: ',',
      authorizeParams: {},
      clientAuthentication: 'body',
      // the code gives a one-hour token, exchanged at connect for one of 60 days (lib/oauth/accounts.ts)
      // that refreshes itself while it is valid and at least a day old: a week before it expires
      refreshes: true,
      refreshWithinMs: 7 * 24 * 60 * 60 * 1000,
      accessTokenRefresh: { url: `${config.THREADS_API_BASE_URL}/refresh_access_token`, grantType: 'th_refresh_token' },
    },
    // https://github.com/reddit-archive/reddit/wiki/OAuth2
    REDDIT: {
      flow: 'REDDIT',
      providerName: 'Reddit',
      clientVariables: ['REDDIT_CLIENT_ID', 'REDDIT_CLIENT_SECRET'],
      clientId: config.REDDIT_CLIENT_ID,
      clientSecret: config.REDDIT_CLIENT_SECRET,
      authorizeUrl: config.REDDIT_AUTHORIZE_URL,
      tokenUrl: config.REDDIT_TOKEN_URL,
      // identity: the account; submit: posting; read: a post's score and comments; flair: the subreddit's flairs
      scopes: ['identity', 'submit', 'read', 'flair'],
      // permanent: a refresh token (access tokens last an hour)
      authorizeParams: { duration: 'permanent' },
      clientAuthentication: 'basic',
      refreshes: true,
      headers: { 'user-agent': config.REDDIT_USER_AGENT },
    },
    // https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/
    PINTEREST: {
      flow: 'PINTEREST',
      providerName: 'Pinterest',
      clientVariables: ['PINTEREST_APP_ID', 'PINTEREST_APP_SECRET'],
      clientId: config.PINTEREST_APP_ID,
      clientSecret: config.PINTEREST_APP_SECRET,
      authorizeUrl: config.PINTEREST_AUTHORIZE_URL,
      tokenUrl: `${config.PINTEREST_API_BASE_URL}/v5/oauth/token`,
      // boards:read: the composer's board list; pins:read: a pin's analytics; user_accounts:read: the account and its followers
      scopes: ['boards:read', 'pins:read', 'pins:write', 'user_accounts:read'],
      scopeSeparator: ',',
      authorizeParams: {},
      clientAuthentication: 'basic',
      // access tokens last 30 days, refresh tokens a year
      refreshes: true,
    },
    // https://developers.tiktok.com/doc/oauth-user-access-token-management
    TIKTOK: {
      flow: 'TIKTOK',
      providerName: 'TikTok',
      clientVariables: ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET'],
      clientId: config.TIKTOK_CLIENT_KEY,
      clientSecret: config.TIKTOK_CLIENT_SECRET,
      authorizeUrl: config.TIKTOK_AUTHORIZE_URL,
      tokenUrl: `${config.TIKTOK_API_BASE_URL}/v2/oauth/token/`,
      // user.info.basic: the name and avatar; video.publish: direct posts; video.upload: inbox uploads;
      // video.list: a post's counts; user.info.stats: the follower count
      scopes: ['user.info.basic', 'video.publish', 'video.upload', 'video.list', 'user.info.stats'],
      scopeSeparator: ',',
      authorizeParams: {},
      clientAuthentication: 'body',
      clientIdParameter: 'client_key',
      // access tokens last a day, refresh tokens a year
      refreshes: true,
    },
    // https://developers.google.com/my-business/content/implement-oauth: the Google client of YouTube's, its own grant
    GOOGLE_BUSINESS: {
      flow: 'GOOGLE_BUSINESS',
      providerName: 'Google',
      clientVariables: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
      clientId: config.GOOGLE_CLIENT_ID,
      clientSecret: config.GOOGLE_CLIENT_SECRET,
      authorizeUrl: config.GOOGLE_AUTHORIZE_URL,
      tokenUrl: config.GOOGLE_TOKEN_URL,
      scopes: ['https://www.googleapis.com/auth/business.manage'],
      authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
      clientAuthentication: 'body',
      refreshes: true,
    },
  };
}

export function isConfigured(provider: OAuthProvider): provider is OAuthProvider & { clientId: string; clientSecret: string } {
  return Boolean(provider.clientId && provider.clientSecret);
}
