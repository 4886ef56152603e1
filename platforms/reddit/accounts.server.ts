// Who a Reddit grant is: the user (platforms/oauth-flows.server.ts registers it).
import { z } from 'zod';
import { expiringCredentials, getAccountJson, type AccountDiscoveryDeps, type DiscoveredAccount } from '../../lib/oauth/accounts';
import type { TokenSet } from '../../lib/oauth/tokens';

// https://www.reddit.com/dev/api/#GET_api_v1_me
const RedditMeSchema = z.object({ id: z.string().min(1), name: z.string().min(1), icon_img: z.string().optional() });

export async function discoverRedditAccounts({ config, provider }: AccountDiscoveryDeps, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const me = await getAccountJson(
    'Reddit',
    `${config.REDDIT_API_BASE_URL}/api/v1/me`,
    RedditMeSchema,
    tokens.accessToken,
    provider.headers,
  );
  // Reddit HTML-escapes the query of its image URLs
  const avatarUrl = me.icon_img?.replaceAll('&amp;', '&');
  return [
    {
      platform: 'REDDIT',
      platformAccountId: `t2_${me.id}`,
      handle: `u/${me.name}`,
      displayName: me.name,
      ...(avatarUrl ? { avatarUrl } : {}),
      credentials: { username: me.name, ...expiringCredentials(tokens) },
    },
  ];
}
