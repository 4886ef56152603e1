// Kept Bluesky sessions without a PDS: the login is a function that counts its calls.
import { PublishError } from '../../lib/platforms/errors';
import { accessTokenExpiry, BlueskySessions, type BlueskySession } from './sessions.server';

const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;
const login = { serviceUrl: 'https://pds.example', identifier: 'alice.example', appPassword: 'app-password' };
const NOW = Date.parse('2026-12-04T10:00:00Z');

function countingLogins(accessJwt: () => string) {
  const made: BlueskySession[] = [];
  const sessions = new BlueskySessions(
    async () => {
      const session = { accessJwt: accessJwt(), did: 'did:plc:alice', handle: 'alice.example' };
      made.push(session);
      return session;
    },
    () => NOW,
  );
  return { sessions, made };
}

test("the access token's expiry is read from its claims; an opaque token has none", () => {
  expect(accessTokenExpiry(jwt({ exp: NOW / 1000 + 7200 }))).toBe(NOW + 7_200_000);
  expect(accessTokenExpiry('opaque-token')).toBeUndefined();
  expect(accessTokenExpiry(jwt({ sub: 'did:plc:alice' }))).toBeUndefined();
});

test('a session is kept until shortly before it expires, and shared by work that starts while it is made', async () => {
  const { sessions, made } = countingLogins(() => jwt({ exp: NOW / 1000 + 7200 }));
  await Promise.all([1, 2, 3].map(() => sessions.use(login, async (session) => session.accessJwt)));
  await sessions.use(login, async () => undefined);
  expect(made).toHaveLength(1);
});

test('a session whose expiry cannot be read is not kept', async () => {
  const { sessions, made } = countingLogins(() => 'opaque-token');
  await sessions.use(login, async () => undefined);
  await sessions.use(login, async () => undefined);
  expect(made).toHaveLength(2);
});

test('work refused with a kept session runs once more with a new login; a new login refused is the caller’s', async () => {
  const { sessions, made } = countingLogins(() => jwt({ exp: NOW / 1000 + 7200, n: made.length }));
  await sessions.use(login, async () => undefined);
  const refused = new PublishError('AUTH_FAILED', 'Bluesky answered 400: ExpiredToken');
  const tokens: string[] = [];
  const answer = await sessions.use(login, async (session) => {
    tokens.push(session.accessJwt);
    if (tokens.length === 1) throw refused;
    return 'published';
  });
  expect(answer).toBe('published');
  expect(tokens).toEqual([made[0]!.accessJwt, made[1]!.accessJwt]);

  const fresh = new BlueskySessions(async () => {
    throw refused;
  });
  await expect(fresh.use(login, async () => 'never')).rejects.toBe(refused);
});
