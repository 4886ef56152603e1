// Bluesky's configuration (platforms/platform-config.ts).
import { z } from 'zod';
import { definePlatformConfig, PACED_BY_BUDGETS } from '../platform-config';

export const blueskyConfig = definePlatformConfig({
  variables: {
    BLUESKY_DEFAULT_SERVICE_URL: z
      .url()
      .default('https://bsky.social')
      .describe('The PDS of Bluesky accounts connected without a `serviceUrl`.'),
  },
  publishPace: PACED_BY_BUDGETS,
});
