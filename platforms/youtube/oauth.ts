// YouTube's flow, through Google's OAuth client (platforms/shared-providers.oauth.ts), registered
// in platforms/oauth-flows.server.ts.
// https://developers.google.com/youtube/v3/guides/auth/server-side-web-apps
import type { Config } from '../../lib/config';
import type { OAuthProvider } from '../../lib/oauth/providers';
import { googleOAuthClient } from '../shared-providers.oauth';

export function youtubeOAuthProvider(config: Config): OAuthProvider {
  return {
    ...googleOAuthClient(config),
    // youtube.readonly: the channel, and the statistics of videos and channel
    scopes: ['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube.readonly'],
  };
}
