// Discord channel webhooks, as planrrr calls them: how Discord's answers map to
// PublishErrors, the shape of a webhook URL, and the check made when a webhook is connected
// (GET on it: which server, channel, name and picture). The publisher
// (platforms/discord/publisher.server.ts) executes the same webhook.
// https://discord.com/developers/docs/resources/webhook
import { z } from 'zod';
import { PublishError } from '../../lib/platforms/errors';
import { firstString, platformFetch, readJson, type PlatformApi } from '../../lib/platforms/http';
import type { TokenAccountCheck, TokenConnectInput } from '../token-accounts.server';
import type { discordConnect } from './connect';

// https://discord.com/developers/docs/reference#error-messages: {code, message, errors?}, the
// field errors nested as {<field>: {_errors: [{code, message}]}}
const DiscordErrorSchema = z.object({ code: z.number().int().optional(), message: z.string(), errors: z.unknown().optional() });

/** The first `_errors` message in Discord's nested field errors, with the path to it. */
function firstFieldError(errors: unknown, path: string[] = []): string | undefined {
  if (typeof errors !== 'object' || errors === null) return undefined;
  for (const [key, value] of Object.entries(errors)) {
    if (key === '_errors' && Array.isArray(value)) {
      const message = z.object({ message: z.string() }).safeParse(value[0]);
      if (message.success) return `${path.join('.')}: ${message.data.message}`;
    }
    const nested = firstFieldError(value, [...path, key]);
    if (nested) return nested;
  }
  return undefined;
}

export const discordApi: PlatformApi = {
  name: 'Discord',
  errorDetail: (body) =>
    firstString(body, (json) => {
      const error = DiscordErrorSchema.safeParse(json);
      if (!error.success) return undefined;
      const field = firstFieldError(error.data.errors);
      return `${error.data.message}${error.data.code === undefined ? '' : ` (code ${error.data.code})`}${field ? `: ${field}` : ''}`;
    }),
  // a deleted webhook answers 404 "Unknown Webhook" (code 10015): the account must be connected again
  classify: (status, detail) =>
    status === 404
      ? new PublishError('AUTH_FAILED', `Discord answered 404: ${detail} (the webhook was deleted)`, undefined, 404)
      : undefined,
  // https://discord.com/developers/docs/topics/rate-limits#header-format: seconds, with decimals
  rateLimitResetMs: (headers) => {
    const seconds = Number(headers.get('x-ratelimit-reset-after'));
    return headers.get('x-ratelimit-reset-after') && Number.isFinite(seconds) ? Math.ceil(seconds * 1000) : undefined;
  },
};

/** A channel webhook's path: `/api/webhooks/<id>/<token>` (optionally versioned, `/api/v10/…`). */
const WEBHOOK_PATH = /^\/api\/(?:v\d+\/)?webhooks\/(\d{15,25})\/([A-Za-z0-9_-]{20,100})\/?$/;

/** The hosts Discord's apps copy webhook URLs from: the older domain and the test clients' hosts name the same webhook. */
const DISCORD_WEB_HOSTS = new Set(['discord.com', 'discordapp.com', 'canary.discord.com', 'ptb.discord.com']);

/**
 * The webhook URL as planrrr keeps it (on `baseUrl`, unversioned, no query), when `url` is a
 * channel webhook on `baseUrl`'s host or one of Discord's own; undefined otherwise.
 */
export function discordWebhookUrl(url: string, baseUrl: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const match = WEBHOOK_PATH.exec(parsed.pathname);
  const onDiscord = parsed.origin === new URL(baseUrl).origin || (parsed.protocol === 'https:' && DISCORD_WEB_HOSTS.has(parsed.hostname));
  if (!match || !onDiscord) return undefined;
  return new URL(`/api/webhooks/${match[1]}/${match[2]}`, baseUrl).toString();
}

// https://discord.com/developers/docs/resources/webhook#webhook-object (type 1: an incoming webhook)
const WebhookSchema = z.object({
  id: z.string(),
  type: z.number().int(),
  guild_id: z.string().nullish(),
  channel_id: z.string().nullable(),
  name: z.string().nullable(),
  avatar: z.string().nullable(),
});
export type DiscordWebhook = z.infer<typeof WebhookSchema>;

/** Checks a webhook URL when it is connected (GET needs no other authorization than its token). */
export async function verifyDiscordWebhook(webhookUrl: string) {
  const webhook = await readJson(discordApi, await platformFetch(discordApi, webhookUrl), WebhookSchema, 'webhook');
  const { guild_id: guildId, channel_id: channelId } = webhook;
  if (webhook.type !== 1 || !channelId || !guildId) {
    throw new PublishError(
      'AUTH_FAILED',
      "That Discord webhook is not a server channel's webhook (create one under the channel's Integrations)",
    );
  }
  return { ...webhook, guildId, channelId };
}

/** The webhook's picture on Discord's CDN; undefined when it uses Discord's default. https://discord.com/developers/docs/reference#image-formatting */
export function discordWebhookAvatarUrl(webhook: Pick<DiscordWebhook, 'id' | 'avatar'>, cdnBaseUrl: string): string | undefined {
  return webhook.avatar ? new URL(`/avatars/${webhook.id}/${webhook.avatar}.png?size=128`, cdnBaseUrl).toString() : undefined;
}

/** Connecting a channel: a GET on its webhook, which names its server, channel, name and picture. */
export const checkDiscordAccount: TokenAccountCheck<TokenConnectInput<typeof discordConnect>> = async (input, context) => {
  const { DISCORD_API_BASE_URL: baseUrl, DISCORD_CDN_BASE_URL: cdnBaseUrl } = context.config;
  const webhookUrl = discordWebhookUrl(input.webhookUrl, baseUrl);
  if (!webhookUrl) {
    throw context.invalid(
      'webhookUrl',
      `must be a channel webhook URL such as ${new URL('/api/webhooks/<id>/<token>', baseUrl).toString()} (the channel's Integrations → Webhooks → Copy Webhook URL)`,
    );
  }
  const webhook = await context.verify(verifyDiscordWebhook(webhookUrl), { origin: 'Discord', field: 'webhookUrl', what: 'webhook URL' });
  const name = webhook.name ?? `Webhook ${webhook.id}`;
  return {
    // the channel, not the webhook: a new webhook for the channel (the old one deleted) reconnects it
    platformAccountId: `${webhook.guildId}/${webhook.channelId}`,
    handle: name,
    displayName: name,
    credentials: { webhookUrl, guildId: webhook.guildId, ...(input.allowMentions ? { allowMentions: true } : {}) },
    avatarUrl: () => Promise.resolve(discordWebhookAvatarUrl(webhook, cdnBaseUrl)),
  };
};
