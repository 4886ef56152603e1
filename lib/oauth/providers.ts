// An OAuth 2 app planrrr connects accounts through, as the generic flow (lib/oauth/tokens.ts)
// reads it: where the provider's authorize and token endpoints are, which scopes publishing
// needs, how the client authenticates, and the provider's departures from RFC 6749. Each
// platform's own is in its folder (platforms/<name>/oauth.ts), registered by its flow in
// platforms/oauth-flows.server.ts.

export interface OAuthProvider {
  /** the company whose consent screen the user sees */
  providerName: string;
  /** the environment variables that configure the app, for messages */
  clientVariables: readonly [string, string];
  clientId?: string;
  clientSecret?: string;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: readonly string[];
  /** extra authorize parameters the provider needs (Google: offline access for a refresh token) */
  authorizeParams: Readonly<Record<string, string>>;
  /** RFC 6749 §2.3.1: HTTP Basic (X requires it for confidential clients) or the form body */
  clientAuthentication: 'basic' | 'body';
  /** whether the provider issues refresh tokens (Facebook's page tokens do not expire instead) */
  refreshes: boolean;
  /** a provider that refreshes a long-lived access token itself, by a GET grant, instead of with a refresh token */
  accessTokenRefresh?: { url: string; grantType: string };
  /**
   * how long before its expiry a token is refreshed (default five minutes): longer where an
   * expired token cannot be refreshed at all (Threads), so that the daily follower count keeps it alive
   */
  refreshWithinMs?: number;
  /** how the authorize request joins its scopes (RFC 6749 says a space; Threads documents commas) */
  scopeSeparator?: string;
  /** headers every call to the provider carries (Reddit refuses calls without a descriptive User-Agent) */
  headers?: Readonly<Record<string, string>>;
  /** the parameter that names the client in the authorize and token requests (RFC 6749's client_id; TikTok's client_key) */
  clientIdParameter?: string;
}

/** The provider's app is set up: the server can start its flow. */
export type ConfiguredOAuthProvider = OAuthProvider & { clientId: string; clientSecret: string };

export function isConfigured(provider: OAuthProvider): provider is ConfiguredOAuthProvider {
  return Boolean(provider.clientId && provider.clientSecret);
}
