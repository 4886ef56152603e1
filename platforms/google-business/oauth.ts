// Google Business Profile's flow: YouTube's Google client (platforms/shared-providers.oauth.ts),
// its own grant; registered in platforms/oauth-flows.server.ts.
// https://developers.google.com/my-business/content/implement-oauth
import type { Config } from '../../lib/config';
import type { OAuthProvider } from '../../lib/oauth/providers';
import { googleOAuthClient } from '../shared-providers.oauth';

export function googleBusinessOAuthProvider(config: Config): OAuthProvider {
  return { ...googleOAuthClient(config), scopes: ['https://www.googleapis.com/auth/business.manage'] };
}
