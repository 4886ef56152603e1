// Who a Google Business Profile grant connects: every location of every business account the
// Google account manages (platforms/oauth-flows.server.ts registers it).
import { z } from 'zod';
import {
  AccountDiscoveryError,
  expiringCredentials,
  getAccountJson,
  type AccountDiscoveryDeps,
  type DiscoveredAccount,
} from '../../lib/oauth/accounts';
import type { TokenSet } from '../../lib/oauth/tokens';

/** Google Business Profile accounts and each one's locations, 100 a page; more is not a real user's case */
const MAX_GOOGLE_BUSINESS_PAGES = 20;

// https://developers.google.com/my-business/reference/accountmanagement/rest/v1/accounts/list
const GoogleBusinessAccountsSchema = z.object({
  accounts: z.array(z.object({ name: z.string().regex(/^accounts\/[^/]+$/), accountName: z.string().optional() })).default([]),
  nextPageToken: z.string().optional(),
});
// https://developers.google.com/my-business/reference/businessinformation/rest/v1/accounts.locations/list
const GoogleBusinessLocationsSchema = z.object({
  locations: z.array(z.object({ name: z.string().regex(/^locations\/[^/]+$/), title: z.string().optional() })).default([]),
  nextPageToken: z.string().optional(),
});

/** Every page of a Google list, following nextPageToken. */
async function allGooglePages<T>(
  url: string,
  read: (url: string) => Promise<{ items: T[]; nextPageToken?: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_GOOGLE_BUSINESS_PAGES; page += 1) {
    const answer = await read(pageToken ? `${url}&pageToken=${encodeURIComponent(pageToken)}` : url);
    items.push(...answer.items);
    pageToken = answer.nextPageToken;
    if (!pageToken) break;
  }
  return items;
}

export async function discoverGoogleBusinessAccounts({ config }: AccountDiscoveryDeps, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const get = <S extends z.ZodType>(url: string, schema: S) => getAccountJson('Google Business Profile', url, schema, tokens.accessToken);
  const businessAccounts = await allGooglePages(`${config.GOOGLE_BUSINESS_ACCOUNT_MANAGEMENT_URL}/v1/accounts?pageSize=20`, async (url) => {
    const answer = await get(url, GoogleBusinessAccountsSchema);
    return { items: answer.accounts, nextPageToken: answer.nextPageToken };
  });
  const accounts = new Map<string, DiscoveredAccount>();
  for (const businessAccount of businessAccounts) {
    const query = new URLSearchParams({ readMask: 'name,title', pageSize: '100' });
    const locations = await allGooglePages(
      `${config.GOOGLE_BUSINESS_INFORMATION_URL}/v1/${businessAccount.name}/locations?${query}`,
      async (url) => {
        const answer = await get(url, GoogleBusinessLocationsSchema);
        return { items: answer.locations, nextPageToken: answer.nextPageToken };
      },
    );
    // a location reached through several accounts (a personal one and a location group) connects once
    for (const location of locations) {
      if (accounts.has(location.name)) continue;
      const title = location.title || location.name;
      accounts.set(location.name, {
        platform: 'GOOGLE_BUSINESS',
        platformAccountId: location.name,
        handle: title,
        displayName: title,
        credentials: { accountId: businessAccount.name, locationId: location.name, ...expiringCredentials(tokens) },
      });
    }
  }
  if (accounts.size === 0) {
    throw new AccountDiscoveryError(
      'This Google account manages no Business Profile locations: create or claim one at business.google.com, then connect again.',
    );
  }
  return [...accounts.values()];
}
