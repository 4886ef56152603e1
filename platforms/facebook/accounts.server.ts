// Who a Meta grant connects: every Facebook Page the user shared, each with its own page token,
// and the Instagram business account linked to a Page, which publishes with that Page's token
// (the FACEBOOK flow, platforms/oauth-flows.server.ts, connects both platforms).
import { z } from 'zod';
import { graphApiUrl } from '../../lib/config';
import { AccountDiscoveryError, getAccountJson, type AccountDiscoveryDeps, type DiscoveredAccount } from '../../lib/oauth/accounts';
import { requestTokens, type TokenSet } from '../../lib/oauth/tokens';

/** Facebook pages through /me/accounts, 100 at a time; more is not a real user's case */
const MAX_FACEBOOK_PAGES = 500;

// https://developers.facebook.com/docs/pages-api/overview (GET /me/accounts)
const FacebookPagesSchema = z.object({
  data: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      access_token: z.string().min(1),
      // https://developers.facebook.com/docs/graph-api/reference/page/picture (as a field: {data: {url}})
      picture: z.object({ data: z.object({ url: z.string().optional() }) }).optional(),
      instagram_business_account: z
        .object({
          id: z.string().min(1),
          username: z.string().optional(),
          name: z.string().optional(),
          profile_picture_url: z.string().optional(),
        })
        .optional(),
    }),
  ),
  paging: z.object({ next: z.url().optional() }).optional(),
});

export async function discoverFacebookAccounts({ config, provider }: AccountDiscoveryDeps, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  // Page tokens obtained with a long-lived user token do not expire; with the short-lived
  // one from the code exchange they would stop working within hours.
  // https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
  const longLived = await requestTokens(provider, { grant_type: 'fb_exchange_token', fb_exchange_token: tokens.accessToken });
  const fields = 'id,name,access_token,picture{url},instagram_business_account{id,username,name,profile_picture_url}';
  let next: string | undefined =
    `${graphApiUrl(config)}/me/accounts?${new URLSearchParams({ fields, limit: '100', access_token: longLived.accessToken })}`;
  const accounts: DiscoveredAccount[] = [];
  let pagesSeen = 0;
  while (next && pagesSeen < MAX_FACEBOOK_PAGES) {
    const page: z.infer<typeof FacebookPagesSchema> = await getAccountJson('Facebook', next, FacebookPagesSchema);
    for (const facebookPage of page.data) {
      pagesSeen += 1;
      accounts.push({
        platform: 'FACEBOOK',
        platformAccountId: facebookPage.id,
        handle: facebookPage.name,
        displayName: facebookPage.name,
        ...(facebookPage.picture?.data.url ? { avatarUrl: facebookPage.picture.data.url } : {}),
        credentials: { pageId: facebookPage.id, accessToken: facebookPage.access_token },
      });
      const instagram = facebookPage.instagram_business_account;
      if (instagram) {
        accounts.push({
          platform: 'INSTAGRAM',
          platformAccountId: instagram.id,
          handle: instagram.username ? `@${instagram.username}` : instagram.id,
          displayName: instagram.name || instagram.username || facebookPage.name,
          ...(instagram.profile_picture_url ? { avatarUrl: instagram.profile_picture_url } : {}),
          credentials: { igUserId: instagram.id, accessToken: facebookPage.access_token },
        });
      }
    }
    next = page.paging?.next;
  }
  if (accounts.length === 0) {
    throw new AccountDiscoveryError(
      'This Facebook account manages no Pages that it shared with planrrr: choose at least one Page when Facebook asks.',
    );
  }
  return accounts;
}
