// Mastodon's API on the account's own instance, as planrrr calls it: one fetch that maps
// the instance's answers to PublishErrors, and the lookups made when an account is
// connected (who the token belongs to, the instance's limits). The publisher
// (platforms/mastodon/publisher.server.ts) posts through the same fetch.
// https://docs.joinmastodon.org/methods/accounts/#verify_credentials
import { z } from 'zod';
import { PublishError, publishErrorFromResponse } from '../../lib/platforms/errors';
import { fetchWithinDeadline } from '../../lib/platforms/http';
import type { TokenAccountCheck, TokenConnectInput } from '../token-accounts.server';
import type { mastodonConnect } from './connect';

const MastodonErrorSchema = z.object({ error: z.string() });

export const MastodonAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.string(),
  url: z.string().optional(),
  /** the profile picture's URL; `avatar_static` is its first frame when it is animated (an instance's default otherwise) */
  avatar: z.string().optional(),
  avatar_static: z.string().optional(),
  /** https://docs.joinmastodon.org/entities/Account/#followers_count (the daily followers Schedule) */
  followers_count: z.number().int().nonnegative().optional(),
});
export type MastodonAccount = z.infer<typeof MastodonAccountSchema>;

async function errorDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    return MastodonErrorSchema.parse(JSON.parse(text)).error;
  } catch {
    return text.slice(0, 200);
  }
}

export async function mastodonFetch(url: URL, init: RequestInit, deadlineMs?: number): Promise<Response> {
  const response = await fetchWithinDeadline('Mastodon', url, init, deadlineMs);
  if (!response.ok) throw publishErrorFromResponse('Mastodon', response.status, response.headers, await errorDetail(response));
  return response;
}

/**
 * Checks an access token against its instance and returns the account it belongs to
 * (GET /api/v1/accounts/verify_credentials). Used when an account is connected.
 */
export async function verifyMastodonCredentials(instanceUrl: string, accessToken: string): Promise<MastodonAccount> {
  const response = await mastodonFetch(new URL('/api/v1/accounts/verify_credentials', instanceUrl), {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  const account = MastodonAccountSchema.safeParse(await response.json().catch(() => undefined));
  if (!account.success) throw new PublishError('INVALID_RESPONSE', 'Mastodon answered with an unexpected account shape');
  return account.data;
}

const MastodonInstanceSchema = z.object({
  configuration: z.object({ statuses: z.object({ max_characters: z.number().int().positive() }) }),
});

/**
 * The instance's own limit on a status's length (GET /api/v2/instance,
 * configuration.statuses.max_characters), or undefined when the instance does not say
 * (older versions, or not reachable): planrrr then checks against Mastodon's default.
 * https://docs.joinmastodon.org/methods/instance/#v2
 */
export async function fetchMastodonMaxCharacters(instanceUrl: string): Promise<number | undefined> {
  try {
    const response = await mastodonFetch(new URL('/api/v2/instance', instanceUrl), {});
    return MastodonInstanceSchema.parse(await response.json()).configuration.statuses.max_characters;
  } catch {
    return undefined;
  }
}

/** Connecting an account: whose the access token is on the instance the user named, and the instance's text limit. */
export const checkMastodonAccount: TokenAccountCheck<TokenConnectInput<typeof mastodonConnect>> = async (input, context) => {
  const origin = await context.userHostOrigin(input.instanceUrl, 'instanceUrl');
  const account = await context.verify(verifyMastodonCredentials(origin, input.accessToken), {
    origin,
    field: 'accessToken',
    what: 'access token',
  });
  const host = new URL(origin).host;
  return {
    // account ids are per instance
    platformAccountId: `${account.id}@${host}`,
    handle: `@${account.acct}@${host}`,
    displayName: account.display_name || account.username,
    instanceUrl: origin,
    // an instance that does not answer now keeps the limit it gave before
    maxCharacters: await fetchMastodonMaxCharacters(origin),
    credentials: { accessToken: input.accessToken },
    avatarUrl: () => Promise.resolve(account.avatar_static ?? account.avatar),
  };
};
