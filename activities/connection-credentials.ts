// The credentials a publisher gets: decrypted, and refreshed first when the access token
// expires within five minutes (or the platform has just refused it). A provider that
// refuses the refresh means only the user can fix it: the connection is marked
// NEEDS_RECONNECT and publishing to it fails at once with RECONNECT_NEEDED.
import { z } from 'zod';
import type { Platform } from '../domain/post';
import { decryptSecret, encryptSecret, type KeyRing } from '../lib/crypto';
import type { Db } from '../lib/db';
import { isConfigured, type ConfiguredOAuthProvider } from '../lib/oauth/providers';
import { OAUTH_PLATFORMS, isOAuthPlatform, type OAuthProviders } from '../platforms/oauth-flows.server';
import { OAuthTokenError, refreshTokens } from '../lib/oauth/tokens';
import { PublishError } from '../lib/platforms/errors';

export const REFRESH_WHEN_EXPIRING_WITHIN_MS = 5 * 60 * 1000;
/** the refresh runs while the connection's row is locked; the token request's own timeout is shorter */
const REFRESH_TRANSACTION_TIMEOUT_MS = 30_000;

/** The fields of OAuth credentials this module reads; each platform's own fields pass through. */
const OAuthCredentialsSchema = z.looseObject({
  accessToken: z.string().optional(),
  refreshToken: z.string().optional(),
  expiresAt: z.string().optional(),
});
type Credentials = z.infer<typeof OAuthCredentialsSchema>;

export interface ConnectionForCredentials {
  id: string;
  platform: Platform;
  handle: string;
  encryptedCredentials: string;
  status: 'ACTIVE' | 'NEEDS_RECONNECT';
}

export interface ConnectionCredentialsDeps {
  db: Db;
  keys: KeyRing;
  providers: OAuthProviders;
  /** tells the team's admins (lib/notifications/events.ts); absent where a test publishes without a worker */
  notifyNeedsReconnect?: (connectionId: string) => Promise<void>;
}

