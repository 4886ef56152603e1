// Keeping OAuth tokens fresh before publishing, against real PostgreSQL and the fake OAuth
// provider: the refresh module on its own, and the publishToTarget activity (in Temporal's
// mock activity environment) with a test publisher that accepts only live access tokens,
// as a platform would. Outcomes are read back through the real API.
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createConnectionCredentials, type ConnectionCredentials } from '../../activities/connection-credentials';
import { PublishError } from '../../lib/platforms/errors';
import { createPublishToTarget, type PublishInput, type PublishResult } from '../../activities/publish-to-target';
import type { Publisher, PublishRequest } from '../../activities/publishers/publisher';
import type { RunningServer } from '../../api/server';
import { keyRing } from '../../lib/config';
import { decryptSecret, encryptSecret } from '../../lib/crypto';
import { createDb, type Db } from '../../lib/db';
import { createMediaStore } from '../../lib/media-store';
import { oauthProviders } from '../../platforms/oauth-flows.server';
import { FakeOAuthProvider, type FakeProviderName } from '../fakes/oauth-provider';
import { signUpWithToken, startApi, testEnv, type ApiClient, type TestEnv } from '../support/harness';

jest.setTimeout(120_000);

const provider = new FakeOAuthProvider();
let env: TestEnv;
let server: RunningServer;
let db: Db;
let credentials: ConnectionCredentials;
let api: ApiClient;
let teamId: string;
let userId: string;

beforeAll(async () => {
  await provider.start();
  env = testEnv(provider.env());
  server = await startApi(env);
  db = createDb(env.config.DATABASE_URL);
  credentials = createConnectionCredentials({ db, keys: keyRing(env.config), providers: oauthProviders(env.config) });
  ({ api } = await signUpWithToken(server.url, 'Rita'));
  const me = (await api.get('/api/v1/me')).body;
  teamId = me.currentTeamId;
  userId = me.user.id;
});

afterAll(async () => {
  await Promise.allSettled([server?.close(), provider.stop(), db?.$disconnect()]);
});

/**
 * Expected failures are the point of these tests: keep the activity's warnings out of the output.
 * The heartbeat timeout is the one the post workflow gives every publish.
 */
const activityEnvironment = () => new MockActivityEnvironment({ heartbeatTimeoutMs: 30_000 }, { logger: new DefaultLogger('ERROR') });

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** A connection as the OAuth callback stores it, with an access token expiring at `expiresAt`. */
async function connection(
  platform: 'X' | 'YOUTUBE' | 'LINKEDIN',
  fake: FakeProviderName,
  expiresAt: string,
  extra: Record<string, string> = {},
) {
  const stored = { ...extra, accessToken: `stale-${Math.random()}`, refreshToken: provider.issueRefreshToken(fake), expiresAt };
  return db.connection.create({
    data: {
      teamId,
      platform,
      platformAccountId: `account-${Math.random()}`,
      handle: `@${platform.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`,
      displayName: platform,
      encryptedCredentials: encryptSecret(JSON.stringify(stored), env.config.ENCRYPTION_KEY),
    },
    select: { id: true, platform: true, handle: true, encryptedCredentials: true, status: true },
  });
}

async function stored(connectionId: string) {
  const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { encryptedCredentials: true, status: true } });
  return { status: row.status, credentials: JSON.parse(decryptSecret(row.encryptedCredentials, env.config.ENCRYPTION_KEY)) };
}

describe('the refresh module', () => {
  test('a token expiring within five minutes is refreshed, stored encrypted, and returned', async () => {
    const account = await connection('X', 'x', inMinutes(2));
    const before = provider.refreshes.x;
    const fresh = await credentials.forPublishing(account);
    expect(provider.refreshes.x).toBe(before + 1);
    expect(provider.isAccessToken(fresh.accessToken)).toBe(true);
    const after = await stored(account.id);
    expect(after.credentials).toEqual(fresh);
    expect(after.credentials.refreshToken).not.toBe(
      JSON.parse(decryptSecret(account.encryptedCredentials, env.config.ENCRYPTION_KEY)).refreshToken,
    );
    expect(Date.parse(after.credentials.expiresAt)).toBeGreaterThan(Date.now() + 60 * 60_000);
  });

  test('a token valid for longer is used as it is', async () => {
    const account = await connection('LINKEDIN', 'linkedin', inMinutes(60), { authorUrn: 'urn:li:person:abc' });
    const before = provider.refreshes.linkedin;
    const used = await credentials.forPublishing(account);
    expect(used).toMatchObject({ authorUrn: 'urn:li:person:abc', accessToken: expect.stringMatching(/^stale-/) });
    expect(provider.refreshes.linkedin).toBe(before);
  });

  test('Google keeps the refresh token (none comes back) and the channel id stays', async () => {
    const account = await connection('YOUTUBE', 'google', inMinutes(-30), { channelId: 'UC1' });
    const original = JSON.parse(decryptSecret(account.encryptedCredentials, env.config.ENCRYPTION_KEY));
    const fresh = await credentials.forPublishing(account);
    expect(fresh).toMatchObject({ channelId: 'UC1', refreshToken: original.refreshToken });
    expect(provider.isAccessToken(fresh.accessToken)).toBe(true);
  });

  test('publishes racing for one expiring X account spend its single-use refresh token once', async () => {
    const account = await connection('X', 'x', inMinutes(1));
    const before = provider.refreshes.x;
    const results = await Promise.all([
      credentials.forPublishing(account),
      credentials.forPublishing(account),
      credentials.forPublishing(account),
    ]);
    expect(provider.refreshes.x).toBe(before + 1);
    expect(new Set(results.map((result) => result.accessToken)).size).toBe(1);
    expect((await stored(account.id)).status).toBe('ACTIVE');
  });

  test('a refused refresh marks the connection NEEDS_RECONNECT and fails with RECONNECT_NEEDED', async () => {
    const account = await connection('X', 'x', inMinutes(1));
    provider.refuseRefreshes('x');
    try {
      const failure = await credentials.forPublishing(account).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PublishError);
      expect(failure).toMatchObject({ kind: 'RECONNECT_NEEDED', retryable: false });
      expect((failure as Error).message).toMatch(/Reconnect the X account .*invalid_grant/);
      expect((await stored(account.id)).status).toBe('NEEDS_RECONNECT');
    } finally {
      provider.refuseRefreshes('x', false);
    }
  });
});

