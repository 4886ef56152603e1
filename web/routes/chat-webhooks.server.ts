import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreateChatWebhookSchema } from '../../api/notifications/schemas';
import type { FieldErrors } from '../utils/forms';
import { formText, formTexts, isProblemError, parseForm, problemErrors } from '../utils/forms.server';

export async function loadChatWebhooks(context: AppLoadContext, actor: Actor) {
  const webhooks = await context.services.chatWebhooks.list(actor);
  return { webhooks: webhooks.map((webhook) => ({ ...webhook, createdAt: webhook.createdAt.toISOString() })) };
}

type Intent = 'create' | 'delete';
interface Fields {
  platform?: string;
  name?: string;
  url?: string;
  kinds?: string[];
}

function refused(intent: Intent, errors: FieldErrors, status: number, fields: Fields = {}) {
  return data({ intent, errors, fields }, { status });
}

export async function changeChatWebhooks(context: AppLoadContext, actor: Actor, formData: FormData) {
  const intent = formText(formData, 'intent') as Intent;
  try {
    switch (intent) {
      case 'create': {
        const fields = {
          platform: formText(formData, 'platform'),
          name: formText(formData, 'name'),
          url: formText(formData, 'url'),
          kinds: formTexts(formData, 'kinds'),
        };
        const submission = parseForm(CreateChatWebhookSchema, fields);
        if (!submission.ok) return refused(intent, submission.errors, 400, fields);
        try {
          await context.services.chatWebhooks.create(actor, submission.data);
        } catch (error) {
          if (!isProblemError(error)) throw error;
          return refused(intent, problemErrors(error), error.status, fields);
        }
        return redirect('/settings/chat');
      }
      case 'delete':
        await context.services.chatWebhooks.remove(actor, formText(formData, 'webhookId'));
        return redirect('/settings/chat');
      default:
        throw data({ title: 'Unknown action', detail: `The team chat page cannot "${intent}".` }, { status: 400 });
    }
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return refused(intent, problemErrors(error), error.status);
  }
}
