// Small runs of the benchmark scripts (bench/), so they keep working between the real
// runs recorded in BENCHMARKS.md: each drives planrrr (on the suite's Temporal server and
// database) and the BullMQ baseline (its own redis-server) end to end.
import { redisServerBinary } from '../../bench/baseline/redis';
import { budgetsTables, runBudgets } from '../../bench/budgets';
import { burstTable, runBurst } from '../../bench/burst';
import { memoryTable, runMemory } from '../../bench/memory';
import { runThroughput, throughputTable } from '../../bench/throughput';

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
  expect(burstTable({ planrrr, baseline })).toContain('lateness p99');
});

test("throughput: posts created through both APIs, and planrrr's list and calendar read with rows inserted in bulk", async () => {
  const options = { creates: 40, connections: 4, readConnections: [1, 4], rows: 1_000, readSeconds: 2 };
  const result = await runThroughput(options, { stack, log });
  expect(result.planrrr.creates).toMatchObject({ ok: 40, failed: 0 });
  expect(result.baseline.creates).toMatchObject({ ok: 40, failed: 0 });
  expect(result.planrrr.temporalStartsPerSecond).toBeGreaterThan(0);
  expect(result.planrrr.reads.map((reads) => reads.connections)).toEqual([1, 4]);
  for (const reads of result.planrrr.reads.flatMap(({ list, calendar }) => [list, calendar])) {
    expect(reads.ok).toBeGreaterThan(0);
    expect(reads.failed).toBe(0);
    expect(reads.p99).toBeGreaterThan(0);
  }
  expect(throughputTable(result, options)).toContain('posts scheduled per second');
});

test("memory: both systems' processes measured with no posts and with 20 asleep", async () => {
  const result = await runMemory([20], { stack, log });
  expect(result.planrrr.map((sample) => sample.sleepingPosts)).toEqual([0, 20]);
  expect(result.baseline.map((sample) => sample.sleepingPosts)).toEqual([0, 20]);
  for (const sample of [...result.planrrr, ...result.baseline]) {
    expect(sample.bytes.worker).toBeGreaterThan(10 * 2 ** 20);
    expect(sample.restartedWorkerBytes).toBeGreaterThan(10 * 2 ** 20);
  }
  // Redis holds the 20 delayed jobs in memory
  expect(result.baseline[1]!.bytes['Redis used_memory']).toBeGreaterThan(result.baseline[0]!.bytes['Redis used_memory']!);
  expect(memoryTable(result)).toContain('sleeping posts');
});

test('budgets: 16 posts due at the same second across 8 accounts on four platforms arrive once each on both systems, none refused', async () => {
  const result = await runBudgets({ posts: 16, accounts: 8 }, { stack, log });
  for (const figures of [result.planrrr, result.baseline]) {
    expect(figures).toMatchObject({ scheduled: 16, published: 16, missed: 0, duplicated: 0 });
    expect(figures.refusedByPlatform).toEqual({ MASTODON: 0, BLUESKY: 0, X: 0, LINKEDIN: 0 });
    expect(Object.values(figures.latenessByPlatform).map((lateness) => lateness.length)).toEqual([4, 4, 4, 4]);
  }
  // two posts per account stay within every documented limit
  expect(result.planrrr.waitedFor).toEqual({});
  expect(budgetsTables(result)).toContain('No planrrr post waited for a budget');
});
