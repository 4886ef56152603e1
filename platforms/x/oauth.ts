// X's OAuth 2 app (platforms/oauth-flows.server.ts registers it).
// https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token
import type { Config } from '../../lib/config';
import type { OAuthProvider } from '../../lib/oauth/providers';

export function xOAuthProvider(config: Config): OAuthProvider {
  return {
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
  };
}
