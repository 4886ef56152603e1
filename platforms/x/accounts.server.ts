// Who an X grant is: the user it was granted by (platforms/oauth-flows.server.ts registers it).
import { z } from 'zod';
import { expiringCredentials, getAccountJson, type AccountDiscoveryDeps, type DiscoveredAccount } from '../../lib/oauth/accounts';
import type { TokenSet } from '../../lib/oauth/tokens';

// https://docs.x.com/x-api/users/user-lookup-me
const XMeSchema = z.object({
  data: z.object({ id: z.string().min(1), username: z.string().min(1), name: z.string(), profile_image_url: z.string().optional() }),
});

export async function discoverXAccounts({ config }: AccountDiscoveryDeps, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const url = `${config.X_API_BASE_URL}/2/users/me?${new URLSearchParams({ 'user.fields': 'profile_image_url' })}`;
  const { data: user } = await getAccountJson('X', url, XMeSchema, tokens.accessToken);
  return [
    {
      platform: 'X',
      platformAccountId: user.id,
      handle: `@${user.username}`,
      displayName: user.name || user.username,
      ...(user.profile_image_url ? { avatarUrl: user.profile_image_url } : {}),
      credentials: expiringCredentials(tokens),
    },
  ];
}
