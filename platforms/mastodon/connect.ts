// Connecting a Mastodon account with an access token (platforms/token-connect.ts).
import { z } from 'zod';
import { defineTokenConnect } from '../token-connect';

export const MastodonConnectSchema = z.object({
  instanceUrl: z.url({ error: 'instanceUrl must be a URL such as https://mastodon.social' }),
  accessToken: z.string().trim().min(1, { error: 'accessToken is required: create one under Preferences → Development' }),
});

export const mastodonConnect = defineTokenConnect({
  schema: MastodonConnectSchema,
  title: 'Mastodon',
  intro: { reconnect: 'Paste a new access token for this account: its scheduled posts then publish again.' },
  checking: 'Checking the account…',
  connects: 'a Mastodon account with an access token',
  sameAccount: 'the same Mastodon account',
  fields: [
    {
      name: 'instanceUrl',
      label: 'Instance URL',
      type: 'url',
      placeholder: 'https://mastodon.social',
      reconnectValue: (account) => account.instanceUrl ?? undefined,
    },
    {
      name: 'accessToken',
      label: 'Access token',
      type: 'password',
      hint: 'Create one on your instance under Preferences → Development, with the write:statuses scope.',
    },
  ],
});
