import { z } from 'zod';
import { OAUTH_FLOWS, OAUTH_PLATFORMS, type OAuthFlow, type OAuthPlatform } from '../../lib/oauth/providers';
import { SLACK_CHANNEL_ID_PATTERN } from '../../platforms/slack';
import { TELEGRAM_CHANNEL_PATTERN } from '../../platforms/telegram';
import { AnalyticsQuerySchema } from '../analytics/schemas';

export const ConnectDemoSchema = z.object({
  platform: z.literal('demo'),
  /** a name for this demo feed; defaults to "Demo feed" */
  name: z.string().trim().min(1).max(100).optional(),
});

export const ConnectMastodonSchema = z.object({
  platform: z.literal('mastodon'),
  instanceUrl: z.url({ error: 'instanceUrl must be a URL such as https://mastodon.social' }),
  accessToken: z.string().trim().min(1, { error: 'accessToken is required: create one under Preferences → Development' }),
});

export const ConnectBlueskySchema = z.object({
  platform: z.literal('bluesky'),
  handle: z
    .string({ error: 'handle is required, e.g. alice.bsky.social' })
    .trim()
    .transform((handle) => handle.replace(/^@/, ''))
    .pipe(z.string().min(3, { error: 'handle is required, e.g. alice.bsky.social' }).max(253)),
  appPassword: z
    .string()
    .trim()
    .min(1, { error: 'appPassword is required: create one under Settings → Privacy and security → App passwords' }),
  /** the account's PDS; defaults to https://bsky.social */
  serviceUrl: z.url({ error: 'serviceUrl must be a URL such as https://bsky.social' }).optional(),
});

export const ConnectTelegramSchema = z.object({
  platform: z.literal('telegram'),
  botToken: z
    .string()
    .trim()
    // https://core.telegram.org/bots/api#authorizing-your-bot: "<bot id>:<secret>"
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, { error: 'botToken must be the token @BotFather gave, such as 123456789:AAH…' }),
  channel: z
    .string()
    .trim()
    // a public channel's link names it too
    .transform((channel) => channel.replace(/^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/([A-Za-z]\w+)\/?$/, '@$1'))
    .pipe(
      z
        .string()
        .regex(TELEGRAM_CHANNEL_PATTERN, { error: "channel must be the channel's @name or its numeric id, such as -1001234567890" }),
    ),
});

export const ConnectDiscordSchema = z.object({
  platform: z.literal('discord'),
  /** checked against DISCORD_API_BASE_URL's host by the service */
  webhookUrl: z.url({ error: "webhookUrl must be the channel webhook's URL, such as https://discord.com/api/webhooks/<id>/<token>" }),
  allowMentions: z
    .boolean({ error: 'allowMentions must be true or false' })
    .optional()
    .describe(
      "true lets posts ping: @everyone, @here, roles and members named in a post's text notify them. Unset or false, they are shown but notify nobody",
    ),
});

export const ConnectSlackSchema = z.object({
  platform: z.literal('slack'),
  botToken: z
    .string()
    .trim()
    .regex(/^xoxb-[A-Za-z0-9-]{10,}$/, {
      error: "botToken must be the Slack app's Bot User OAuth Token (xoxb-…), under OAuth & Permissions",
    }),
  channelId: z
    .string()
    .trim()
    .regex(SLACK_CHANNEL_ID_PATTERN, { error: "channelId must be the channel's id, such as C0123456789 (the channel's details → About)" }),
});

export const ConnectSchema = z.discriminatedUnion(
  'platform',
  [ConnectDemoSchema, ConnectMastodonSchema, ConnectBlueskySchema, ConnectTelegramSchema, ConnectDiscordSchema, ConnectSlackSchema],
  {
    error:
      'platform must be one of: demo, mastodon, bluesky, telegram, discord, slack (OAuth platforms connect through /connections/:platform/authorize)',
  },
);
export type ConnectInput = z.infer<typeof ConnectSchema>;

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
