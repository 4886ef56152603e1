// Threads' OAuth 2 app, its own (not Meta's Facebook app); registered in platforms/oauth-flows.server.ts.
// https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions
// https://developers.facebook.com/docs/threads/get-started/long-lived-tokens
import type { Config } from '../../lib/config';
import type { OAuthProvider } from '../../lib/oauth/providers';

export function threadsOAuthProvider(config: Config): OAuthProvider {
  return {
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
    // the code gives a one-hour token, exchanged at connect for one of 60 days (platforms/threads/accounts.server.ts)
    // that refreshes itself while it is valid and at least a day old: a week before it expires
    refreshes: true,
    refreshWithinMs: 7 * 24 * 60 * 60 * 1000,
    accessTokenRefresh: { url: `${config.THREADS_API_BASE_URL}/refresh_access_token`, grantType: 'th_refresh_token' },
  };
}
