import { z } from 'zod';
import { captureAvatar, type AvatarFields } from '../../lib/avatar';
import { decryptSecret, encryptSecret } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { PublishError } from '../../lib/platforms/errors';
import type { PlatformConfigValues } from '../../platforms/configs';
import { TOKEN_ACCOUNT_CHECKS, type TokenAccountCheckContext } from '../../platforms/token-accounts.server';
import { listPinterestBoards } from '../../platforms/pinterest/api.server';
import { listRedditFlairs } from '../../platforms/reddit/api.server';
import { PrivateAddressError, resolvePublicAddresses } from '../../lib/network-address';
import { Prisma } from '../../prisma/generated/client';
import type { TokenPlatform } from '../../domain/post';
import type { Logger } from '../../lib/logger';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import { MEDIA_FIELDS, toMediaView } from '../media/view';
import type { ConnectInput, FollowersQuery } from './schemas';
import { analyticsRange } from '../analytics/schemas';
import { utcDayOf } from '../../domain/followers';

const CONNECTION_FIELDS = {
  id: true,
  platform: true,
  handle: true,
  displayName: true,
  instanceUrl: true,
  status: true,
  createdAt: true,
  // the picture's version, never its bytes: lists stay light
  avatarUpdatedAt: true,
  signature: true,
} as const;

/** Where the app and API clients load an account's picture (same origin), versioned so that caches refresh on reconnect. */
function avatarUrl(connection: { id: string; avatarUpdatedAt: Date | null }): string | null {
  return connection.avatarUpdatedAt ? `/api/v1/connections/${connection.id}/avatar?v=${connection.avatarUpdatedAt.getTime()}` : null;
}

/** A connection as the API and the app show it. */
function connectionView<C extends { id: string; avatarUpdatedAt: Date | null }>({ avatarUpdatedAt, ...connection }: C) {
  return { ...connection, avatarUrl: avatarUrl({ id: connection.id, avatarUpdatedAt }) };
}

export const DEMO_DISPLAY_NAME = 'Demo feed';

export interface ConnectionServiceDeps {
  db: Db;
  audit: AuditLog;
  encryptionKey: string;
  /** plain-http and loopback instance URLs are only for tests and local development */
  allowInsecurePlatformUrls: boolean;
  /** the platforms' hosts, where the credential checks of token platforms ask */
  platformConfig: PlatformConfigValues;
  /** PINTEREST_API_BASE_URL: the composer's board list */
  pinterestApiBaseUrl: string;
  /** REDDIT_API_BASE_URL and REDDIT_USER_AGENT: a subreddit's flairs */
  redditApi: { baseUrl: string; userAgent: string };
  logger: Logger;
  /** starts the account's first follower count (lib/temporal/followers-schedule.ts) */
  countFirstFollowers(connection: { id: string; teamId: string }): Promise<void>;
}

/**
 * The instance's origin, refusing URLs that would make the server call itself or its network:
 * the hostname is resolved, and every address must be public. The platform connection pool
 * checks again on each connection, for a name that resolves differently later.
 */
async function instanceOrigin(instanceUrl: string, allowInsecure: boolean, field = 'body.instanceUrl'): Promise<string> {
  const url = new URL(instanceUrl);
  if (allowInsecure) return url.origin;
  if (url.protocol !== 'https:') throw problems.validation([{ field, message: 'must be a public https:// URL' }]);
  try {
    await resolvePublicAddresses(url.hostname);
  } catch (error) {
    if (error instanceof PrivateAddressError)
      throw problems.validation([{ field, message: `must be a public https:// URL: ${error.message}` }]);
    // a name that does not resolve: the call to the instance reports it as unreachable
  }
  return url.origin;
}

/** What a failed credential check tells the user: the platform said no, or could not be asked. */
/**
 * Why an instance could not be asked, in words for the user. The error's own message (a
 * resolver's, a TLS library's, a server's body) says more than a user needs and stays in the log.
 */
function unreachableReason(error: unknown): string {
  switch (error instanceof PublishError ? error.kind : undefined) {
    case 'TIMEOUT':
      return 'it did not answer in time';
    case 'PLATFORM_UNAVAILABLE':
      return 'it answered with a server error';
    case 'RATE_LIMITED':
      return 'it asked us to slow down; try again in a minute';
    case 'INVALID_RESPONSE':
      return 'its answer was not what this platform sends';
    default:
      return 'the connection failed (check the address; it must be reachable over HTTPS with a valid certificate)';
  }
}

