// Slack's Web API, as planrrr calls it with a Slack app's bot token: one call that maps
// Slack's answers to PublishErrors (Slack answers most refusals HTTP 200 with
// `{ok:false, error}`), and the checks made when a channel is connected. The publisher
// (platforms/slack/publisher.server.ts) posts through the same call.
// https://docs.slack.dev/apis/web-api/#responses https://docs.slack.dev/apis/web-api/rate-limits
import { z } from 'zod';
import { parseRetryAfter, PublishError, publishErrorFromResponse } from '../../lib/platforms/errors';
import { fetchWithinDeadline } from '../../lib/platforms/http';
import type { TokenAccountCheck, TokenConnectInput } from '../token-accounts.server';
import type { slackConnect } from './connect';

const SlackAnswerSchema = z.object({ ok: z.boolean(), error: z.string().optional(), needed: z.string().optional() });

/** Slack's error codes that reconnecting fixes: the token, the app's scopes, or its place in the channel. */
const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
  'missing_scope',
  'no_permission',
  'team_access_not_granted',
  'not_in_channel',
  'channel_not_found',
  'is_archived',
]);
/** Slack's own trouble: trying again helps. */
const UNAVAILABLE_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** The error an `{ok:false, error}` answer means; anything not listed is about the content (`msg_too_long`, `no_text`…). */
export function slackError(method: string, error: string, needed?: string, retryAfterMs?: number): PublishError {
  const message = `Slack refused ${method}: ${error}${needed ? ` (needs the ${needed} scope)` : ''}`;
  if (error === 'ratelimited') return new PublishError('RATE_LIMITED', message, retryAfterMs, 429);
  if (AUTH_ERRORS.has(error)) return new PublishError('AUTH_FAILED', message);
  if (UNAVAILABLE_ERRORS.has(error)) return new PublishError('PLATFORM_UNAVAILABLE', message);
  return new PublishError('CONTENT_REJECTED', message);
}

/**
 * Calls one Web API method (form-encoded, which every method takes) and answers its body
 * parsed with `schema`. An HTTP 429 is a rate limit after its Retry-After.
 */
export async function slackCall<S extends z.ZodType>(
  baseUrl: string,
  botToken: string,
  method: string,
  params: Record<string, string | number | boolean>,
  schema: S,
): Promise<z.infer<S>> {
  const body = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
  const response = await fetchWithinDeadline('Slack', new URL(`/api/${method}`, baseUrl), {
    method: 'POST',
    headers: { Authorization: `Bearer ${botToken}` },
    body,
  });
  const json: unknown = await response.json().catch(() => undefined);
  const answer = SlackAnswerSchema.safeParse(json);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  if (!response.ok) {
    if (response.status === 429) throw slackError(method, 'ratelimited', undefined, retryAfterMs);
    throw publishErrorFromResponse('Slack', response.status, response.headers, answer.data?.error ?? method);
  }
  if (!answer.success) throw new PublishError('INVALID_RESPONSE', `Slack answered ${method} with an unexpected shape`);
  if (!answer.data.ok) throw slackError(method, answer.data.error ?? 'unknown_error', answer.data.needed, retryAfterMs);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new PublishError('INVALID_RESPONSE', `Slack answered ${method} with an unexpected shape`);
  return parsed.data;
}

// https://docs.slack.dev/reference/methods/auth.test
const AuthTestSchema = z.object({ team: z.string(), team_id: z.string(), user: z.string().optional(), bot_id: z.string().optional() });
// https://docs.slack.dev/reference/methods/conversations.info
const ConversationSchema = z.object({
  channel: z.object({
    id: z.string(),
    name: z.string(),
    is_member: z.boolean().optional(),
    is_archived: z.boolean().optional(),
    num_members: z.number().int().nonnegative().optional(),
  }),
});

/** The channel with its member count (conversations.info with include_num_members). */
export async function slackChannelInfo(baseUrl: string, botToken: string, channelId: string) {
  return (await slackCall(baseUrl, botToken, 'conversations.info', { channel: channelId, include_num_members: true }, ConversationSchema))
    .channel;
}

/** Checks a bot token when it is connected (auth.test): an app's bot, and its workspace. */
export async function verifySlackBot(baseUrl: string, botToken: string) {
  const workspace = await slackCall(baseUrl, botToken, 'auth.test', {}, AuthTestSchema);
  if (!workspace.bot_id) throw new PublishError('AUTH_FAILED', 'That Slack token is not the bot token (xoxb-…) of an app');
  return workspace;
}

/**
 * Checks the channel when it is connected (conversations.info): it exists, is not archived,
 * and has the app as a member, as chat.postMessage and files.completeUploadExternal need.
 */
export async function verifySlackChannel(baseUrl: string, botToken: string, channelId: string) {
  const channel = await slackChannelInfo(baseUrl, botToken, channelId);
  if (channel.is_archived) throw new PublishError('AUTH_FAILED', `#${channel.name} is archived`);
  if (!channel.is_member)
    throw new PublishError('AUTH_FAILED', `The app is not in #${channel.name}: add it there first (/invite @ the app)`);
  return channel;
}

/**
 * Connecting a channel: auth.test (an app's bot token, and its workspace) and
 * conversations.info (the channel, with the app in it). Slack gives these scopes no
 * picture: the account shows its initials.
 */
export const checkSlackAccount: TokenAccountCheck<TokenConnectInput<typeof slackConnect>> = async (input, context) => {
  const baseUrl = context.config.SLACK_API_BASE_URL;
  const workspace = await context.verify(verifySlackBot(baseUrl, input.botToken), {
    origin: 'Slack',
    field: 'botToken',
    what: 'bot token',
  });
  const channel = await context.verify(verifySlackChannel(baseUrl, input.botToken, input.channelId), {
    origin: 'Slack',
    field: 'channelId',
    what: 'channel',
  });
  return {
    platformAccountId: `${workspace.team_id}/${channel.id}`,
    handle: `#${channel.name}`,
    // the workspace, then the channel: "planrrr #announcements"
    displayName: workspace.team,
    credentials: { botToken: input.botToken, channelId: channel.id },
  };
};
