// Who a Threads grant connects: the profile, with its token exchanged for a long-lived one
// (platforms/oauth-flows.server.ts registers it).
import { z } from 'zod';
import { expiringCredentials, getAccountJson, type AccountDiscoveryDeps, type DiscoveredAccount } from '../../lib/oauth/accounts';
import { requestTokensWithGet, type TokenSet } from '../../lib/oauth/tokens';

// https://developers.facebook.com/docs/threads/threads-profiles
const ThreadsProfileSchema = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  name: z.string().optional(),
  threads_profile_picture_url: z.string().optional(),
});

export async function discoverThreadsAccounts({ config, provider }: AccountDiscoveryDeps, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  // the code gives a token for one hour; the long-lived one lasts 60 days and refreshes itself
  // https://developers.facebook.com/docs/threads/get-started/long-lived-tokens
  const longLived = await requestTokensWithGet(provider, `${config.THREADS_API_BASE_URL}/access_token`, {
    grant_type: 'th_exchange_token',
    client_secret: provider.clientSecret,
    access_token: tokens.accessToken,
  });
  const query = new URLSearchParams({ fields: 'id,username,name,threads_profile_picture_url', access_token: longLived.accessToken });
  const url = `${config.THREADS_API_BASE_URL}/${config.THREADS_API_VERSION}/me?${query}`;
  const profile = await getAccountJson('Threads', url, ThreadsProfileSchema);
  return [
    {
      platform: 'THREADS',
      platformAccountId: profile.id,
      handle: `@${profile.username}`,
      displayName: profile.name || profile.username,
      ...(profile.threads_profile_picture_url ? { avatarUrl: profile.threads_profile_picture_url } : {}),
      credentials: { threadsUserId: profile.id, ...expiringCredentials(longLived) },
    },
  ];
}
