// Reddit's OAuth 2 app (platforms/oauth-flows.server.ts registers it).
// https://github.com/reddit-archive/reddit/wiki/OAuth2
import type { Config } from '../../lib/config';
import type { OAuthProvider } from '../../lib/oauth/providers';

export function redditOAuthProvider(config: Config): OAuthProvider {
  return {
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
  };
}
