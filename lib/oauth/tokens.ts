// The OAuth 2 authorization-code flow with PKCE (RFC 6749, RFC 7636): the authorize URL,
// the code exchange, and the refresh grant. Token responses are parsed with zod.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { OAuthProvider } from './providers';

const TOKEN_REQUEST_TIMEOUT_MS = 15_000;

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** ISO 8601; absent when the token does not expire */
  expiresAt?: string;
}

/**
 * The provider refused (REFUSED: invalid_grant, a revoked or expired refresh token, a bad
 * client; only the user reconnecting helps) or could not answer (UNAVAILABLE: 5xx, network,
 * an unreadable answer; trying again later may help).
 */
export class OAuthTokenError extends Error {
  override name = 'OAuthTokenError';

  constructor(
    readonly kind: 'REFUSED' | 'UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
}

/** RFC 7636 §4.1: 32 random bytes, base64url (43 characters). */
export function createCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** RFC 7636 §4.2: S256. */
export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function authorizeUrl(
  provider: OAuthProvider & { clientId: string },
  params: { redirectUri: string; state: string; codeVerifier: string },
): string {
  const url = new URL(provider.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    [provider.clientIdParameter ?? 'client_id']: provider.clientId,
    redirect_uri: params.redirectUri,
    scope: provider.scopes.join(provider.scopeSeparator ?? ' '),
    state: params.state,
    code_challenge: codeChallenge(params.codeVerifier),
    code_challenge_method: 'S256',
    ...provider.authorizeParams,
  }).toString();
  return url.toString();
}

/** RFC 6749 §5.1. `expires_in` may arrive as a string (LinkedIn, older Graph versions). */
const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
});

/** RFC 6749 §5.2, and Facebook's `{error: {message, type, code}}`. */
const TokenErrorSchema = z.object({
  error: z.union([z.string(), z.object({ message: z.string() }).loose()]),
  error_description: z.string().optional(),
});

function describeError(body: unknown): string | undefined {
  const parsed = TokenErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { error, error_description } = parsed.data;
  return typeof error === 'string' ? (error_description ? `${error}: ${error_description}` : error) : error.message;
}

/** Posts a grant to the provider's token endpoint and reads the tokens it answers with. */
export function requestTokens(
  provider: OAuthProvider & { clientId: string; clientSecret: string },
  grant: Record<string, string>,
  now = Date.now(),
): Promise<TokenSet> {
  const body = new URLSearchParams(grant);
  const headers: Record<string, string> = {
    ...provider.headers,
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (provider.clientAuthentication === 'basic') {
    const credentials = `${encodeURIComponent(provider.clientId)}:${encodeURIComponent(provider.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  } else {
    body.set(provider.clientIdParameter ?? 'client_id', provider.clientId);
    body.set('client_secret', provider.clientSecret);
  }
  return readTokens(provider, provider.tokenUrl, { method: 'POST', headers, body }, now);
}

/**
 * A grant the provider takes as a GET with its parameters in the query, such as Threads'
 * long-lived token exchange (`th_exchange_token`) and refresh (`th_refresh_token`).
 */
export function requestTokensWithGet(provider: OAuthProvider, url: string, grant: Record<string, string>, now = Date.now()) {
  const target = new URL(url);
  target.search = new URLSearchParams(grant).toString();
  return readTokens(provider, target.toString(), { headers: { accept: 'application/json' } }, now);
}

async function readTokens(provider: OAuthProvider, url: string, init: RequestInit, now: number): Promise<TokenSet> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new OAuthTokenError('UNAVAILABLE', `Could not reach ${provider.providerName}'s token endpoint${cause}`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const detail = describeError(json) ?? (text.slice(0, 200) || response.statusText);
    const kind = response.status === 400 || response.status === 401 || response.status === 403 ? 'REFUSED' : 'UNAVAILABLE';
    throw new OAuthTokenError(kind, `${provider.providerName} refused the token request (${response.status}): ${detail}`);
  }
  const tokens = TokenResponseSchema.safeParse(json);
  // TikTok answers a refused grant with 200 and RFC 6749's error body
  const refusal = tokens.success ? undefined : describeError(json);
  if (refusal) throw new OAuthTokenError('REFUSED', `${provider.providerName} refused the token request: ${refusal}`);
  if (!tokens.success) {
    throw new OAuthTokenError('UNAVAILABLE', `${provider.providerName}'s token endpoint answered without an access token`);
  }
  const { access_token, refresh_token, expires_in } = tokens.data;
  return {
    accessToken: access_token,
    ...(refresh_token ? { refreshToken: refresh_token } : {}),
    ...(expires_in ? { expiresAt: new Date(now + expires_in * 1000).toISOString() } : {}),
  };
}

export function exchangeCode(
  provider: OAuthProvider & { clientId: string; clientSecret: string },
  params: { code: string; codeVerifier: string; redirectUri: string },
): Promise<TokenSet> {
  return requestTokens(provider, {
    grant_type: 'authorization_code',
    code: params.code,
    redirect_uri: params.redirectUri,
    code_verifier: params.codeVerifier,
  });
}

/**
 * RFC 6749 §6. X rotates refresh tokens; Google keeps the old one (then none comes back).
 * A provider with `accessTokenRefresh` (Threads) has no refresh tokens: `token` is the
 * long-lived access token itself, which it exchanges for a new one.
 */
export function refreshTokens(provider: OAuthProvider & { clientId: string; clientSecret: string }, token: string): Promise<TokenSet> {
  if (provider.accessTokenRefresh) {
    const { url, grantType } = provider.accessTokenRefresh;
    return requestTokensWithGet(provider, url, { grant_type: grantType, access_token: token });
  }
  return requestTokens(provider, { grant_type: 'refresh_token', refresh_token: token });
}
