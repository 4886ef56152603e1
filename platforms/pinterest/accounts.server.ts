// Who a Pinterest grant is: the account, in the shape the publisher reads too (api.server.ts);
// platforms/oauth-flows.server.ts registers it.
import { expiringCredentials, getAccountJson, type AccountDiscoveryDeps, type DiscoveredAccount } from '../../lib/oauth/accounts';
import type { TokenSet } from '../../lib/oauth/tokens';
import { PinterestAccountSchema } from './api.server';

export async function discoverPinterestAccounts({ config }: AccountDiscoveryDeps, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const account = await getAccountJson(
    'Pinterest',
    `${config.PINTEREST_API_BASE_URL}/v5/user_account`,
    PinterestAccountSchema,
    tokens.accessToken,
  );
  return [
    {
      platform: 'PINTEREST',
      platformAccountId: account.id ?? account.username,
      handle: account.username,
      displayName: account.business_name || account.username,
      ...(account.profile_image ? { avatarUrl: account.profile_image } : {}),
      credentials: { username: account.username, ...expiringCredentials(tokens) },
    },
  ];
}
