// Who granted access: after the code exchange, each provider's identity endpoint names the
// account(s) to connect, with the credentials each publisher reads (shapes in the README).
// Facebook answers with every Page the user manages, each with its own page token, and the
// Instagram business account linked to a Page publishes with that Page's token. LinkedIn
// answers with the member and every company page the member administers.
import { z } from 'zod';
import { graphApiUrl, type Config } from '../config';
import type { OAuthPlatform } from '../../domain/post';
import type { OAuthFlow } from '../../platforms/oauth-flows.server';
import type { OAuthProvider } from './providers';
import { PinterestAccountSchema } from '../../platforms/pinterest/api.server';
import { TIKTOK_USER_FIELDS, TikTokUserSchema } from '../../platforms/tiktok/api.server';
import { requestTokens, requestTokensWithGet, type TokenSet } from './tokens';

const IDENTITY_REQUEST_TIMEOUT_MS = 15_000;
/** Facebook pages through /me/accounts, 100 at a time; more is not a real user's case */
const MAX_FACEBOOK_PAGES = 500;
/** Google Business Profile accounts and each one's locations, 100 a page; more is not a real user's case */
const MAX_GOOGLE_BUSINESS_PAGES = 20;

export interface DiscoveredAccount {
  platform: OAuthPlatform;
  platformAccountId: string;
  handle: string;
  displayName: string;
  /** the profile picture the platform names, downloaded at connect (lib/avatar.ts) */
  avatarUrl?: string;
  credentials: Record<string, string>;
}

/** The provider answered, but not with an account planrrr can publish to (the message says why). */
export class AccountDiscoveryError extends Error {
  override name = 'AccountDiscoveryError';
}

async function getJson<S extends z.ZodType>(
  providerName: string,
  url: string,
  schema: S,
  accessToken?: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { ...headers, accept: 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
      signal: AbortSignal.timeout(IDENTITY_REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new AccountDiscoveryError(`Could not reach ${providerName} to read the account`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new AccountDiscoveryError(`${providerName} refused to name the account (${response.status})`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AccountDiscoveryError(`${providerName} answered with an account in an unexpected shape`);
  return parsed.data;
}

/** Only present keys: optional credentials are left out rather than stored as undefined. */
function expiringCredentials(tokens: TokenSet): Record<string, string> {
  return {
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
  };
}

// https://docs.x.com/x-api/users/user-lookup-me
const XMeSchema = z.object({
  data: z.object({ id: z.string().min(1), username: z.string().min(1), name: z.string(), profile_image_url: z.string().optional() }),
});

async function xAccounts(config: Config, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const url = `${config.X_API_BASE_URL}/2/users/me?${new URLSearchParams({ 'user.fields': 'profile_image_url' })}`;
  const { data: user } = await getJson('X', url, XMeSchema, tokens.accessToken);
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

async function facebookAccounts(
  config: Config,
  provider: OAuthProvider & { clientId: string; clientSecret: string },
  tokens: TokenSet,
): Promise<DiscoveredAccount[]> {
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
    const page: z.infer<typeof FacebookPagesSchema> = await getJson('Facebook', next, FacebookPagesSchema);
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

// https://developers.google.com/youtube/v3/docs/channels/list (mine=true)
const YouTubeChannelsSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string().min(1),
        snippet: z.object({
          title: z.string(),
          customUrl: z.string().optional(),
          thumbnails: z.object({ default: z.object({ url: z.string() }).optional() }).optional(),
        }),
      }),
    )
    .default([]),
});

async function youtubeAccounts(config: Config, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const url = `${config.YOUTUBE_API_BASE_URL}/youtube/v3/channels?${new URLSearchParams({ part: 'snippet', mine: 'true' })}`;
  const { items } = await getJson('YouTube', url, YouTubeChannelsSchema, tokens.accessToken);
  if (items.length === 0) throw new AccountDiscoveryError('This Google account has no YouTube channel: create one, then connect again.');
  return items.map((channel) => ({
    platform: 'YOUTUBE' as const,
    platformAccountId: channel.id,
    handle: channel.snippet.customUrl ?? channel.id,
    displayName: channel.snippet.title,
    ...(channel.snippet.thumbnails?.default ? { avatarUrl: channel.snippet.thumbnails.default.url } : {}),
    credentials: { channelId: channel.id, ...expiringCredentials(tokens) },
  }));
}

// https://learn.microsoft.com/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2
const LinkedInUserInfoSchema = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
  picture: z.string().optional(),
});

