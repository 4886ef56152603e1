// OAuth clients that several flows share: Google's, through which YouTube and Google Business
// Profile each run a flow of their own (their own scopes, one grant each), with the client
// variables of platforms/shared-providers.config.ts. Meta's app is one flow that connects two
// platforms instead: platforms/facebook/oauth.ts.
import type { Config } from '../lib/config';
import type { OAuthProvider } from '../lib/oauth/providers';

/** Google's OAuth client without its scopes: each flow asks for its own. */
export function googleOAuthClient(config: Config): Omit<OAuthProvider, 'scopes'> {
  return {
    providerName: 'Google',
    clientVariables: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
    clientId: config.GOOGLE_CLIENT_ID,
    clientSecret: config.GOOGLE_CLIENT_SECRET,
    authorizeUrl: config.GOOGLE_AUTHORIZE_URL,
    tokenUrl: config.GOOGLE_TOKEN_URL,
    // a refresh token comes only with offline access, and again on reconnect only with consent
    authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    clientAuthentication: 'body',
    refreshes: true,
  };
}
