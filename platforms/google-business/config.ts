// Google Business Profile's configuration (platforms/platform-config.ts); its Google OAuth
// client, shared with YouTube, is in platforms/shared-providers.config.ts.
import { z } from 'zod';
import { definePlatformConfig } from '../platform-config';

export const googleBusinessConfig = definePlatformConfig({
  variables: {
    GOOGLE_BUSINESS_API_BASE_URL: z
      .url()
      .default('https://mybusiness.googleapis.com')
      .describe("The Google Business Profile API v4 host, where a location's local posts are created."),
    GOOGLE_BUSINESS_ACCOUNT_MANAGEMENT_URL: z
      .url()
      .default('https://mybusinessaccountmanagement.googleapis.com')
      .describe('The My Business Account Management API, which lists the accounts a Google user manages (at connect).'),
    GOOGLE_BUSINESS_INFORMATION_URL: z
      .url()
      .default('https://mybusinessbusinessinformation.googleapis.com')
      .describe("The My Business Business Information API, which lists each account's locations (at connect)."),
  },
  // the Business Profile APIs: 300 queries a minute per project, and about 10 edits a minute per profile
  publishPace: { perSecond: 1, concurrency: 3 },
});
