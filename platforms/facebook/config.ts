// Facebook's configuration (platforms/platform-config.ts); its app and Graph API, shared with
// Instagram, are in platforms/shared-providers.config.ts.
import { z } from 'zod';
import { definePlatformConfig, PACED_BY_BUDGETS } from '../platform-config';

export const facebookConfig = definePlatformConfig({
  variables: {
    FACEBOOK_RUPLOAD_BASE_URL: z
      .url()
      .default('https://rupload.facebook.com')
      .describe("Meta's upload host, where Facebook Reels' and Stories' videos are uploaded (under FACEBOOK_GRAPH_API_VERSION)."),
  },
  publishPace: PACED_BY_BUDGETS,
});
