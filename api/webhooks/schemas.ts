// Webhook request schemas, the source of the OpenAPI document's request bodies.
import '../openapi/zod-openapi';
import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../../domain/webhook-events';

export const CreateWebhookSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: 'url must be an http:// or https:// URL' })
    .max(2000, { error: 'url must be at most 2,000 characters' })
    .openapi({ example: 'https://example.com/hooks/planrrr' }),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: `each event must be one of ${WEBHOOK_EVENTS.join(', ')}` }))
    .min(1, { error: 'Subscribe to at least one event' })
    .refine((events) => new Set(events).size === events.length, { error: 'events must not repeat' }),
});
export type CreateWebhookInput = z.infer<typeof CreateWebhookSchema>;