// https://learn.microsoft.com/linkedin/marketing/community-management/organizations/organization-access-control-by-role
const OrganizationAclsSchema = z.object({
  elements: z.array(z.object({ organization: z.string().regex(/^urn:li:organization:\d+$/) })),
});
// https://learn.microsoft.com/linkedin/marketing/community-management/organizations/organization-lookup-api (batch get)
const OrganizationsSchema = z.object({
  results: z.record(
    z.string(),
    z.object({
      localizedName: z.string(),
      vanityName: z.string().optional(),
      logoV2: z.object({ original: z.string().optional() }).optional(),
    }),
  ),
});
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/images-api (GET an image)
const LinkedInImageSchema = z.object({ downloadUrl: z.string() });
/** organizationAcls pages; more organizations than this administered by one member is no real case */
const MAX_LINKEDIN_ORGANIZATIONS = 100;

/**
 * The organizations (company pages) the member administers, each an account that posts as
 * `urn:li:organization:<id>` with the member's token: their ids from the member's approved
 * ADMINISTRATOR roles, their names in one batch lookup, and each logo's download URL.
 */
async function linkedinOrganizations(config: Config, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const rest = (path: string) => `${config.LINKEDIN_API_BASE_URL}/rest/${path}`;
  const headers = { 'LinkedIn-Version': config.LINKEDIN_API_VERSION, 'X-Restli-Protocol-Version': '2.0.0' };
  const query = new URLSearchParams({
    q: 'roleAssignee',
    role: 'ADMINISTRATOR',
    state: 'APPROVED',
    count: String(MAX_LINKEDIN_ORGANIZATIONS),
  });
  const acls = await getJson('LinkedIn', rest(`organizationAcls?${query}`), OrganizationAclsSchema, tokens.accessToken, headers);
  const ids = [...new Set(acls.elements.map((acl) => acl.organization.slice('urn:li:organization:'.length)))];
  if (ids.length === 0) return [];
  const { results } = await getJson(
    'LinkedIn',
    rest(`organizations?ids=List(${ids.join(',')})`),
    OrganizationsSchema,
    tokens.accessToken,
    headers,
  );
  const logoUrl = async (logo: string | undefined) => {
    // the logo is a digital media asset; the Images API names its download URL under the image URN of the same id
    const id = logo?.split(':').at(-1);
    if (!id) return undefined;
    const image = await getJson(
      'LinkedIn',
      rest(`images/${encodeURIComponent(`urn:li:image:${id}`)}`),
      LinkedInImageSchema,
      tokens.accessToken,
      headers,
    ).catch(
      () => undefined, // a page without a readable logo still connects
    );
    return image?.downloadUrl;
  };
  return Promise.all(
    ids.flatMap((id) => {
      const organization = results[id];
      if (!organization) return [];
      const authorUrn = `urn:li:organization:${id}`;
      return [
        logoUrl(organization.logoV2?.original).then((avatarUrl): DiscoveredAccount => ({
          platform: 'LINKEDIN',
          platformAccountId: authorUrn,
          handle: organization.vanityName ?? organization.localizedName,
          displayName: organization.localizedName,
          ...(avatarUrl ? { avatarUrl } : {}),
          credentials: { authorUrn, ...expiringCredentials(tokens) },
        })),
      ];
    }),
  );
}

