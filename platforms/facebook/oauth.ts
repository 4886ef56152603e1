// Meta's app, through Facebook Login: one grant connects Facebook Pages and the Instagram
// business accounts linked to them (platforms/oauth-flows.server.ts registers it as the
// FACEBOOK flow, which connects INSTAGRAM too; Instagram's folder has no flow of its own).
// https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow
import { graphApiUrl, type Config } from '../../lib/config';
import type { OAuthProvider } from '../../lib/oauth/providers';

export function metaOAuthProvider(config: Config): OAuthProvider {
  return {
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
    // page tokens from a long-lived user token do not expire (platforms/facebook/accounts.server.ts)
    refreshes: false,
  };
}