describe('publishToTarget', () => {
  /** Accepts only access tokens the fake provider considers live, like a platform. */
  const sent: PublishRequest[] = [];
  const testPublisher: Publisher = {
    async publish(request) {
      sent.push(request);
      if (!provider.isAccessToken(request.connection.credentials.accessToken)) {
        throw new PublishError('AUTH_FAILED', 'X answered 401: Unauthorized');
      }
      return { platformPostId: `x-${sent.length}`, url: `https://x.example/status/${sent.length}` };
    },
  };

  async function postTo(connectionId: string) {
    const post = await db.post.create({
      data: {
        teamId,
        authorId: userId,
        content: 'Fresh tokens',
        publishAt: new Date(),
        status: 'PUBLISHING',
        targets: { create: [{ connectionId }] },
      },
      select: { id: true },
    });
    const input: PublishInput = {
      postId: post.id,
      teamId,
      connectionId,
      content: 'Fresh tokens',
      mediaIds: [],
      revision: 1,
      idempotencyKey: `planrrr-${post.id}-${connectionId}-r1`,
      publishAt: new Date().toISOString(),
    };
    return input;
  }

  function publishToTarget() {
    return createPublishToTarget({
      db,
      credentials,
      publishers: { X: testPublisher },
      mediaStore: createMediaStore(env.config),
      publicUrl: env.config.PUBLIC_URL,
      sessionSecret: env.config.SESSION_SECRET,
    }).publishToTarget;
  }

  async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }

  test('a token near expiry is refreshed before publishing, and the post goes out with the new one', async () => {
    const account = await connection('X', 'x', inMinutes(3));
    const input = await postTo(account.id);
    const answer = await activityEnvironment().run(publishToTarget(), input);
    const result = answer as PublishResult;
    expect(result.platformPostId).toMatch(/^x-/);
    expect(provider.isAccessToken(sent.at(-1)!.connection.credentials.accessToken)).toBe(true);
    expect((await api.get(`/api/v1/posts/${input.postId}`)).body.targets[0]).toMatchObject({
      status: 'PUBLISHED',
      platformPostId: result.platformPostId,
    });
  });

  test('a token the platform refuses before its expiry is refreshed once and the publish tried again', async () => {
    const account = await connection('X', 'x', inMinutes(90));
    const input = await postTo(account.id);
    const before = sent.length;
    const answer = await activityEnvironment().run(publishToTarget(), input);
    const result = answer as PublishResult;
    expect(sent.length - before).toBe(2);
    expect(result.platformPostId).toBeTruthy();
    expect((await stored(account.id)).status).toBe('ACTIVE');
  });

  test('a refused refresh fails the target with RECONNECT_NEEDED, visible in the API, and later posts fail at once', async () => {
    const account = await connection('X', 'x', inMinutes(1));
    const input = await postTo(account.id);
    provider.refuseRefreshes('x');
    try {
      const before = sent.length;
      const failure = await failureOf(activityEnvironment().run(publishToTarget(), input));
      expect(failure).toMatchObject({ type: 'RECONNECT_NEEDED', nonRetryable: true });
      expect(sent.length).toBe(before); // nothing reached the platform

      const listed = (await api.get('/api/v1/connections')).body.data.find((c: any) => c.id === account.id);
      expect(listed.status).toBe('NEEDS_RECONNECT');
      const target = (await api.get(`/api/v1/posts/${input.postId}`)).body.targets[0];
      expect(target.lastError).toMatch(/^Reconnect the X account/);

      // the next post to it fails straight away, without asking the provider again
      const refreshRequests = provider.tokenRequests.length;
      const next = await failureOf(activityEnvironment().run(publishToTarget(), await postTo(account.id)));
      expect(next).toMatchObject({ type: 'RECONNECT_NEEDED', nonRetryable: true });
      expect(provider.tokenRequests.length).toBe(refreshRequests);
      expect(sent.length).toBe(before);
    } finally {
      provider.refuseRefreshes('x', false);
    }
  });

  test('a platform refusing a token that cannot be refreshed marks the connection NEEDS_RECONNECT', async () => {
    const created = await db.connection.create({
      data: {
        teamId,
        platform: 'X',
        platformAccountId: `no-refresh-${Math.random()}`,
        handle: '@norefresh',
        displayName: 'No refresh',
        encryptedCredentials: encryptSecret(JSON.stringify({ accessToken: 'revoked' }), env.config.ENCRYPTION_KEY),
      },
    });
    const failure = await failureOf(activityEnvironment().run(publishToTarget(), await postTo(created.id)));
    expect(failure).toMatchObject({ type: 'AUTH_FAILED', nonRetryable: true });
    expect((await stored(created.id)).status).toBe('NEEDS_RECONNECT');
  });
});
