// LinkedIn's OAuth 2 app (platforms/oauth-flows.server.ts registers it).
// https://learn.microsoft.com/linkedin/shared/authentication/authorization-code-flow
import type { Config } from '../../lib/config';
import type { OAuthProvider } from '../../lib/oauth/providers';

export function linkedinOAuthProvider(config: Config): OAuthProvider {
  return {
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
  };
}
