// TikTok's configuration (platforms/platform-config.ts): its API and its OAuth app (docs/platforms.md, "Registering the OAuth apps").
import { z } from 'zod';
import { optionalSecret } from '../../lib/config-fields';
import { definePlatformConfig } from '../platform-config';

export const tiktokConfig = definePlatformConfig({
  variables: {
    TIKTOK_API_BASE_URL: z
      .url()
      .default('https://open.tiktokapis.com')
      .describe('The TikTok API v2: the Content Posting API, the user, and the OAuth token endpoint.'),
    TIKTOK_CLIENT_KEY: optionalSecret.describe("Your TikTok app's client key; TikTok is offered once it and its secret are set."),
    TIKTOK_CLIENT_SECRET: optionalSecret.describe("Your TikTok app's client secret."),
    TIKTOK_AUTHORIZE_URL: z
      .url()
      .default('https://www.tiktok.com/v2/auth/authorize/')
      .describe("TikTok's authorization page (its token endpoint is on `TIKTOK_API_BASE_URL`)."),
  },
  // per user token: 6 video inits a minute, 20 creator_info queries, 30 status reads; uploads are long
  publishPace: { perSecond: 1, concurrency: 3 },
});
