// Connecting accounts through OAuth 2 (authorization code + PKCE + state). /authorize
// stores a single-use, ten-minute record of the flow (state hashed, PKCE verifier
// encrypted) and sends the user to the provider; /callback claims that record, exchanges
// the code, reads the account(s) and creates or updates their connections. Connecting the
// same account again updates its connection and clears NEEDS_RECONNECT.
import { captureAvatar, type AvatarFields } from '../../lib/avatar';
import { keyRing, type Config } from '../../lib/config';
import { decryptSecret, encryptSecret, randomToken, sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import type { Logger } from '../../lib/logger';
import { AccountDiscoveryError } from '../../lib/oauth/accounts';
import { isConfigured } from '../../lib/oauth/providers';
import { OAUTH_PLATFORMS, discoverAccounts, oauthProviders, type OAuthFlow } from '../../platforms/oauth-flows.server';
import { OAuthTokenError, authorizeUrl, createCodeVerifier, exchangeCode } from '../../lib/oauth/tokens';
import { safeRedirect } from '../../lib/safe-redirect';
import { isTokenPlatform, PLATFORMS, type OAuthPlatform, type Platform } from '../../domain/post';
import { roleAllows } from '../../domain/permissions';
import type { AuditLog } from '../audit/service';
import { membershipRole, type Actor } from '../auth/actor';
import { ProblemError, problems } from '../http/problem';
import type { OAuthCallbackQuery } from './schemas';

const AUTHORIZATION_TTL_MS = 10 * 60 * 1000;
const AVATAR_DOWNLOADS_AT_ONCE = 6;
export const CONNECTIONS_PAGE = '/connections';

export interface OAuthServiceDeps {
  config: Config;
  db: Db;
  audit: AuditLog;
  logger: Logger;
  /** starts the account's first follower count (lib/temporal/followers-schedule.ts) */
  countFirstFollowers(connection: { id: string; teamId: string }): Promise<void>;
}

export function platformSlug(platform: Platform): string {
  return platform.toLowerCase();
}

export function authorizePath(platform: OAuthPlatform): string {
  return `/api/v1/connections/${platformSlug(platform)}/authorize`;
}

function invalidState(): ProblemError {
  return new ProblemError(
    400,
    'invalid-oauth-state',
    'invalid OAuth state',
    'This sign-in link is unknown, expired or was already used. Start connecting the account again.',
  );
}

/** Where the browser lands after the callback: the web app, with a message for the user. */
function landing(publicUrl: string, returnTo: string, outcome: 'connected' | 'error', message: string): string {
  const url = new URL(safeRedirect(returnTo, CONNECTIONS_PAGE), publicUrl);
  url.searchParams.set('oauth', outcome);
  url.searchParams.set('message', message);
  return url.toString();
}

function describeConnected(accounts: Array<{ platform: string; handle: string }>): string {
  const names = accounts.map((account) => `${account.handle} (${account.platform})`);
  return `Connected ${names.join(', ')}.`;
}

export function createOAuthService(deps: OAuthServiceDeps) {
  const { config, db } = deps;
  const providers = oauthProviders(config);
  const redirectUri = (flow: OAuthFlow) => `${config.PUBLIC_URL.replace(/\/$/, '')}/api/v1/connections/${platformSlug(flow)}/callback`;

  return {
    /** Every platform, how it connects and whether this server can connect it now. */
    platforms() {
      return PLATFORMS.map((platform) => {
        if (platform in OAUTH_PLATFORMS) {
          const oauthPlatform = platform as OAuthPlatform;
          const provider = providers[OAUTH_PLATFORMS[oauthPlatform]];
          return {
            platform,
            connectsWith: 'oauth' as const,
            configured: isConfigured(provider),
            provider: provider.providerName,
            authorizePath: authorizePath(oauthPlatform),
            setupVariables: [...provider.clientVariables],
          };
        }
        return {
          platform,
          connectsWith: isTokenPlatform(platform) ? ('token' as const) : ('demo' as const),
          configured: true,
          provider: null,
          authorizePath: null,
          setupVariables: [],
        };
      });
    },

    /** Starts a flow: the URL of the provider's consent screen. */
    async authorize(actor: Actor, platform: OAuthPlatform, returnTo = CONNECTIONS_PAGE): Promise<{ authorizeUrl: string }> {
      const flow = OAUTH_PLATFORMS[platform];
      const provider = providers[flow];
      if (!isConfigured(provider)) {
        throw problems.unprocessable(
          'platform-not-configured',
          `Connecting ${platform} needs a ${provider.providerName} app: the server's administrator sets ${provider.clientVariables.join(' and ')} (see the README).`,
        );
      }
      const state = randomToken();
      const codeVerifier = createCodeVerifier();
      await db.oAuthAuthorization.create({
        data: {
          stateHash: sha256(state),
          platform: flow,
          teamId: actor.teamId,
          userId: actor.userId,
          encryptedCodeVerifier: encryptSecret(codeVerifier, config.ENCRYPTION_KEY),
          returnTo,
          expiresAt: new Date(Date.now() + AUTHORIZATION_TTL_MS),
        },
      });
      // expired flows are only ever read to be refused: clear them out as new ones start
      await db.oAuthAuthorization.deleteMany({ where: { expiresAt: { lt: new Date() } } });
      return { authorizeUrl: authorizeUrl(provider, { redirectUri: redirectUri(flow), state, codeVerifier }) };
    },

    /**
     * Finishes a flow. An unknown, expired, reused or other platform's state is a 400 and
     * stores nothing; everything after that lands on the web app with a message.
     */
    async callback(flow: OAuthFlow, query: OAuthCallbackQuery): Promise<{ redirectTo: string }> {
      if (!query.state) throw invalidState();
      const authorization = await db.oAuthAuthorization.findUnique({ where: { stateHash: sha256(query.state) } });
      if (!authorization) throw invalidState();
      // single use: whoever deletes the record owns the flow
      const { count } = await db.oAuthAuthorization.deleteMany({ where: { id: authorization.id } });
      if (count !== 1 || authorization.expiresAt.getTime() < Date.now() || authorization.platform !== flow) throw invalidState();

      const provider = providers[flow];
      const fail = (message: string) => ({ redirectTo: landing(config.PUBLIC_URL, authorization.returnTo, 'error', message) });
      if (query.error) {
        return fail(
          query.error === 'access_denied'
            ? `You declined access on ${provider.providerName}; no account was connected.`
            : `${provider.providerName} did not grant access (${query.error_description ?? query.error}); no account was connected.`,
        );
      }
      if (!query.code) return fail(`${provider.providerName} sent no authorization code; no account was connected.`);
      if (!isConfigured(provider)) return fail(`${provider.providerName} is no longer configured on this server.`);
      const role = await membershipRole(db, authorization.userId, authorization.teamId);
      if (!role || !roleAllows(role, 'connections:write')) return fail('You may no longer connect accounts in this team.');

      let accounts;
      try {
        const codeVerifier = decryptSecret(authorization.encryptedCodeVerifier, keyRing(config));
        const tokens = await exchangeCode(provider, { code: query.code, codeVerifier, redirectUri: redirectUri(flow) });
        accounts = await discoverAccounts(flow, { config, provider }, tokens);
      } catch (error) {
        if (error instanceof OAuthTokenError || error instanceof AccountDiscoveryError) {
          return fail(`${error.message}. No account was connected.`);
        }
        throw error;
      }

      // downloaded before the transaction, so that it holds no connection while pictures arrive;
      // a few at a time, since one Facebook user may manage many Pages
      const avatars: AvatarFields[] = [];
      for (let start = 0; start < accounts.length; start += AVATAR_DOWNLOADS_AT_ONCE) {
        const batch = accounts.slice(start, start + AVATAR_DOWNLOADS_AT_ONCE);
        avatars.push(
          ...(await Promise.all(
            batch.map((account) =>
              captureAvatar(account.avatarUrl, {
                logger: deps.logger,
                allowPrivateUrls: config.ALLOW_INSECURE_PLATFORM_URLS,
                platform: account.platform,
              }),
            ),
          )),
        );
      }
      const connected = await db.$transaction(
        accounts.map((account, index) =>
          db.connection.upsert({
            where: {
              teamId_platform_platformAccountId: {
                teamId: authorization.teamId,
                platform: account.platform,
                platformAccountId: account.platformAccountId,
              },
            },
            create: {
              teamId: authorization.teamId,
              platform: account.platform,
              platformAccountId: account.platformAccountId,
              handle: account.handle,
              displayName: account.displayName,
              encryptedCredentials: encryptSecret(JSON.stringify(account.credentials), config.ENCRYPTION_KEY),
              ...avatars[index],
            },
            update: {
              handle: account.handle,
              displayName: account.displayName,
              encryptedCredentials: encryptSecret(JSON.stringify(account.credentials), config.ENCRYPTION_KEY),
              status: 'ACTIVE',
              // a reconnect refreshes the picture; a failed download keeps the one stored
              ...avatars[index],
            },
            select: { id: true, platform: true, handle: true },
          }),
        ),
      );
      // the flow was started by a logged-in person in the app, or by an API client for one
      const actor = { userId: authorization.userId, teamId: authorization.teamId, via: 'session' as const };
      for (const connection of connected) {
        await deps.audit.record(actor, 'connection.connected', {
          entityType: 'connection',
          entityId: connection.id,
          details: { platform: connection.platform, handle: connection.handle, via: 'oauth' },
        });
        await deps.countFirstFollowers({ id: connection.id, teamId: authorization.teamId });
      }
      return { redirectTo: landing(config.PUBLIC_URL, authorization.returnTo, 'connected', describeConnected(accounts)) };
    },
  };
}

export type OAuthService = ReturnType<typeof createOAuthService>;
