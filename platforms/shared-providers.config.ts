// OAuth apps and APIs that several platforms share, so that one registration serves them all:
// Google's OAuth client (YouTube and Google Business Profile) and Meta's app with its Graph
// API (Facebook and Instagram; Threads has an app id of its own, in platforms/threads/config.ts).
// platforms/configs.ts adds them to the platforms' variables.
import { z } from 'zod';
import { optionalSecret } from '../lib/config-fields';

export const GOOGLE_OAUTH_VARIABLES = {
  GOOGLE_CLIENT_ID: optionalSecret.describe(
    "Your Google OAuth client's id; YouTube and Google Business Profile are offered once it and its secret are set.",
  ),
  GOOGLE_CLIENT_SECRET: optionalSecret.describe("Your Google OAuth client's secret."),
  GOOGLE_AUTHORIZE_URL: z
    .url()
    .default('https://accounts.google.com/o/oauth2/v2/auth')
    .describe("Google's OAuth 2.0 authorization endpoint."),
  GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token').describe("Google's OAuth 2.0 token endpoint."),
};

export const META_APP_VARIABLES = {
  FACEBOOK_APP_ID: optionalSecret.describe("Your Meta app's id; Facebook and Instagram are offered once it and its secret are set."),
  FACEBOOK_APP_SECRET: optionalSecret.describe("Your Meta app's secret."),
  FACEBOOK_AUTHORIZE_URL: z
    .url()
    .default('https://www.facebook.com/v26.0/dialog/oauth')
    .describe("Facebook Login's authorization dialog (its token endpoint is on `FACEBOOK_GRAPH_BASE_URL`)."),
  FACEBOOK_GRAPH_BASE_URL: z
    .url()
    .default('https://graph.facebook.com')
    .describe("The Graph API Facebook and Instagram publish through (also connecting pages, and Facebook's OAuth token endpoint)."),
  FACEBOOK_GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v26.0')
    .default('v26.0')
    .describe('The Graph API version. Meta supports each version for about two years: move it forward before it expires.'),
};
