// Posts one notification to one of a team's Slack or Discord webhooks
// (lib/notifications/chat-webhooks.ts). What a retry may help (a rate limit, an outage) is
// thrown for Temporal to retry after the platform's own delay; a refusal (the webhook was
// deleted, the channel archived) is not retried.
import { ApplicationFailure } from '@temporalio/activity';
import { decryptSecret, type KeyRing } from '../lib/crypto';
import type { Db } from '../lib/db';
import { postChatMessage, type ChatMessage } from '../lib/notifications/chat-webhooks';
import { PublishError } from '../lib/platforms/errors';

export interface ChatNotificationDeps {
  db: Db;
  /** chat webhook URLs are stored encrypted, under the keys of every other credential */
  keys: KeyRing;
}

export interface ChatNotificationInput extends ChatMessage {
  chatWebhookId: string;
}

export function createChatNotificationActivities({ db, keys }: ChatNotificationDeps) {
  return {
    async postChatNotification(input: ChatNotificationInput): Promise<'POSTED' | 'WEBHOOK_GONE'> {
      const webhook = await db.chatWebhook.findUnique({
        where: { id: input.chatWebhookId },
        select: { platform: true, encryptedUrl: true },
      });
      // deleted since the event: nothing to post to
      if (!webhook) return 'WEBHOOK_GONE';
      try {
        await postChatMessage(webhook.platform, decryptSecret(webhook.encryptedUrl, keys), input);
      } catch (error) {
        if (!(error instanceof PublishError)) throw error;
        if (!error.retryable) throw ApplicationFailure.nonRetryable(error.message, error.kind);
        throw ApplicationFailure.create({ message: error.message, type: error.kind, nextRetryDelay: error.retryAfterMs });
      }
      return 'POSTED';
    },
  };
}
