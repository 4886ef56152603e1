// Mastodon: POST /api/v1/statuses on the account's own instance.
// https://docs.joinmastodon.org/methods/statuses/#create
import { z } from 'zod';
import { PublishError, publishErrorFromFetchFailure, publishErrorFromResponse } from '../errors';
import { PLATFORM_REQUEST_TIMEOUT_MS, type Publisher } from './publisher';

export const MastodonCredentialsSchema = z.object({ accessToken: z.string().min(1) });

const MastodonStatusSchema = z.object({
  id: z.string(),
  uri: z.string(),
  url: z.string().nullish(),
});

const MastodonErrorSchema = z.object({ error: z.string() });

export const MastodonAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.string(),
  url: z.string().optional(),
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

async function mastodonFetch(url: URL, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(PLATFORM_REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw publishErrorFromFetchFailure('Mastodon', error);
  }
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

export const mastodonPublisher: Publisher = {
  async publish({ content, idempotencyKey, connection }) {
    if (!connection.instanceUrl) throw new PublishError('CONNECTION_MISSING', 'The Mastodon connection has no instance URL');
    const { accessToken } = MastodonCredentialsSchema.parse(connection.credentials);
    const response = await mastodonFetch(new URL('/api/v1/statuses', connection.instanceUrl), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${accessToken}`,
        'Content-Type': 'application/json',
        // Mastodon returns the already-created status for a repeated key (kept for an hour),
        // so a retried activity cannot post twice.
        'Idempotency-Key': idempotencyKey,
      },
      body: JSON.stringify({ status: content }),
    });
    const status = MastodonStatusSchema.safeParse(await response.json().catch(() => undefined));
    if (!status.success) throw new PublishError('INVALID_RESPONSE', 'Mastodon answered with an unexpected status shape');
    return { platformPostId: status.data.id, url: status.data.url ?? status.data.uri };
  },
};
