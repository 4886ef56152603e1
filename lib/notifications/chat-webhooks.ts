// A team's Slack and Discord incoming webhooks for notifications: which URLs are accepted,
// and how one notification is posted to each. The URLs must be on Slack's or Discord's
// host (an operator's setting, which tests point at fakes), so no address a user chooses is
// ever called. https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks
// https://discord.com/developers/docs/resources/webhook#execute-webhook
import type { ChatWebhookPlatform } from '../../prisma/generated/client';
import { discordApi, discordWebhookUrl } from '../../platforms/discord/api.server';
import { firstString, platformFetch, type PlatformApi } from '../platforms/http';

export interface ChatWebhookHosts {
  slackWebhooksBaseUrl: string;
  discordApiBaseUrl: string;
}

/** An incoming webhook's path: `/services/<workspace>/<bot>/<secret>`. */
const SLACK_WEBHOOK_PATH = /^\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+$/;

/** The webhook URL as planrrr keeps it, when `url` is an incoming webhook of `platform`; undefined otherwise. */
export function chatWebhookUrl(platform: ChatWebhookPlatform, url: string, hosts: ChatWebhookHosts): string | undefined {
  if (platform === 'DISCORD') return discordWebhookUrl(url, hosts.discordApiBaseUrl);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const onSlack = parsed.origin === new URL(hosts.slackWebhooksBaseUrl).origin;
  return onSlack && SLACK_WEBHOOK_PATH.test(parsed.pathname) ? new URL(parsed.pathname, hosts.slackWebhooksBaseUrl).toString() : undefined;
}

/** What the list shows of a webhook URL, which is its own secret: the host and the last characters. */
export function chatWebhookUrlHint(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}/…${parsed.pathname.slice(-4)}`;
}

/** Slack answers an incoming webhook's refusals in plain words (`no_service`, `invalid_payload`). */
const slackWebhookApi: PlatformApi = {
  name: 'Slack',
  errorDetail: (body) => firstString(body, () => undefined),
};

/** Slack's mrkdwn control characters: https://docs.slack.dev/messaging/formatting-message-text#escaping */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface ChatMessage {
  title: string;
  link: string;
}

/** The body each platform takes: a linked line on Slack; on Discord the title and the link, pinging no one. */
export function chatMessageBody(platform: ChatWebhookPlatform, message: ChatMessage): unknown {
  if (platform === 'SLACK') return { text: `<${message.link}|${slackEscape(message.title)}>` };
  return { content: `${message.title}\n${message.link}`, allowed_mentions: { parse: [] } };
}

/** Posts one message; a refusal or failure is thrown as the PublishError it means. */
export async function postChatMessage(platform: ChatWebhookPlatform, url: string, message: ChatMessage): Promise<void> {
  const response = await platformFetch(platform === 'SLACK' ? slackWebhookApi : discordApi, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(chatMessageBody(platform, message)),
  });
  // the answer ("ok", or nothing) is not read: its connection goes back to the pool
  await response.body?.cancel();
}