/** The member, then each company page they administer. */
async function linkedinAccounts(config: Config, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const user = await getJson('LinkedIn', `${config.LINKEDIN_API_BASE_URL}/v2/userinfo`, LinkedInUserInfoSchema, tokens.accessToken);
  const authorUrn = `urn:li:person:${user.sub}`;
  return [
    {
      platform: 'LINKEDIN',
      platformAccountId: authorUrn,
      handle: user.email ?? user.name ?? authorUrn,
      displayName: user.name ?? user.email ?? 'LinkedIn member',
      ...(user.picture ? { avatarUrl: user.picture } : {}),
      credentials: { authorUrn, ...expiringCredentials(tokens) },
    },
    ...(await linkedinOrganizations(config, tokens)),
  ];
}

// https://developers.facebook.com/docs/threads/threads-profiles
const ThreadsProfileSchema = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  name: z.string().optional(),
  threads_profile_picture_url: z.string().optional(),
});

async function threadsAccounts(
  config: Config,
  provider: OAuthProvider & { clientId: string; clientSecret: string },
  tokens: TokenSet,
): Promise<DiscoveredAccount[]> {
  // the code gives a token for one hour; the long-lived one lasts 60 days and refreshes itself
  // https://developers.facebook.com/docs/threads/get-started/long-lived-tokens
  const longLived = await requestTokensWithGet(provider, `${config.THREADS_API_BASE_URL}/access_token`, {
    grant_type: 'th_exchange_token',
    client_secret: provider.clientSecret,
    access_token: tokens.accessToken,
  });
  const query = new URLSearchParams({ fields: 'id,username,name,threads_profile_picture_url', access_token: longLived.accessToken });
  const url = `${config.THREADS_API_BASE_URL}/${config.THREADS_API_VERSION}/me?${query}`;
  const profile = await getJson('Threads', url, ThreadsProfileSchema);
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

// https://www.reddit.com/dev/api/#GET_api_v1_me
const RedditMeSchema = z.object({ id: z.string().min(1), name: z.string().min(1), icon_img: z.string().optional() });

async function redditAccounts(config: Config, provider: OAuthProvider, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const me = await getJson('Reddit', `${config.REDDIT_API_BASE_URL}/api/v1/me`, RedditMeSchema, tokens.accessToken, provider.headers);
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

async function pinterestAccounts(config: Config, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const account = await getJson(
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

async function tiktokAccounts(config: Config, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const url = `${config.TIKTOK_API_BASE_URL}/v2/user/info/?${new URLSearchParams({ fields: TIKTOK_USER_FIELDS })}`;
  const { user } = (await getJson('TikTok', url, TikTokUserSchema, tokens.accessToken)).data;
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

async function googleBusinessAccounts(config: Config, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const get = <S extends z.ZodType>(url: string, schema: S) => getJson('Google Business Profile', url, schema, tokens.accessToken);
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

/** The accounts the tokens of one authorization can publish to. */
export function discoverAccounts(
  flow: OAuthFlow,
  deps: { config: Config; provider: OAuthProvider & { clientId: string; clientSecret: string } },
  tokens: TokenSet,
): Promise<DiscoveredAccount[]> {
  switch (flow) {
    case 'X':
      return xAccounts(deps.config, tokens);
    case 'FACEBOOK':
      return facebookAccounts(deps.config, deps.provider, tokens);
    case 'YOUTUBE':
      return youtubeAccounts(deps.config, tokens);
    case 'LINKEDIN':
      return linkedinAccounts(deps.config, tokens);
    case 'THREADS':
      return threadsAccounts(deps.config, deps.provider, tokens);
    case 'REDDIT':
      return redditAccounts(deps.config, deps.provider, tokens);
    case 'PINTEREST':
      return pinterestAccounts(deps.config, tokens);
    case 'TIKTOK':
      return tiktokAccounts(deps.config, tokens);
    case 'GOOGLE_BUSINESS':
      return googleBusinessAccounts(deps.config, tokens);
  }
}
