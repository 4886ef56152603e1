// Small runs of the benchmark scripts (bench/), so they keep working between the real
// runs recorded in BENCHMARKS.md: each drives planrrr (on the suite's Temporal server and
// database) and the BullMQ baseline (its own redis-server) end to end.
import { redisServerBinary } from '../../bench/baseline/redis';
import { runBurst } from '../../bench/burst';

jest.setTimeout(300_000);

const stack = { databaseUrl: process.env.DATABASE_URL!, temporalAddress: process.env.TEMPORAL_ADDRESS! };
const log = (line: string) => {
  if (process.env.TEST_SHOW_BENCH_LOGS) process.stderr.write(`${line}\n`);
};

beforeAll(() => {
  // fails with the install command when Debian's redis-server is missing
  redisServerBinary();
});

test('burst: 20 posts due at the same second arrive once each on both systems, with their lateness measured', async () => {
  const { planrrr, baseline } = await runBurst(20, { stack, log });
  for (const figures of [planrrr, baseline]) {
    expect(figures).toMatchObject({ scheduled: 20, published: 20, missed: 0, duplicated: 0 });
    expect(figures.latenessMs).toHaveLength(20);
    // timers never fire early; the platform saw every post at or after its time
    expect(Math.min(...figures.latenessMs)).toBeGreaterThanOrEqual(0);
  }
});
