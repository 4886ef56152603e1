// The OAuth flows planrrr runs, each platform's provider (platforms/<name>/oauth.ts) and account
// discovery (platforms/<name>/accounts.server.ts) in its folder, registered here by the flow's
// id, which names its callback (`/connections/<flow>/callback`).
// A flow connects its own platform, or several from one grant: Facebook's connects Facebook
// Pages and the Instagram accounts linked to them. The typecheck fails until every platform
// whose definition connects with `oauth` (platforms/index.ts) is connected by a flow here.
// The generic machinery (PKCE, state, token exchange and refresh) is lib/oauth/tokens.ts.
import type { OAuthPlatform } from '../domain/post';
import type { Config } from '../lib/config';
import type { AccountDiscovery, AccountDiscoveryDeps, DiscoveredAccount } from '../lib/oauth/accounts';
import type { OAuthProvider } from '../lib/oauth/providers';
import type { TokenSet } from '../lib/oauth/tokens';
import { discoverFacebookAccounts } from './facebook/accounts.server';
import { discoverGoogleBusinessAccounts } from './google-business/accounts.server';
import { discoverLinkedInAccounts } from './linkedin/accounts.server';
import { discoverPinterestAccounts } from './pinterest/accounts.server';
import { discoverRedditAccounts } from './reddit/accounts.server';
import { discoverThreadsAccounts } from './threads/accounts.server';
import { discoverTikTokAccounts } from './tiktok/accounts.server';
import { discoverXAccounts } from './x/accounts.server';
import { discoverYouTubeAccounts } from './youtube/accounts.server';
import { metaOAuthProvider } from './facebook/oauth';
import { googleBusinessOAuthProvider } from './google-business/oauth';
import { linkedinOAuthProvider } from './linkedin/oauth';
import { pinterestOAuthProvider } from './pinterest/oauth';
import { redditOAuthProvider } from './reddit/oauth';
import { threadsOAuthProvider } from './threads/oauth';
import { tiktokOAuthProvider } from './tiktok/oauth';
import { xOAuthProvider } from './x/oauth';
import { youtubeOAuthProvider } from './youtube/oauth';

interface OAuthFlowEntry {
  /** the platforms one grant connects */
  platforms: readonly OAuthPlatform[];
  provider(config: Config): OAuthProvider;
  /** which accounts a grant gives, with the credentials their publisher reads */
  discoverAccounts: AccountDiscovery;
}

const OAUTH_FLOW_ENTRIES = {
  X: { platforms: ['X'], provider: xOAuthProvider, discoverAccounts: discoverXAccounts },
  FACEBOOK: { platforms: ['FACEBOOK', 'INSTAGRAM'], provider: metaOAuthProvider, discoverAccounts: discoverFacebookAccounts },
  YOUTUBE: { platforms: ['YOUTUBE'], provider: youtubeOAuthProvider, discoverAccounts: discoverYouTubeAccounts },
  LINKEDIN: { platforms: ['LINKEDIN'], provider: linkedinOAuthProvider, discoverAccounts: discoverLinkedInAccounts },
  THREADS: { platforms: ['THREADS'], provider: threadsOAuthProvider, discoverAccounts: discoverThreadsAccounts },
  REDDIT: { platforms: ['REDDIT'], provider: redditOAuthProvider, discoverAccounts: discoverRedditAccounts },
  PINTEREST: { platforms: ['PINTEREST'], provider: pinterestOAuthProvider, discoverAccounts: discoverPinterestAccounts },
  TIKTOK: { platforms: ['TIKTOK'], provider: tiktokOAuthProvider, discoverAccounts: discoverTikTokAccounts },
  GOOGLE_BUSINESS: {
    platforms: ['GOOGLE_BUSINESS'],
    provider: googleBusinessOAuthProvider,
    discoverAccounts: discoverGoogleBusinessAccounts,
  },
} as const satisfies Record<string, OAuthFlowEntry>;

/** A flow planrrr runs, by its provider's callback (`/connections/<slug>/callback`). */
export type OAuthFlow = keyof typeof OAUTH_FLOW_ENTRIES;
export const OAUTH_FLOWS = Object.keys(OAUTH_FLOW_ENTRIES) as OAuthFlow[];

type ConnectedByAFlow = (typeof OAUTH_FLOW_ENTRIES)[OAuthFlow]['platforms'][number];

/** Every platform connected through OAuth, and the flow that connects it. */
// NOTE: a Record of every OAuth platform: the typecheck fails while one is in no flow's `platforms`
export const OAUTH_PLATFORMS: Readonly<Record<OAuthPlatform, OAuthFlow>> = Object.fromEntries(
  OAUTH_FLOWS.flatMap((flow) => OAUTH_FLOW_ENTRIES[flow].platforms.map((platform) => [platform, flow])),
) as Record<ConnectedByAFlow, OAuthFlow>;

export function isOAuthPlatform(platform: string): platform is OAuthPlatform {
  return Object.hasOwn(OAUTH_PLATFORMS, platform);
}

export type OAuthProviders = Record<OAuthFlow, OAuthProvider>;

/** Each flow's provider, configured. */
export function oauthProviders(config: Config): OAuthProviders {
  return Object.fromEntries(OAUTH_FLOWS.map((flow) => [flow, OAUTH_FLOW_ENTRIES[flow].provider(config)])) as OAuthProviders;
}

/** The accounts the tokens of one authorization can publish to. */
export function discoverAccounts(flow: OAuthFlow, deps: AccountDiscoveryDeps, tokens: TokenSet): Promise<DiscoveredAccount[]> {
  return OAUTH_FLOW_ENTRIES[flow].discoverAccounts(deps, tokens);
}
