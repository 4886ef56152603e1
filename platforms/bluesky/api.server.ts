// Bluesky's API (AT Protocol XRPC) on the account's own PDS, as planrrr calls it: how its
// answers map to PublishErrors, and the lookups made when an account is connected (a
// session from the app password, the profile's picture) or counted (its followers). The publisher
// (platforms/bluesky/publisher.server.ts) logs in and posts through the same pieces.
// https://docs.bsky.app/docs/api/com-atproto-server-create-session
import { z } from 'zod';
import { PublishError } from '../../lib/platforms/errors';
import { firstString, platformFetch, readJson, resetHeaderDelayMs, type PlatformApi } from '../../lib/platforms/http';
import type { TokenAccountCheck, TokenConnectInput } from '../token-accounts.server';
import type { blueskyConnect } from './connect';

const SessionSchema = z.object({ accessJwt: z.string(), did: z.string(), handle: z.string() });
// https://docs.bsky.app/docs/api/app-bsky-actor-get-profile: a ProfileViewDetailed, whose counts are optional
const ProfileSchema = z.object({
  did: z.string(),
  avatar: z.string().optional(),
  followersCount: z.number().int().nonnegative().optional(),
});
const XrpcErrorSchema = z.object({ error: z.string().optional(), message: z.string().optional() });

export const blueskyApi: PlatformApi = {
  name: 'Bluesky',
  errorDetail: (body) =>
    firstString(body, (json) => {
      const error = XrpcErrorSchema.safeParse(json);
      return error.success ? [error.data.error, error.data.message].filter(Boolean).join(': ') || undefined : undefined;
    }),
  // A session's token the PDS no longer takes is a 400 (ExpiredToken, InvalidToken): an auth
  // failure, which a kept session answers with a new login (sessions.server.ts)
  classify: (status, detail) =>
    status === 400 && /^(ExpiredToken|InvalidToken)\b/.test(detail)
      ? new PublishError('AUTH_FAILED', `Bluesky answered ${status}: ${detail}`, undefined, status)
      : undefined,
  // https://docs.bsky.app/docs/advanced-guides/rate-limits: RateLimit-Reset is epoch seconds
  rateLimitResetMs: (headers, now) => resetHeaderDelayMs(headers, 'ratelimit-reset', now),
};

export const xrpc = (serviceUrl: string, method: string) => new URL(`/xrpc/${method}`, serviceUrl);

/** Logs in with an app password; used to verify an account when it is connected and before each post. */
export async function createBlueskySession(serviceUrl: string, identifier: string, appPassword: string) {
  const response = await platformFetch(blueskyApi, xrpc(serviceUrl, 'com.atproto.server.createSession'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ identifier, password: appPassword }),
  });
  return readJson(blueskyApi, response, SessionSchema, 'session');
}

/**
 * The session's own profile (app.bsky.actor.getProfile, through its PDS, which forwards it to
 * the AppView): its picture URL when it has one (at connect), its follower count (daily).
 */
export async function fetchBlueskyProfile(serviceUrl: string, session: { accessJwt: string; did: string }) {
  const url = xrpc(serviceUrl, 'app.bsky.actor.getProfile');
  url.searchParams.set('actor', session.did);
  const response = await platformFetch(blueskyApi, url, { headers: { Authorization: `Bearer ${session.accessJwt}` } });
  return readJson(blueskyApi, response, ProfileSchema, 'profile');
}

/** Connecting an account: logging in with the app password (createSession) checks it and gives the account's DID. */
export const checkBlueskyAccount: TokenAccountCheck<TokenConnectInput<typeof blueskyConnect>> = async (input, context) => {
  // the default PDS is the operator's choice (BLUESKY_DEFAULT_SERVICE_URL), checked only when a user names one
  const origin = input.serviceUrl
    ? await context.userHostOrigin(input.serviceUrl, 'serviceUrl')
    : new URL(context.config.BLUESKY_DEFAULT_SERVICE_URL).origin;
  const session = await context.verify(createBlueskySession(origin, input.handle, input.appPassword), {
    origin,
    field: 'appPassword',
    what: 'handle and app password',
  });
  return {
    // the DID stays when the handle changes
    platformAccountId: session.did,
    handle: `@${session.handle}`,
    displayName: session.handle,
    instanceUrl: origin,
    credentials: { identifier: input.handle, appPassword: input.appPassword, serviceUrl: origin, did: session.did },
    avatarUrl: async () => (await fetchBlueskyProfile(origin, session)).avatar,
  };
};
