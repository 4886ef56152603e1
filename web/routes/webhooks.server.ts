import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreateWebhookSchema } from '../../api/webhooks/schemas';
import { formText, formTexts, isProblemError, parseForm, problemErrors } from '../utils/forms.server';
import type { FieldErrors } from '../utils/forms';

/** How many deliveries of each webhook the page shows. */
const SHOWN_DELIVERIES = 5;

export async function loadWebhooksPage(context: AppLoadContext, actor: Actor) {
  const webhooks = await context.services.webhooks.list(actor);
  return {
    webhooks: await Promise.all(
      webhooks.map(async (webhook) => ({
        ...webhook,
        createdAt: webhook.createdAt.toISOString(),
        disabledAt: webhook.disabledAt?.toISOString() ?? null,
        deliveries: (await context.services.webhooks.deliveries(actor, webhook.id)).slice(0, SHOWN_DELIVERIES).map((delivery) => ({
          id: delivery.id,
          event: delivery.event,
          status: delivery.status,
          attempts: delivery.attempts,
          lastStatusCode: delivery.lastStatusCode,
          lastError: delivery.lastError,
          createdAt: delivery.createdAt.toISOString(),
        })),
      })),
    ),
  };
}

type Intent = 'create' | 'delete' | 'test';
interface Fields {
  url?: string;
  events?: string[];
}

function refused(intent: Intent, errors: FieldErrors, status: number, fields: Fields = {}) {
  return data({ intent, errors, fields, secret: undefined as string | undefined }, { status });
}

export async function changeWebhooks(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { webhooks } = context.services;
  const intent = formText(formData, 'intent') as Intent;
  try {
    switch (intent) {
      case 'create': {
        const fields = { url: formText(formData, 'url'), events: formTexts(formData, 'events') };
        const submission = parseForm(CreateWebhookSchema, fields);
        if (!submission.ok) return refused(intent, submission.errors, 400, fields);
        const created = await webhooks.create(actor, submission.data);
        // the signing secret is shown once, here: it is stored encrypted and never shown again
        return data({ intent, errors: {} as FieldErrors, fields: {} as Fields, secret: created.secret });
      }
      case 'delete':
        await webhooks.remove(actor, formText(formData, 'webhookId'));
        return redirect('/settings/webhooks');
      case 'test':
        await webhooks.ping(actor, formText(formData, 'webhookId'));
        return redirect('/settings/webhooks');
      default:
        throw data({ title: 'Unknown action', detail: `The webhooks page cannot "${intent}".` }, { status: 400 });
    }
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return refused(intent, problemErrors(error), error.status);
  }
}
