// LinkedIn's configuration (platforms/platform-config.ts): its API and its OAuth app (docs/platforms.md, "Registering the OAuth apps").
import { z } from 'zod';
import { optionalSecret } from '../../lib/config-fields';
import { definePlatformConfig, PACED_BY_BUDGETS } from '../platform-config';

export const linkedinConfig = definePlatformConfig({
  variables: {
    LINKEDIN_API_BASE_URL: z
      .url()
      .default('https://api.linkedin.com')
      .describe("LinkedIn's versioned REST API (Posts, Images, Videos) and its OpenID userinfo."),
    LINKEDIN_API_VERSION: z
      .string()
      .regex(/^\d{6}$/, 'must be a LinkedIn API version such as 202610')
      .default('202610')
      .describe(
        'The `LinkedIn-Version` header (YYYYMM). LinkedIn serves each monthly version for about a year: move it forward before it is sunset.',
      ),
    LINKEDIN_CLIENT_ID: optionalSecret.describe("Your LinkedIn app's client id; LinkedIn is offered once it and its secret are set."),
    LINKEDIN_CLIENT_SECRET: optionalSecret.describe("Your LinkedIn app's client secret."),
    LINKEDIN_AUTHORIZE_URL: z
      .url()
      .default('https://www.linkedin.com/oauth/v2/authorization')
      .describe("LinkedIn's OAuth 2.0 authorization endpoint."),
    LINKEDIN_TOKEN_URL: z.url().default('https://www.linkedin.com/oauth/v2/accessToken').describe("LinkedIn's OAuth 2.0 token endpoint."),
  },
  publishPace: PACED_BY_BUDGETS,
});
