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

export const ConnectBlueskySchema = z.object({
  platform: z.literal('bluesky'),
  handle: z
    .string({ error: 'handle is required, e.g. alice.bsky.social' })
    .trim()
    .transform((handle) => handle.replace(/^@/, ''))
    .pipe(z.string().min(3, { error: 'handle is required, e.g. alice.bsky.social' }).max(253)),
  appPassword: z.string().trim().min(1, { error: 'appPassword is required: create one under Settings → Privacy and security → App passwords' }),
  /** the account's PDS; defaults to https://bsky.social */
  serviceUrl: z.url({ error: 'serviceUrl must be a URL such as https://bsky.social' }).optional(),
});

export const ConnectSchema = z.discriminatedUnion('platform', [ConnectDemoSchema, ConnectMastodonSchema, ConnectBlueskySchema], {
  error: 'platform must be one of: demo, mastodon, bluesky (OAuth platforms connect through /connections/:platform/authorize)',
});
export type ConnectInput = z.infer<typeof ConnectSchema>;