function credentialsProblem(error: unknown, origin: string, field: string, what: string, logger: Logger) {
  if (error instanceof PublishError && error.kind === 'AUTH_FAILED') {
    const detail = `${origin} rejected the ${what}: ${error.message}`;
    return problems.unprocessable('platform-credentials-rejected', detail, { errors: [{ field, message: detail }] });
  }
  logger.warn({ err: error, origin }, 'Could not verify a platform account');
  return problems.unprocessable('platform-unreachable', `Could not verify the account at ${origin}: ${unreachableReason(error)}.`);
}

export function createConnectionService(deps: ConnectionServiceDeps) {
  const { db, audit } = deps;
  const keepAvatar = (avatarUrl: string | undefined, platform: string) =>
    captureAvatar(avatarUrl, { logger: deps.logger, allowPrivateUrls: deps.allowInsecurePlatformUrls, platform });

  /**
   * Connecting an account the team already has is a reconnect: its connection gets the new
   * credentials and is ACTIVE again, so the posts that target it publish, and no duplicate
   * appears. Connections made before account ids were kept are matched by their handle.
   */
  async function saveTokenAccount(
    actor: Actor,
    account: Omit<Prisma.ConnectionUncheckedCreateInput, 'teamId'> & { platform: TokenPlatform; platformAccountId: string },
  ) {
    const findExisting = () =>
      db.connection.findFirst({
        where: {
          teamId: actor.teamId,
          platform: account.platform,
          OR: [{ platformAccountId: account.platformAccountId }, { platformAccountId: null, handle: account.handle }],
        },
        select: { id: true },
        orderBy: { createdAt: 'asc' },
      });
    let existing = await findExisting();
    if (!existing) {
      try {
        return {
          connection: await db.connection.create({ data: { ...account, teamId: actor.teamId }, select: CONNECTION_FIELDS }),
          reconnected: false,
        };
      } catch (error) {
        // the same account connected at the same moment by another request: this one reconnects it
        if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
        existing = await findExisting();
        if (!existing) throw error;
      }
    }
    const connection = await db.connection.update({
      where: { id: existing.id },
      data: { ...account, status: 'ACTIVE' },
      select: CONNECTION_FIELDS,
    });
    return { connection, reconnected: true };
  }

  /** A profile picture that could not be read never fails a connect: the account shows its initials. */
  const avatarOrNone =
    (platform: string) =>
    (error: unknown): AvatarFields => {
      deps.logger.warn(
        { platform, reason: error instanceof Error ? error.message : String(error) },
        'Could not read the account profile for its avatar',
      );
      return {};
    };

  /** How a platform's credential check (platforms/<name>/api.server.ts) refuses a request: as this API's problems. */
  const tokenAccountCheckContext: TokenAccountCheckContext = {
    config: deps.platformConfig,
    userHostOrigin: (url, field) => instanceOrigin(url, deps.allowInsecurePlatformUrls, `body.${field}`),
    async verify(check, { origin, field, what }) {
      try {
        return await check;
      } catch (error) {
        throw credentialsProblem(error, origin, `body.${field}`, what, deps.logger);
      }
    },
    invalid: (field, message) => problems.validation([{ field: `body.${field}`, message }]),
  };

  async function connectAccount(actor: Actor, input: ConnectInput) {
    if (input.platform === 'demo') {
      // the demo channel has no picture: the app shows its initials
      const connection = await db.connection.create({
        data: {
          teamId: actor.teamId,
          platform: 'DEMO',
          handle: 'demo',
          displayName: input.name ?? DEMO_DISPLAY_NAME,
          encryptedCredentials: encryptSecret('{}', deps.encryptionKey),
        },
        select: CONNECTION_FIELDS,
      });
      return { connection, reconnected: false };
    }

    const platform = input.platform.toUpperCase() as TokenPlatform;
    // the body was parsed with this platform's own schema (ConnectSchema)
    const account = await TOKEN_ACCOUNT_CHECKS[platform](input as never, tokenAccountCheckContext);
    const avatar = account.avatarUrl ? await account.avatarUrl().then((url) => keepAvatar(url, platform), avatarOrNone(platform)) : {};
    return saveTokenAccount(actor, {
      platform,
      platformAccountId: account.platformAccountId,
      handle: account.handle,
      displayName: account.displayName,
      // left out, a reconnect keeps what the connection had (an instance that does not answer keeps its limit)
      ...(account.instanceUrl !== undefined ? { instanceUrl: account.instanceUrl } : {}),
      ...(account.maxCharacters !== undefined ? { maxCharacters: account.maxCharacters } : {}),
      encryptedCredentials: encryptSecret(JSON.stringify(account.credentials), deps.encryptionKey),
      ...avatar,
    });
  }

  const connections = {
    async list(actor: Actor) {
      const rows = await db.connection.findMany({
        where: { teamId: actor.teamId },
        select: CONNECTION_FIELDS,
        orderBy: { createdAt: 'asc' },
      });
      return rows.map(connectionView);
    },

    /** Sets or (null) removes the text appended to this account's posts when they are created. */
    async setSignature(actor: Actor, id: string, signature: string | null) {
      const { count } = await db.connection.updateMany({ where: { id, teamId: actor.teamId }, data: { signature } });
      if (count === 0) throw problems.notFound('Connection', id);
      await audit.record(actor, 'connection.signature_set', { entityType: 'connection', entityId: id, details: { signature } });
      const connection = await db.connection.findUniqueOrThrow({ where: { id }, select: CONNECTION_FIELDS });
      return connectionView(connection);
    },

    /** The stored profile picture; 404 when the account has none (the app shows initials) or is another team's. */
    async avatar(actor: Actor, id: string) {
      const connection = await db.connection.findFirst({
        where: { id, teamId: actor.teamId },
        select: { avatarImage: true, avatarMimeType: true, avatarUpdatedAt: true },
      });
      if (!connection?.avatarImage || !connection.avatarMimeType || !connection.avatarUpdatedAt)
        throw problems.notFound('Connection avatar', id);
      return { bytes: Buffer.from(connection.avatarImage), mimeType: connection.avatarMimeType, updatedAt: connection.avatarUpdatedAt };
    },

    /**
     * The boards a Pinterest account can pin to, read from Pinterest now, for the composer's
     * board choice. 404 for another team's or another platform's connection; a token Pinterest
     * refuses is a 422 asking to reconnect.
     */
    async pinterestBoards(actor: Actor, id: string) {
      const connection = await db.connection.findFirst({
        where: { id, teamId: actor.teamId, platform: 'PINTEREST' },
        select: { encryptedCredentials: true, handle: true },
      });
      if (!connection) throw problems.notFound('Pinterest connection', id);
      const { accessToken } = z
        .object({ accessToken: z.string() })
        .parse(JSON.parse(decryptSecret(connection.encryptedCredentials, deps.encryptionKey)));
      try {
        const boards = await listPinterestBoards(deps.pinterestApiBaseUrl, accessToken);
        return { data: boards.map(({ id: boardId, name }) => ({ id: boardId, name })) };
      } catch (error) {
        if (error instanceof PublishError && error.kind === 'AUTH_FAILED') {
          throw problems.unprocessable('connection-needs-reconnect', `Pinterest refused the access of ${connection.handle}: reconnect it.`);
        }
        deps.logger.warn({ err: error }, 'Could not read Pinterest boards');
        throw problems.unprocessable('platform-unreachable', `Could not read the boards from Pinterest: ${unreachableReason(error)}.`);
      }
    },

    /**
     * The link flairs a subreddit offers, read from Reddit now with a Reddit account's access.
     * 404 for another team's or another platform's connection; Reddit's refusals are 422s.
     */
    async redditFlairs(actor: Actor, id: string, subreddit: string) {
      const connection = await db.connection.findFirst({
        where: { id, teamId: actor.teamId, platform: 'REDDIT' },
        select: { encryptedCredentials: true, handle: true },
      });
      if (!connection) throw problems.notFound('Reddit connection', id);
      const { accessToken } = z
        .object({ accessToken: z.string() })
        .parse(JSON.parse(decryptSecret(connection.encryptedCredentials, deps.encryptionKey)));
      try {
        const flairs = await listRedditFlairs(deps.redditApi, accessToken, subreddit);
        return { data: flairs.map(({ id: flairId, text }) => ({ id: flairId, text })) };
      } catch (error) {
        const status = error instanceof PublishError ? error.status : undefined;
        if (status === 401)
          throw problems.unprocessable('connection-needs-reconnect', `Reddit refused the access of ${connection.handle}: reconnect it.`);
        if (status === 403 || status === 404)
          throw problems.unprocessable(
            'flairs-unavailable',
            `r/${subreddit} does not exist or does not let ${connection.handle} choose a flair.`,
          );
        deps.logger.warn({ err: error }, 'Could not read Reddit flairs');
        throw problems.unprocessable('platform-unreachable', `Could not read the flairs from Reddit: ${unreachableReason(error)}.`);
      }
    },

    /** Each account's own text limit where its server sets one (a Mastodon instance), for the composer's counters. */
    textLimits(actor: Actor) {
      return db.connection.findMany({ where: { teamId: actor.teamId }, select: { id: true, maxCharacters: true } });
    },

    /** `reconnected`: the team already had this account, and its connection was updated. */
    async connect(actor: Actor, input: ConnectInput) {
      const { connection, reconnected } = await connectAccount(actor, input);
      return { connection: connectionView(connection), reconnected };
    },

    /** Refused while scheduled posts still target the account, so that none is silently dropped. */
    async disconnect(actor: Actor, id: string) {
      const connection = await db.connection.findFirst({ where: { id, teamId: actor.teamId }, select: { id: true } });
      if (!connection) throw problems.notFound('Connection', id);
      const pending = await db.postTarget.count({
        where: { connectionId: id, post: { status: { in: ['SCHEDULED', 'PUBLISHING'] } } },
      });
      if (pending > 0) {
        throw problems.conflict(
          'connection-in-use',
          `${pending} scheduled post(s) still target this account. Edit or cancel them before disconnecting.`,
          { scheduledPosts: pending },
        );
      }
      await db.connection.delete({ where: { id } });
    },

    /** The account's daily follower counts (the followers Schedule's) of the UTC days the range touches, oldest first. */
    async followers(actor: Actor, id: string, query: FollowersQuery) {
      const range = analyticsRange(query);
      if ('error' in range) throw problems.validation([{ field: 'query.from', message: range.error }]);
      const connection = await db.connection.findFirst({
        where: { id, teamId: actor.teamId },
        select: { id: true, platform: true, handle: true },
      });
      if (!connection) throw problems.notFound('Connection', id);
      const samples = await db.followerSample.findMany({
        // every UTC day the range [from, to) touches (a date column compares by whole days)
        where: {
          connectionId: id,
          day: { gte: new Date(utcDayOf(range.from.getTime())), lte: new Date(utcDayOf(range.to.getTime() - 1)) },
        },
        select: { day: true, takenAt: true, followers: true, missingReason: true },
        orderBy: { day: 'asc' },
      });
      return {
        connectionId: connection.id,
        platform: connection.platform,
        handle: connection.handle,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        days: samples.map((sample) => ({
          day: utcDayOf(sample.day.getTime()),
          takenAt: sample.takenAt.toISOString(),
          followers: sample.followers,
          missingReason: sample.missingReason,
        })),
      };
    },

    /** The demo channel's feed: what planrrr published to a demo connection. */
    async demoFeed(actor: Actor, connectionId: string) {
      const connection = await db.connection.findFirst({
        where: { id: connectionId, teamId: actor.teamId, platform: 'DEMO' },
        select: CONNECTION_FIELDS,
      });
      if (!connection) throw problems.notFound('Demo connection', connectionId);
      const items = await db.demoFeedItem.findMany({
        where: { connectionId },
        select: { id: true, content: true, mediaIds: true, createdAt: true },
        orderBy: { createdAt: 'desc' },
        take: 100,
      });
      // a file deleted since it was published drops out of the feed
      const media = await db.media.findMany({
        where: { id: { in: items.flatMap((item) => item.mediaIds) }, teamId: actor.teamId },
        select: MEDIA_FIELDS,
      });
      const mediaById = new Map(media.map((file) => [file.id, toMediaView(file)]));
      return {
        connection: connectionView(connection),
        items: items.map(({ mediaIds, ...item }) => ({
          ...item,
          media: mediaIds.flatMap((id) => mediaById.get(id) ?? []),
        })),
      };
    },
  };

  // Connecting and disconnecting accounts are audited, whichever way they happen.
  return {
    ...connections,
    async connect(actor: Actor, input: ConnectInput) {
      const connected = await connections.connect(actor, input);
      const { connection, reconnected } = connected;
      await audit.record(actor, 'connection.connected', {
        entityType: 'connection',
        entityId: connection.id,
        details: { platform: connection.platform, handle: connection.handle, reconnected },
      });
      await deps.countFirstFollowers({ id: connection.id, teamId: actor.teamId });
      return connected;
    },
    async disconnect(actor: Actor, id: string) {
      await connections.disconnect(actor, id);
      await audit.record(actor, 'connection.disconnected', { entityType: 'connection', entityId: id });
    },
  };
}
