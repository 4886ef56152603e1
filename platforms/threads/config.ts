// Threads' configuration (platforms/platform-config.ts): its API and its own Meta app id (docs/platforms.md, "Registering the OAuth apps").
import { z } from 'zod';
import { optionalSecret } from '../../lib/config-fields';
import { definePlatformConfig, PACED_BY_BUDGETS } from '../platform-config';

export const threadsConfig = definePlatformConfig({
  variables: {
    THREADS_API_BASE_URL: z
      .url()
      .default('https://graph.threads.net')
      .describe('The Threads API: publishing, insights, the account, and its OAuth token endpoints.'),
    THREADS_API_VERSION: z
      .string()
      .regex(/^v\d+\.\d+$/, 'must look like v1.0')
      .default('v1.0')
      .describe('The Threads API version in its paths.'),
    THREADS_APP_ID: optionalSecret.describe(
      "Your Meta app's Threads app id (App settings → Basic of the Threads use case); Threads is offered once it and its secret are set.",
    ),
    THREADS_APP_SECRET: optionalSecret.describe("Your Meta app's Threads app secret."),
    THREADS_AUTHORIZE_URL: z
      .url()
      .default('https://threads.net/oauth/authorize')
      .describe("Threads' authorization window (its token endpoints are on `THREADS_API_BASE_URL`)."),
  },
  // video containers are polled until ready
  publishPace: PACED_BY_BUDGETS,
});
