// Pinterest's OAuth 2 app (platforms/oauth-flows.server.ts registers it).
// https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/
import type { Config } from '../../lib/config';
import type { OAuthProvider } from '../../lib/oauth/providers';

export function pinterestOAuthProvider(config: Config): OAuthProvider {
  return {
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
  };
}
