// Who a LinkedIn grant connects: the member and every company page the member administers
// (platforms/oauth-flows.server.ts registers it).
import { z } from 'zod';
import type { Config } from '../../lib/config';
import { expiringCredentials, getAccountJson, type AccountDiscoveryDeps, type DiscoveredAccount } from '../../lib/oauth/accounts';
import type { TokenSet } from '../../lib/oauth/tokens';

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
  const acls = await getAccountJson('LinkedIn', rest(`organizationAcls?${query}`), OrganizationAclsSchema, tokens.accessToken, headers);
  const ids = [...new Set(acls.elements.map((acl) => acl.organization.slice('urn:li:organization:'.length)))];
  if (ids.length === 0) return [];
  const { results } = await getAccountJson(
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
    const image = await getAccountJson(
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
export async function discoverLinkedInAccounts({ config }: AccountDiscoveryDeps, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  const user = await getAccountJson('LinkedIn', `${config.LINKEDIN_API_BASE_URL}/v2/userinfo`, LinkedInUserInfoSchema, tokens.accessToken);
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
