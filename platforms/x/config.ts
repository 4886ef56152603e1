// X's configuration (platforms/platform-config.ts): its API and its OAuth app (docs/platforms.md, "Registering the OAuth apps").
import { z } from 'zod';
import { optionalSecret } from '../../lib/config-fields';
import { definePlatformConfig, PACED_BY_BUDGETS } from '../platform-config';

export const xConfig = definePlatformConfig({
  variables: {
    X_API_BASE_URL: z.url().default('https://api.x.com').describe('X API v2 (posts and media upload); tests point it at a local fake.'),
    X_CLIENT_ID: optionalSecret.describe(
      'The OAuth 2.0 client id of your X app (not the API key); X is offered once it and its secret are set.',
    ),
    X_CLIENT_SECRET: optionalSecret.describe('The OAuth 2.0 client secret of your X app.'),
    X_AUTHORIZE_URL: z.url().default('https://x.com/i/oauth2/authorize').describe("X's OAuth 2.0 authorization endpoint."),
    X_TOKEN_URL: z.url().default('https://api.x.com/2/oauth2/token').describe("X's OAuth 2.0 token endpoint."),
  },
  publishPace: PACED_BY_BUDGETS,
});
