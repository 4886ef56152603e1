// TikTok's OAuth 2 app (platforms/oauth-flows.server.ts registers it).
// https://developers.tiktok.com/doc/oauth-user-access-token-management
import type { Config } from '../../lib/config';
import type { OAuthProvider } from '../../lib/oauth/providers';

export function tiktokOAuthProvider(config: Config): OAuthProvider {
  return {
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
  };
}
