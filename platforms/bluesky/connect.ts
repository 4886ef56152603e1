// Connecting a Bluesky account with an app password (platforms/token-connect.ts).
import { z } from 'zod';
import { defineTokenConnect } from '../token-connect';

export const BlueskyConnectSchema = z.object({
  handle: z
    .string({ error: 'handle is required, e.g. alice.bsky.social' })
    .trim()
    .transform((handle) => handle.replace(/^@/, ''))
    .pipe(z.string().min(3, { error: 'handle is required, e.g. alice.bsky.social' }).max(253)),
  appPassword: z
    .string()
    .trim()
    .min(1, { error: 'appPassword is required: create one under Settings → Privacy and security → App passwords' }),
  /** the account's PDS; defaults to https://bsky.social */
  serviceUrl: z.url({ error: 'serviceUrl must be a URL such as https://bsky.social' }).optional(),
});

export const blueskyConnect = defineTokenConnect({
  schema: BlueskyConnectSchema,
  title: 'Bluesky',
  intro: { reconnect: 'Enter a new app password for this account: its scheduled posts then publish again.' },
  checking: 'Checking the account…',
  connects: 'a Bluesky account with an app password',
  sameAccount: 'the same Bluesky DID',
  fields: [
    { name: 'handle', label: 'Handle', placeholder: 'alice.bsky.social', reconnectValue: (account) => account.handle.replace(/^@/, '') },
    {
      name: 'appPassword',
      label: 'App password',
      type: 'password',
      hint: 'Create one in Bluesky under Settings → Privacy and security → App passwords. Never your account password.',
    },
    {
      name: 'serviceUrl',
      label: 'PDS (optional)',
      type: 'url',
      placeholder: 'https://bsky.social',
      hint: 'Only if your account lives on its own server.',
      optional: true,
      reconnectValue: (account) => account.instanceUrl ?? undefined,
    },
  ],
});
