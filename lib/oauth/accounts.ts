// Who granted access: after the code exchange, the flow's account discovery (in its platform's
// folder, platforms/<name>/accounts.server.ts, registered in platforms/oauth-flows.server.ts)
// asks the platform's identity endpoints which account(s) to connect, with the credentials each
// publisher reads (shapes in the README). What every discovery shares is here.
import { z } from 'zod';
import type { OAuthPlatform } from '../../domain/post';
import type { Config } from '../config';
import type { ConfiguredOAuthProvider } from './providers';
import type { TokenSet } from './tokens';

const IDENTITY_REQUEST_TIMEOUT_MS = 15_000;

export interface DiscoveredAccount {
  platform: OAuthPlatform;
  platformAccountId: string;
  handle: string;
  displayName: string;
  /** the profile picture the platform names, downloaded at connect (lib/avatar.ts) */
  avatarUrl?: string;
  credentials: Record<string, string>;
}

/** What a discovery is given beside the tokens: the configuration, and the flow's provider (for a token exchange). */
export interface AccountDiscoveryDeps {
  config: Config;
  provider: ConfiguredOAuthProvider;
}

/** A flow's account discovery (platforms/<name>/accounts.server.ts): the accounts the tokens of one authorization can publish to. */
export type AccountDiscovery = (deps: AccountDiscoveryDeps, tokens: TokenSet) => Promise<DiscoveredAccount[]>;

/** The provider answered, but not with an account planrrr can publish to (the message says why). */
export class AccountDiscoveryError extends Error {
  override name = 'AccountDiscoveryError';
}

/** One answer of the platform's identity endpoints, as `schema` parses it; any failure is an AccountDiscoveryError naming `providerName`. */
export async function getAccountJson<S extends z.ZodType>(
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

/** The credentials of a token that expires: only present keys, optional ones left out rather than stored as undefined. */
export function expiringCredentials(tokens: TokenSet): Record<string, string> {
  return {
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
  };
}
