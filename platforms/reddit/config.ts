// Reddit's configuration (platforms/platform-config.ts): its API and its OAuth app (docs/platforms.md, "Registering the OAuth apps").
import { z } from 'zod';
import { optionalSecret } from '../../lib/config-fields';
import { definePlatformConfig } from '../platform-config';

export const redditConfig = definePlatformConfig({
  variables: {
    REDDIT_API_BASE_URL: z
      .url()
      .default('https://oauth.reddit.com')
      .describe("Reddit's OAuth API host (submitting, reading posts, the account)."),
    REDDIT_USER_AGENT: z
      .string()
      .min(1)
      .default('web:planrrr:v1 (self-hosted social media scheduler)')
      .describe(
        'The User-Agent of every call to Reddit, which Reddit requires to be unique and descriptive: `<platform>:<app id>:<version> (by /u/<your Reddit username>)`.',
      ),
    REDDIT_CLIENT_ID: optionalSecret.describe(
      "Your Reddit app's client id (type *web app*); Reddit is offered once it and its secret are set.",
    ),
    REDDIT_CLIENT_SECRET: optionalSecret.describe("Your Reddit app's secret."),
    REDDIT_AUTHORIZE_URL: z.url().default('https://www.reddit.com/api/v1/authorize').describe("Reddit's OAuth 2 authorization endpoint."),
    REDDIT_TOKEN_URL: z.url().default('https://www.reddit.com/api/v1/access_token').describe("Reddit's OAuth 2 token endpoint."),
  },
  // 100 requests a minute per OAuth client, averaged over 10 minutes; a metrics read is one
  publishPace: { perSecond: 1, concurrency: 2 },
});
