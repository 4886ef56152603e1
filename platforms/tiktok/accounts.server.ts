// Who a TikTok grant is: the creator, in the shape the publisher reads too (api.server.ts);
// platforms/oauth-flows.server.ts registers it.
import { expiringCredentials, getAccountJson, type AccountDiscoveryDeps, type DiscoveredAccount } from '../../lib/oauth/accounts';
import type { TokenSet } from '../../lib/oauth/tokens';
import { TIKTOK_USER_FIELDS, TikTokUserSchema } from './api.server';

export async function discoverTikTokAccounts({ config }: AccountDiscoveryDeps, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const url = `${config.TIKTOK_API_BASE_URL}/v2/user/info/?${new URLSearchParams({ fields: TIKTOK_USER_FIELDS })}`;
  const { user } = (await getAccountJson('TikTok', url, TikTokUserSchema, tokens.accessToken)).data;
  // user.info.basic gives no @username (user.info.profile would): the display name names the account
  const name = user.display_name || 'TikTok creator';
  return [
    {
      platform: 'TIKTOK',
      platformAccountId: user.open_id,
      handle: name,
      displayName: name,
      ...(user.avatar_url ? { avatarUrl: user.avatar_url } : {}),
      credentials: { openId: user.open_id, ...expiringCredentials(tokens) },
    },
  ];
}
