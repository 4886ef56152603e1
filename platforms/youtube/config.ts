// YouTube's configuration (platforms/platform-config.ts); its Google OAuth client, shared with
// Google Business Profile, is in platforms/shared-providers.config.ts.
import { z } from 'zod';
import { definePlatformConfig } from '../platform-config';

export const youtubeConfig = definePlatformConfig({
  variables: {
    YOUTUBE_API_BASE_URL: z
      .url()
      .default('https://www.googleapis.com')
      .describe("Google's API host for the YouTube Data API v3 (uploads and metadata)."),
  },
  // resumable video uploads, and a daily quota per project that the budget counts
  publishPace: { perSecond: 1, concurrency: 3 },
});
