// The cost of waiting: resident memory of each system's processes with many posts asleep
// until a far-future publish time. planrrr's worker should stay flat in the number of
// sleeping posts: a sleeping workflow is a timer in Temporal, not an object in the
// worker (it leaves the worker's cache and is replayed from history when it wakes).
// The posts are seeded past the HTTP API (bench/support/seed.ts), so that 100,000 fit in a
// run; after each level the worker is restarted and measured again, fresh.
//   npm run bench:memory -- --posts 10000,100000
import { parseArgs } from 'node:util';
import { benchPosts } from './support/platform';
import { mebibytes, ratio } from './support/stats';
import { commandLine, markdownTable, report } from './support/report';
import { increasingWholeNumbers, runAsCommand, type RunOptions, type SystemName, withSystem } from './support/run';
import type { SystemUnderTest } from './support/systems';
import { workerTuningFromEnv } from './support/tuning';

export interface MemorySample {
  sleepingPosts: number;
  bytes: Record<string, number>;
  /** the worker's resident memory after a restart with the posts still asleep */
  restartedWorkerBytes: number;
}

const FAR_FUTURE_MS = 365 * 24 * 60 * 60 * 1000;
/** after the last post settled, time for the processes' memory to settle too */
const QUIET_MS = 10_000;

async function settle(system: SystemUnderTest, log: (line: string) => void): Promise<void> {
  let lastPrinted = 0;
  for (;;) {
    const backlog = await system.backlog();
    if (backlog === 0) break;
    if (Date.now() - lastPrinted > 5_000) {
      log(`${system.name}: ${backlog.toLocaleString('en')} posts not asleep yet`);
      lastPrinted = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
}

/** Memory now, then the worker's alone after it is restarted (and has settled). */
async function sample(system: SystemUnderTest, sleepingPosts: number, log: (line: string) => void): Promise<MemorySample> {
  const bytes = await system.memory();
  await system.killWorker();
  await system.startWorker();
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  const restartedWorkerBytes = (await system.memory()).worker!;
  log(
    `${system.name}: ${sleepingPosts.toLocaleString('en')} sleeping: ${Object.entries(bytes)
      .map(([name, value]) => `${name} ${mebibytes(value)}`)
      .join(', ')}; ` + `worker after a restart ${mebibytes(restartedWorkerBytes)}`,
  );
  return { sleepingPosts, bytes, restartedWorkerBytes };
}

async function memoryOn(which: SystemName, levels: readonly number[], options: RunOptions): Promise<MemorySample[]> {
  return withSystem(which, options, async (system) => {
    await settle(system, options.log);
    const samples = [await sample(system, 0, options.log)];
    let sleeping = 0;
    for (const level of levels) {
      await system.seed(benchPosts(`memory ${which} ${level}`, level - sleeping, new Date(Date.now() + FAR_FUTURE_MS)));
      await settle(system, options.log);
      sleeping = level;
      samples.push(await sample(system, sleeping, options.log));
    }
    return samples;
  });
}

export async function runMemory(levels: readonly number[], options: RunOptions) {
  const planrrr = await memoryOn('planrrr', levels, options);
  const baseline = await memoryOn('baseline', levels, options);
  return { planrrr, baseline };
}

export function memoryTable({ planrrr, baseline }: { planrrr: MemorySample[]; baseline: MemorySample[] }): string {
  return markdownTable(
    [
      'sleeping posts',
      'planrrr worker',
      'planrrr worker, restarted',
      'planrrr API server',
      'Temporal dev server',
      'baseline worker',
      'redis-server',
      'Redis used_memory',
      'worker: planrrr / baseline',
    ],
    planrrr.map((sample, index) => {
      const other = baseline[index]!;
      return [
        sample.sleepingPosts.toLocaleString('en'),
        mebibytes(sample.bytes.worker!),
        mebibytes(sample.restartedWorkerBytes),
        mebibytes(sample.bytes.server!),
        mebibytes(sample.bytes['Temporal dev server'] ?? NaN),
        mebibytes(other.bytes.worker!),
        mebibytes(other.bytes['redis-server']!),
        mebibytes(other.bytes['Redis used_memory']!),
        ratio(sample.bytes.worker!, other.bytes.worker!),
      ];
    }),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { posts: { type: 'string', default: '10000,100000' } } });
  const levels = increasingWholeNumbers('--posts', values.posts, '10000,100000');
  const startedAt = new Date();
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const result = await runMemory(levels, { log });
  report(
    {
      id: 'memory',
      title: 'Cost of waiting: memory with posts asleep',
      command: commandLine('bench:memory', ['--posts', values.posts!]),
      body: [
        memoryTable(result),
        '',
        "Resident memory (RSS) of each process once every post is asleep (planrrr: each post's workflow has saved its first state) and 10 s have passed; " +
          '"restarted": the worker\'s RSS 10 s after it was killed and started again with the posts still asleep. ' +
          "The posts were seeded past the HTTP API: planrrr's rows inserted in bulk and their workflows started with the API's start options (64 at a time), the baseline's delayed jobs added directly. " +
          `Temporal keeps sleeping workflows in its database (here the dev server's SQLite file), Redis keeps every delayed job in memory. Worker settings: ${workerTuningFromEnv()}.`,
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
