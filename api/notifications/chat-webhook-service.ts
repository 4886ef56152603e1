// A team's Slack and Discord incoming webhooks that notifications are posted to
// (lib/notifications/notify.ts): added by an admin with the kinds each wants, listed with
// only a hint of the URL (the URL is the webhook's own secret, stored encrypted), deleted.
import { encryptSecret } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { chatWebhookUrl, chatWebhookUrlHint, type ChatWebhookHosts } from '../../lib/notifications/chat-webhooks';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import type { CreateChatWebhookInput } from './schemas';

const CHAT_WEBHOOK_FIELDS = { id: true, platform: true, name: true, urlHint: true, kinds: true, createdAt: true } as const;

const URL_EXAMPLES = {
  SLACK: 'https://hooks.slack.com/services/T…/B…/…',
  DISCORD: 'https://discord.com/api/webhooks/<id>/<token>',
} as const;

export function createChatWebhookService(deps: { db: Db; audit: AuditLog; encryptionKey: string; hosts: ChatWebhookHosts }) {
  const { db } = deps;

  return {
    async create(actor: Actor, input: CreateChatWebhookInput) {
      const url = chatWebhookUrl(input.platform, input.url, deps.hosts);
      if (!url) {
        throw problems.validation([
          {
            field: 'body.url',
            message: `must be an incoming webhook URL of ${input.platform === 'SLACK' ? 'Slack' : 'Discord'}, such as ${URL_EXAMPLES[input.platform]}`,
          },
        ]);
      }
      const webhook = await db.chatWebhook.create({
        data: {
          teamId: actor.teamId,
          platform: input.platform,
          name: input.name,
          kinds: input.kinds,
          encryptedUrl: encryptSecret(url, deps.encryptionKey),
          urlHint: chatWebhookUrlHint(url),
        },
        select: CHAT_WEBHOOK_FIELDS,
      });
      await deps.audit.record(actor, 'chat_webhook.created', {
        entityType: 'chat_webhook',
        entityId: webhook.id,
        details: { platform: webhook.platform, name: webhook.name, kinds: webhook.kinds },
      });
      return webhook;
    },

    list(actor: Actor) {
      return db.chatWebhook.findMany({ where: { teamId: actor.teamId }, select: CHAT_WEBHOOK_FIELDS, orderBy: { createdAt: 'asc' } });
    },

    /** Notifications still being posted to it stop at their next attempt. */
    async remove(actor: Actor, id: string) {
      const { count } = await db.chatWebhook.deleteMany({ where: { id, teamId: actor.teamId } });
      if (count === 0) throw problems.notFound('Chat webhook', id);
      await deps.audit.record(actor, 'chat_webhook.deleted', { entityType: 'chat_webhook', entityId: id });
    },
  };
}
