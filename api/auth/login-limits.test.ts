// The log-in limits' arithmetic and their answer when the counters cannot be reached; what
// they refuse, and across server processes, is in tests/integration/rate-limits.test.ts.
import type { Db } from '../../lib/db';
import { createLoginLimits, slowdownMs } from './login-limits';

test('no wait below the threshold, then 1 s doubling with each failure, at most 10 s', () => {
  expect([0, 4, 5, 6, 7, 8, 9, 20].map((failures) => slowdownMs(failures, 5))).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
});

test('when the counters cannot be reached, log-ins and sign-ups answer 503 and no password is checked', async () => {
  const unreachable = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
  const db = { rateLimitCounter: { deleteMany: unreachable, upsert: unreachable, findFirst: unreachable } } as unknown as Db;
  const limits = createLoginLimits({
    db,
    settings: { AUTH_RATE_LIMIT_PER_MINUTE: 20, LOGIN_FAILURES_BEFORE_BLOCK: 10, LOGIN_FAILURES_BEFORE_SLOWDOWN: 5 },
  });
  const verify = jest.fn(async () => ({ id: 'user-1' }));
  await expect(limits.logIn('alice@example.com', '192.0.2.1', verify)).rejects.toMatchObject({ status: 503, slug: 'service-unavailable' });
  await expect(limits.countAttempt('192.0.2.1')).rejects.toMatchObject({ status: 503, retryAfter: 5 });
  expect(verify).not.toHaveBeenCalled();
});
