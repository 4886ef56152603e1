// Request schemas of notifications, their settings and a team's chat webhooks, the source of
// the OpenAPI document's parameters and request bodies.
import '../openapi/zod-openapi';
import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../domain/notifications';

const KindSchema = z.enum(NOTIFICATION_KINDS, { error: `must be one of ${NOTIFICATION_KINDS.join(', ')}` });
const NotificationIdSchema = z.string().min(1).max(64);

export const NotificationListQuerySchema = z.object({
  unread: z
    .enum(['true', 'false'], { error: 'unread must be true or false' })
    .transform((value) => value === 'true')
    .optional()
    .describe('true: only the unread ones'),
  before: NotificationIdSchema.optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>;

export const MarkReadSchema = z
  .object({
    ids: z
      .array(NotificationIdSchema, { error: 'ids must be a list of notification ids' })
      .min(1, { error: 'Name at least one notification' })
      .max(200, { error: 'At most 200 ids at once' })
      .optional(),
    all: z.literal(true, { error: 'all must be true' }).optional(),
  })
  .refine((input) => (input.ids === undefined) !== (input.all === undefined), { error: 'Send ids, or all: true' });
export type MarkReadInput = z.infer<typeof MarkReadSchema>;

export const NotificationChannelsSchema = z.strictObject({
  inApp: z.boolean({ error: 'inApp must be true or false' }).describe('listed in the app, under the bell'),
  email: z.boolean({ error: 'email must be true or false' }).describe("sent to the user's email address"),
});

export const NotificationSettingsInputSchema = z
  .partialRecord(KindSchema, NotificationChannelsSchema)
  .describe('the kinds to change, each with both channels; kinds left out keep their settings');
export type NotificationSettingsInput = z.infer<typeof NotificationSettingsInputSchema>;

export const CHAT_WEBHOOK_PLATFORMS = ['SLACK', 'DISCORD'] as const;

export const CreateChatWebhookSchema = z.object({
  platform: z.enum(CHAT_WEBHOOK_PLATFORMS, { error: 'platform must be SLACK or DISCORD' }),
  name: z
    .string({ error: 'name is required' })
    .trim()
    .min(1, { error: 'Name the webhook, e.g. the channel it posts to' })
    .max(80, { error: 'name must be at most 80 characters' }),
  url: z
    .string({ error: 'url is required' })
    .max(500, { error: 'url must be at most 500 characters' })
    .openapi({ example: 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX' })
    .describe("the incoming webhook URL Slack or Discord gave you; it is the webhook's secret, stored encrypted and never shown again"),
  kinds: z
    .array(KindSchema)
    .min(1, { error: 'Choose at least one kind of notification' })
    .refine((kinds) => new Set(kinds).size === kinds.length, { error: 'kinds must not repeat' })
    .default([...NOTIFICATION_KINDS])
    .describe('what is posted there; default: every kind'),
});
export type CreateChatWebhookInput = z.infer<typeof CreateChatWebhookSchema>;