export function createConnectionCredentials(deps: ConnectionCredentialsDeps) {
  const { db, keys, providers } = deps;

  function decrypt(encrypted: string): Credentials {
    return OAuthCredentialsSchema.parse(JSON.parse(decryptSecret(encrypted, keys)));
  }

  /** The provider that can refresh this platform's tokens, if it issues refresh tokens and is configured. */
  function refreshingProvider(platform: Platform): ConfiguredOAuthProvider | undefined {
    if (!isOAuthPlatform(platform)) return undefined;
    const provider = providers[OAUTH_PLATFORMS[platform]];
    return provider.refreshes && isConfigured(provider) ? provider : undefined;
  }

  /** What the provider refreshes with: the refresh token, or the long-lived access token itself (Threads). */
  function refreshingToken(provider: ConfiguredOAuthProvider, credentials: Credentials): string | undefined {
    return provider.accessTokenRefresh ? credentials.accessToken : credentials.refreshToken;
  }

  async function markNeedsReconnect(connectionId: string): Promise<void> {
    // only the first refusal marks the time: a retried activity finds it marked, and its notification sent once
    await db.connection.updateMany({
      where: { id: connectionId, status: 'ACTIVE' },
      data: { status: 'NEEDS_RECONNECT', needsReconnectSince: new Date() },
    });
    await deps.notifyNeedsReconnect?.(connectionId);
  }

  async function reconnectNeeded(connection: ConnectionForCredentials, why: string): Promise<PublishError> {
    await markNeedsReconnect(connection.id);
    return new PublishError('RECONNECT_NEEDED', `Reconnect the ${connection.platform} account ${connection.handle}: ${why}`);
  }

  /**
   * Refreshes under a lock on the connection's row, so two publishes to one account never
   * spend the same refresh token (X's are single-use): the second one finds the first one's
   * tokens and uses them.
   */
  async function refresh(connection: ConnectionForCredentials, provider: ConfiguredOAuthProvider, seen: Credentials, force: boolean) {
    type Outcome = { ok: true; credentials: Credentials } | { ok: false; error: OAuthTokenError };
    const outcome = await db.$transaction(
      async (tx): Promise<Outcome> => {
        await tx.$queryRaw`SELECT id FROM "Connection" WHERE id = ${connection.id} FOR UPDATE`;
        const row = await tx.connection.findUnique({ where: { id: connection.id }, select: { encryptedCredentials: true } });
        if (!row) throw new PublishError('CONNECTION_MISSING', 'The account was disconnected');
        const current = decrypt(row.encryptedCredentials);
        const refreshedMeanwhile = current.accessToken !== seen.accessToken;
        if (refreshedMeanwhile || (!force && !expiresSoon(current, provider.refreshWithinMs))) return { ok: true, credentials: current };
        const token = refreshingToken(provider, current);
        if (!token) return { ok: true, credentials: current };
        try {
          const tokens = await refreshTokens(provider, token);
          const { expiresAt: _previousExpiry, ...rest } = current;
          const next: Credentials = {
            ...rest,
            accessToken: tokens.accessToken,
            refreshToken: tokens.refreshToken ?? current.refreshToken,
            ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
          };
          await tx.connection.update({
            where: { id: connection.id },
            data: { encryptedCredentials: encryptSecret(JSON.stringify(next), keys.current) },
          });
          return { ok: true, credentials: next };
        } catch (error) {
          if (error instanceof OAuthTokenError) return { ok: false, error };
          throw error;
        }
      },
      { timeout: REFRESH_TRANSACTION_TIMEOUT_MS, maxWait: REFRESH_TRANSACTION_TIMEOUT_MS },
    );
    if (outcome.ok) return outcome.credentials;
    if (outcome.error.kind === 'REFUSED') throw await reconnectNeeded(connection, outcome.error.message);
    throw new PublishError('PLATFORM_UNAVAILABLE', `Could not refresh the access token: ${outcome.error.message}`);
  }

  /** Whether a token the platform refused can be replaced by refreshing it. */
  function canRefresh(connection: ConnectionForCredentials): boolean {
    const provider = refreshingProvider(connection.platform);
    return Boolean(provider && refreshingToken(provider, decrypt(connection.encryptedCredentials)));
  }

  /**
   * The credentials to publish with now. `refusedAccessToken`: the platform refused this
   * access token, so replace it even if it has not expired.
   */
  async function forPublishing(
    connection: ConnectionForCredentials,
    options: { refusedAccessToken?: string } = {},
  ): Promise<Record<string, unknown>> {
    const credentials = decrypt(connection.encryptedCredentials);
    const force = options.refusedAccessToken !== undefined;
    const provider = refreshingProvider(connection.platform);
    if (!force && !expiresSoon(credentials, provider?.refreshWithinMs)) return credentials;
    if (!provider || !refreshingToken(provider, credentials)) {
      if (force) throw await reconnectNeeded(connection, 'the platform refused its access token, and it cannot be refreshed');
      if (isExpired(credentials)) throw await reconnectNeeded(connection, 'its access token expired, and it cannot be refreshed');
      return credentials; // still valid for a few minutes: use it while it lasts
    }
    return refresh(connection, provider, force ? { ...credentials, accessToken: options.refusedAccessToken } : credentials, force);
  }

  return {
    forPublishing,

    /**
     * Runs `publish` with fresh credentials. A connection that needs reconnecting fails at
     * once; a token the platform refuses (AUTH_FAILED) is refreshed once and tried again,
     * and if that cannot help, the connection is marked NEEDS_RECONNECT.
     */
    async publishWithFreshCredentials<T>(
      connection: ConnectionForCredentials,
      publish: (credentials: Record<string, unknown>) => Promise<T>,
    ): Promise<T> {
      if (connection.status === 'NEEDS_RECONNECT') {
        throw new PublishError(
          'RECONNECT_NEEDED',
          `Reconnect the ${connection.platform} account ${connection.handle}: the platform no longer accepts its access, so nothing was sent`,
        );
      }
      const credentials = await forPublishing(connection);
      try {
        return await publish(credentials);
      } catch (error) {
        if (!(error instanceof PublishError && error.kind === 'AUTH_FAILED')) throw error;
        if (!canRefresh(connection)) {
          await markNeedsReconnect(connection.id);
          throw error;
        }
        const refusedAccessToken = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
        try {
          return await publish(await forPublishing(connection, { refusedAccessToken }));
        } catch (retryError) {
          if (retryError instanceof PublishError && retryError.kind === 'AUTH_FAILED') await markNeedsReconnect(connection.id);
          throw retryError;
        }
      }
    },
  };
}

function expiresSoon(credentials: Credentials, withinMs = REFRESH_WHEN_EXPIRING_WITHIN_MS, now = Date.now()): boolean {
  const expiresAt = credentials.expiresAt ? Date.parse(credentials.expiresAt) : Number.NaN;
  return Number.isFinite(expiresAt) && expiresAt - now < withinMs;
}

function isExpired(credentials: Credentials, now = Date.now()): boolean {
  const expiresAt = credentials.expiresAt ? Date.parse(credentials.expiresAt) : Number.NaN;
  return Number.isFinite(expiresAt) && expiresAt <= now;
}

export type ConnectionCredentials = ReturnType<typeof createConnectionCredentials>;
