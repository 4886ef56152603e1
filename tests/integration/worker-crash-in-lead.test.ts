// Durability on time: the worker is SIGKILLed 40 s before a burst of 200 posts falls due,
// while their publishes wait for the time (the publish lead), and a new worker started.
// Every post arrives exactly once, and on time: the replacements waited for the time as
// the lost publishes would have. It checks lateness within seconds, so `npm test` runs it
// in its quiet part, alone (bench/crash.ts runs it against the BullMQ baseline).
import { crashDuringLead, CRASH_RECOVERY_WINDOW_MS } from '../../bench/crash';
import { latencySummary } from '../../bench/support/platform';

jest.setTimeout(CRASH_RECOVERY_WINDOW_MS + 180_000);

const stack = { databaseUrl: process.env.DATABASE_URL!, temporalAddress: process.env.TEMPORAL_ADDRESS! };
const log = (line: string) => {
  if (process.env.TEST_SHOW_BENCH_LOGS) process.stderr.write(`${line}\n`);
};

test('a worker SIGKILLed while a burst of 200 publishes waits for its time: every post published once, on time', async () => {
  const result = await crashDuringLead('planrrr', 200, { stack, log });
  expect(result).toMatchObject({ scheduled: 200, publishedBeforeKill: 0, published: 200, missed: 0, duplicated: 0 });
  expect(latencySummary(result.latenessMs).max).toBeLessThan(5_000);
});
