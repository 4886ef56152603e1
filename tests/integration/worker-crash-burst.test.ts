// Durability under load: the worker is SIGKILLed while a burst of 200 posts is being
// published, or 40 s before the burst's time while its publishes wait for it (the publish
// lead), and a new worker started. The fake platform counts: every post arrives, exactly
// once, and in the second case on time (bench/crash.ts runs both against the BullMQ baseline).
import { crashDuringLead, crashMidBurst, CRASH_RECOVERY_WINDOW_MS } from '../../bench/crash';
import { latencySummary } from '../../bench/support/platform';

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

test('a worker SIGKILLed while a burst of 200 publishes waits for its time: every post published once, on time', async () => {
  const result = await crashDuringLead('planrrr', 200, { stack, log });
  expect(result).toMatchObject({ scheduled: 200, publishedBeforeKill: 0, published: 200, missed: 0, duplicated: 0 });
  // the replacements waited for the time like the lost publishes would have
  expect(latencySummary(result.latenessMs).max).toBeLessThan(5_000);
});
