// Reading an account's follower count from Mastodon, Bluesky and X against their contract
// fakes: a count that grows from one read to the next, and a refused token.
import { FakeBluesky } from '../../tests/fakes/bluesky';
import { FakeMastodon } from '../../tests/fakes/mastodon';
import { FakeX } from '../../tests/fakes/x';
import { createBlueskyPublisher } from '../../platforms/bluesky/publisher.server';
import { createMastodonPublisher } from '../../platforms/mastodon/publisher.server';
import type { ConnectionForPublishing, FollowersAnswer, Publisher } from './publisher';
import { createXPublisher } from '../../platforms/x/publisher.server';

const mastodon = new FakeMastodon();
const bluesky = new FakeBluesky();
const x = new FakeX();

beforeAll(() => Promise.all([mastodon.start(), bluesky.start(), x.start()]));
afterAll(() => Promise.all([mastodon.stop(), bluesky.stop(), x.stop()]));

const accounts: Record<'MASTODON' | 'BLUESKY' | 'X', () => { publisher: Publisher; connection: ConnectionForPublishing; refused: object }> =
  {
    MASTODON: () => ({
      publisher: createMastodonPublisher(),
      connection: {
        id: 'm-1',
        platform: 'MASTODON',
        handle: '@alice',
        instanceUrl: mastodon.url,
        credentials: { accessToken: 'token-alice' },
      },
      refused: { accessToken: 'token-revoked' },
    }),
    BLUESKY: () => ({
      publisher: createBlueskyPublisher({ defaultServiceUrl: bluesky.url }),
      connection: {
        id: 'b-1',
        platform: 'BLUESKY',
        handle: 'alice.bsky.social',
        instanceUrl: null,
        credentials: { identifier: 'alice.bsky.social', appPassword: 'alice-app-password', did: 'did:plc:alice' },
      },
      refused: { identifier: 'alice.bsky.social', appPassword: 'revoked', did: 'did:plc:alice' },
    }),
    X: () => ({
      publisher: createXPublisher({ baseUrl: x.url }),
      connection: { id: 'x-1', platform: 'X', handle: '@alice', instanceUrl: null, credentials: { accessToken: 'x-token-alice' } },
      refused: { accessToken: 'x-token-revoked' },
    }),
  };

function count(answer: FollowersAnswer): number {
  if (answer.followers === null) throw new Error(`expected a count, got: ${answer.missingReason}`);
  return answer.followers;
}

test.each(Object.keys(accounts) as Array<keyof typeof accounts>)(
  '%s gives the account follower count, growing with time',
  async (platform) => {
    const { publisher, connection } = accounts[platform]();
    const first = count(await publisher.fetchFollowers!(connection));
    expect(first).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(count(await publisher.fetchFollowers!(connection))).toBeGreaterThan(first);
  },
);

test.each(Object.keys(accounts) as Array<keyof typeof accounts>)('%s refuses a revoked token (AUTH_FAILED)', async (platform) => {
  const { publisher, connection, refused } = accounts[platform]();
  await expect(publisher.fetchFollowers!({ ...connection, credentials: { ...refused } })).rejects.toMatchObject({ kind: 'AUTH_FAILED' });
});

test('X answers a spent budget for the user lookup with 429, retried after its reset', async () => {
  const { publisher, connection } = accounts.X();
  x.failNext({ route: 'users.me', status: 429, headers: { 'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 60) } });
  await expect(publisher.fetchFollowers!(connection)).rejects.toMatchObject({ kind: 'RATE_LIMITED', retryable: true });
});
