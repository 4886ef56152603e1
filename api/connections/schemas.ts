import { z } from 'zod';
import { OAUTH_FLOWS, OAUTH_PLATFORMS, type OAuthFlow } from '../../platforms/oauth-flows.server';
import type { OAuthPlatform, TokenPlatform } from '../../domain/post';
import { TOKEN_CONNECTS } from '../../platforms';
import { AnalyticsQuerySchema } from '../analytics/schemas';

export const ConnectDemoSchema = z.object({
  platform: z.literal('demo'),
  /** a name for this demo feed; defaults to "Demo feed" */
  name: z.string().trim().min(1).max(100).optional(),
});

/** A token platform's connect body: its slug beside the fields of its form (platforms/<name>/connect.ts). */
const TOKEN_CONNECT_SCHEMAS: z.ZodObject[] = TOKEN_CONNECTS.map(({ slug, schema }) =>
  z.object({ platform: z.literal(slug), ...schema.shape }),
);

const CONNECT_PLATFORM_SLUGS = ['demo', ...TOKEN_CONNECTS.map(({ slug }) => slug)];

/** A token platform's slug, with what its connect form's schema parsed (its credential check reads it). */
export type TokenConnectBody = { platform: Lowercase<TokenPlatform> } & Record<string, unknown>;
export type ConnectInput = z.output<typeof ConnectDemoSchema> | TokenConnectBody;

export const ConnectSchema: z.ZodType<ConnectInput> = z.discriminatedUnion('platform', [ConnectDemoSchema, ...TOKEN_CONNECT_SCHEMAS], {
  error: `platform must be one of: ${CONNECT_PLATFORM_SLUGS.join(', ')} (OAuth platforms connect through /connections/:platform/authorize)`,
}) as z.ZodType<ConnectInput>;

export const AvatarQuerySchema = z.object({
  /** the picture's version (avatarUrl carries it) so that a reconnect's new picture is not served from a cache; any value answers the current one */
  v: z.string().max(40).optional(),
});

const OAUTH_PLATFORM_SLUGS = (Object.keys(OAUTH_PLATFORMS) as OAuthPlatform[]).map((platform) => platform.toLowerCase());
const OAUTH_FLOW_SLUGS = OAUTH_FLOWS.map((flow) => flow.toLowerCase());

/** The platforms connected through OAuth, by their path segment (`/connections/x/authorize`). */
export const OAuthPlatformParamsSchema = z.object({
  platform: z
    .enum(OAUTH_PLATFORM_SLUGS, {
      error: `platform must be one of: ${OAUTH_PLATFORM_SLUGS.join(', ')} (demo and mastodon connect with POST /connections)`,
    })
    .transform((slug) => slug.toUpperCase() as OAuthPlatform),
});

/** Callbacks arrive per provider: Instagram accounts connect through Facebook's. */
export const OAuthCallbackParamsSchema = z.object({
  platform: z
    .enum(OAUTH_FLOW_SLUGS, { error: `platform must be one of: ${OAUTH_FLOW_SLUGS.join(', ')}` })
    .transform((slug) => slug.toUpperCase() as OAuthFlow),
});

export const AuthorizeQuerySchema = z.object({
  /** a path in the web app to come back to (default /connections); never another site */
  returnTo: z
    .string()
    .regex(/^\/(?![/\\])[^\s]*$/, { error: 'returnTo must be a path in this app, such as /connections' })
    .max(500)
    .optional(),
});

/** RFC 6749 §4.1.2: `code` and `state`, or `error` (e.g. access_denied) and `state`. */
export const OAuthCallbackQuerySchema = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
export type OAuthCallbackQuery = z.infer<typeof OAuthCallbackQuerySchema>;

/** GET /connections/:id/followers: the analytics range, over the UTC days the counts belong to. */
export const FollowersQuerySchema = AnalyticsQuerySchema.pick({ from: true, to: true });
export type FollowersQuery = z.infer<typeof FollowersQuerySchema>;

/** GET /connections/:id/reddit/flairs: the subreddit whose flairs to list. */
export const RedditFlairsQuerySchema = z.object({
  subreddit: z
    .string({ error: 'subreddit is required' })
    .trim()
    .transform((name) => name.replace(/^\/?r\//i, ''))
    .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_]{2,20}$/, { error: 'subreddit must be a subreddit name such as r/planrrr' })),
});

export const SetSignatureSchema = z.object({
  signature: z
    .string({ error: 'signature must be text, or null to remove it' })
    .trim()
    .max(1_000, { error: 'signature must be at most 1,000 characters' })
    .nullable()
    // an empty signature is no signature
    .transform((signature) => signature || null)
    .describe("appended to the account's text, after a blank line, when a post is created for it; null or empty removes it"),
});
