import { z } from 'zod';

export const ConnectDemoSchema = z.object({
  platform: z.literal('demo'),
  /** a name for this demo feed; defaults to "Demo feed" */
  name: z.string().trim().min(1).max(100).optional(),
});

export const ConnectMastodonSchema = z.object({
  platform: z.literal('mastodon'),
  instanceUrl: z.url({ error: 'instanceUrl must be a URL such as https://mastodon.social' }),
  accessToken: z.string().trim().min(1, { error: 'accessToken is required: create one under Preferences → Development' }),
});

export const ConnectSchema = z.discriminatedUnion('platform', [ConnectDemoSchema, ConnectMastodonSchema], {
  error: 'platform must be one of: demo, mastodon (OAuth platforms connect through /connections/:platform/authorize)',
});
export type ConnectInput = z.infer<typeof ConnectSchema>;
