// Pinterest's configuration (platforms/platform-config.ts): its API and its OAuth app (docs/platforms.md, "Registering the OAuth apps").
import { z } from 'zod';
import { optionalSecret } from '../../lib/config-fields';
import { definePlatformConfig } from '../platform-config';

export const pinterestConfig = definePlatformConfig({
  variables: {
    PINTEREST_API_BASE_URL: z
      .url()
      .default('https://api.pinterest.com')
      .describe('The Pinterest API v5: pins, boards, the account, and the OAuth token endpoint.'),
    PINTEREST_APP_ID: optionalSecret.describe("Your Pinterest app's id; Pinterest is offered once it and its secret are set."),
    PINTEREST_APP_SECRET: optionalSecret.describe("Your Pinterest app's secret key."),
    PINTEREST_AUTHORIZE_URL: z
      .url()
      .default('https://www.pinterest.com/oauth/')
      .describe("Pinterest's OAuth authorization page (its token endpoint is on `PINTEREST_API_BASE_URL`)."),
  },
  // pin creation: 10 calls a second per user and app (Pinterest's "write" category)
  publishPace: { perSecond: 2, concurrency: 5 },
});
