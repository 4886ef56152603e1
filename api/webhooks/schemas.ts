// Webhook request schemas, the source of the OpenAPI document's request bodies.
import '../openapi/zod-openapi';
import { z } from 'zod';
import { SUBSCRIBABLE_EVENTS } from '../../domain/webhook-events';

export const CreateWebhookSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: 'url must be an http:// or https:// URL' })
    .max(2000, { error: 'url must be at most 2,000 characters' })
    .openapi({ example: 'https://example.com/hooks/planrrr' }),
  events: z
    .array(z.enum(SUBSCRIBABLE_EVENTS, { error: `each event must be one of ${SUBSCRIBABLE_EVENTS.join(', ')}` }))
    .min(1, { error: 'Subscribe to at least one event' })
    .refine((events) => new Set(events).size === events.length, { error: 'events must not repeat' }),
});
export type CreateWebhookInput = z.infer<typeof CreateWebhookSchema>;

/** The headers planrrr signs each delivery with (activities/deliver-webhook.ts). */
export const SignedDeliveryHeadersSchema = z.object({
  'Planrrr-Signature': z.string().openapi({
    description: '`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; refuse timestamps more than 5 minutes off',
    example: 't=1764340000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
  }),
  'Planrrr-Event': z.string().openapi({ description: 'the event name, as in the body' }),
  'Planrrr-Delivery': z.string().openapi({ description: 'the delivery id: the same on every retry, so receivers can deduplicate' }),
});
