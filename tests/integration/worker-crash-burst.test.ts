// Durability under load: the worker is SIGKILLed while a burst of 200 posts is being
// published, and a new worker started. The fake platform counts: every post arrives,
// exactly once (bench/crash.ts runs it against the BullMQ baseline). The same kill during
// the publish lead, which must stay on time, is worker-crash-in-lead.test.ts.
import { crashMidBurst, CRASH_RECOVERY_WINDOW_MS } from '../../bench/crash';

jest.setTimeout(CRASH_RECOVERY_WINDOW_MS + 180_000);

const stack = { databaseUrl: process.env.DATABASE_URL!, temporalAddress: process.env.TEMPORAL_ADDRESS! };
const log = (line: string) => {
  if (process.env.TEST_SHOW_BENCH_LOGS) process.stderr.write(`${line}\n`);
};

test('a worker SIGKILLed in the middle of a burst of 200 publishes: every post published exactly once after a restart', async () => {
  const result = await crashMidBurst('planrrr', 200, { stack, log });
  // the kill really came mid-burst
  expect(result.publishedBeforeKill).toBeGreaterThan(0);
  expect(result.publishedBeforeKill).toBeLessThan(200);
  expect(result).toMatchObject({ scheduled: 200, published: 200, missed: 0, duplicated: 0 });
});
