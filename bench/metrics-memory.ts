// The cost of collecting audience metrics: the worker's resident memory while the metrics
// workflows of many published posts sleep, after every one of them has woken once and read
// its post's counts from the platform, and after a restart. Like a sleeping post, a sleeping
// metrics workflow is a timer in Temporal, not an object in the worker, so the worker should
// stay flat in their number (issue 17).
// The published posts are seeded past the HTTP API (rows inserted in bulk, each metrics
// workflow started as the worker starts it once a post publishes), waking `--wake-after`
// after they start.
//   npm run bench:metrics-memory -- --posts 1000,10000 --wake-after 5m
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { PostState } from '../domain/post';
import { durationMs } from '../domain/post-metrics';
import { startPostMetrics } from '../lib/temporal/post-metrics-start';
import { BENCH_ACCESS_TOKEN, startPlatform } from './support/platform';
import { commandLine, markdownTable, report } from './support/report';
import { increasingWholeNumbers, runAsCommand, UsageError } from './support/run';
import { insertPosts } from './support/seed';
import { forEachConcurrently, mebibytes } from './support/stats';
import { startPlanrrrSystem, type PlanrrrSystem } from './support/systems';
import { workerTuningFromEnv } from './support/tuning';
import type { FakeMastodon } from '../tests/fakes/mastodon';

/** the second sample: far enough away that none is due within the run */
const LAST_OFFSET = '30d';
/** after the last workflow started or sampled, time for the worker's memory to settle */
const QUIET_MS = 10_000;
const START_CONCURRENCY = 64;
const PROGRESS_EVERY_MS = 5_000;

interface MetricsMemorySample {
  publishedPosts: number;
  /** worker RSS with every metrics workflow asleep before its first sample */
  asleepBytes: number;
  /** worker RSS once every workflow has taken its first sample and sleeps again */
  sampledBytes: number;
  /** worker RSS 10 s after a restart with them all asleep */
  restartedBytes: number;
  /** how long the first samples of this level took, from the first due to the last stored */
  samplingMs: number;
}

const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

/** Published posts on the fake platform and in planrrr, with their metrics workflows started. */
async function seedPublished(
  system: PlanrrrSystem,
  platform: FakeMastodon,
  count: number,
  offsetsMs: number[],
  log: (line: string) => void,
) {
  const publishedAt = new Date();
  const platformPostIds = Array.from({ length: count }, () => `bench-${randomUUID()}`);
  const inserted = await insertPosts(
    system,
    platformPostIds.map((platformPostId, index) => ({
      content: `metrics bench ${index}`,
      publishAt: publishedAt,
      published: { at: publishedAt, platformPostId },
    })),
    log,
  );
  const posts = inserted.map((post, index) => ({ ...post, platformPostId: platformPostIds[index]! }));
  for (const post of posts) {
    platform.statuses.push({
      id: post.platformPostId,
      content: post.content,
      media: [],
      idempotencyKey: undefined,
      accessToken: BENCH_ACCESS_TOKEN,
      receivedAt: publishedAt.getTime(),
      connectedAt: publishedAt.getTime(),
    });
  }
  const { config } = system.env;
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const deps = { db: system.db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, metricsSampleOffsetsMs: offsetsMs };
  let started = 0;
  let lastPrinted = Date.now();
  try {
    await forEachConcurrently(posts, START_CONCURRENCY, async (post) => {
      const state: PostState = {
        postId: post.id,
        teamId: system.teamId,
        status: 'PUBLISHED',
        publishAt: publishedAt.toISOString(),
        content: post.content,
        revision: 1,
        targets: [
          {
            connectionId: system.connectionId,
            platform: 'MASTODON',
            status: 'PUBLISHED',
            revision: 1,
            platformPostId: post.platformPostId,
            attempts: 1,
            publishedAt: publishedAt.toISOString(),
          },
        ],
        mediaIds: [],
        refusedChanges: [],
        stateVersion: 1,
      };
      await startPostMetrics(deps, state);
      started += 1;
      if (Date.now() - lastPrinted > PROGRESS_EVERY_MS || started === posts.length) {
        log(`planrrr: ${started.toLocaleString('en')} / ${count.toLocaleString('en')} metrics workflows started`);
        lastPrinted = Date.now();
      }
    });
  } finally {
    await connection.close();
  }
  return { firstDueAt: publishedAt.getTime() + offsetsMs[0]! };
}

async function waitForSamples(system: PlanrrrSystem, expected: number, log: (line: string) => void): Promise<void> {
  let lastPrinted = 0;
  for (;;) {
    const stored = await system.db.metricSample.count({ where: { connectionId: system.connectionId } });
    if (stored >= expected) return;
    if (Date.now() - lastPrinted > PROGRESS_EVERY_MS) {
      log(`planrrr: ${stored.toLocaleString('en')} / ${expected.toLocaleString('en')} first samples stored`);
      lastPrinted = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

export async function runMetricsMemory(levels: readonly number[], wakeAfterMs: number, log: (line: string) => void) {
  const offsetsMs = [wakeAfterMs, durationMs(LAST_OFFSET)!];
  const platform = await startPlatform();
  // the bench reads every post of one account within minutes: the fake's per-token budget would only measure retries
  platform.readBudget.limit = Number.POSITIVE_INFINITY;
  const system = await startPlanrrrSystem({ platform, log, env: { METRICS_SAMPLE_OFFSETS: `${wakeAfterMs / 1000}s,${LAST_OFFSET}` } });
  try {
    await quiet();
    const baselineBytes = (await system.memory()).worker!;
    log(`planrrr: worker ${mebibytes(baselineBytes)} with no metrics workflow`);
    const samples: MetricsMemorySample[] = [];
    let published = 0;
    for (const level of levels) {
      const { firstDueAt } = await seedPublished(system, platform, level - published, offsetsMs, log);
      published = level;
      await quiet();
      if (Date.now() >= firstDueAt) throw new UsageError(`--wake-after is too short: seeding ${level} posts outlasted it; give more time`);
      const asleepBytes = (await system.memory()).worker!;
      log(
        `planrrr: ${published.toLocaleString('en')} asleep: worker ${mebibytes(asleepBytes)}; first samples due in ${Math.round((firstDueAt - Date.now()) / 1000)} s`,
      );
      await waitForSamples(system, published, log);
      const samplingMs = Date.now() - firstDueAt;
      await quiet();
      const sampledBytes = (await system.memory()).worker!;
      await system.killWorker();
      await system.startWorker();
      await quiet();
      const restartedBytes = (await system.memory()).worker!;
      log(
        `planrrr: ${published.toLocaleString('en')} sampled: worker ${mebibytes(sampledBytes)}, after a restart ${mebibytes(restartedBytes)}`,
      );
      samples.push({ publishedPosts: published, asleepBytes, sampledBytes, restartedBytes, samplingMs });
    }
    return { baselineBytes, samples };
  } finally {
    await system.stop();
    await platform.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { posts: { type: 'string', default: '1000,10000' }, 'wake-after': { type: 'string', default: '5m' } },
  });
  const levels = increasingWholeNumbers('--posts', values.posts, '1000,10000');
  const wakeAfterMs = durationMs(values['wake-after']!);
  if (!wakeAfterMs) throw new UsageError(`--wake-after must be a duration such as 90s or 5m, not "${values['wake-after']}"`);
  const startedAt = new Date();
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const { baselineBytes, samples } = await runMetricsMemory(levels, wakeAfterMs, log);
  report(
    {
      id: 'metrics-memory',
      title: 'Cost of collecting metrics: worker memory with many metrics workflows',
      command: commandLine('bench:metrics-memory', ['--posts', values.posts!, '--wake-after', values['wake-after']!]),
      body: [
        markdownTable(
          [
            'published posts',
            'worker, none started',
            'worker, all asleep',
            'worker, after all sampled once',
            'worker, restarted',
            'first samples took',
          ],
          samples.map((sample) => [
            sample.publishedPosts.toLocaleString('en'),
            mebibytes(baselineBytes),
            mebibytes(sample.asleepBytes),
            mebibytes(sample.sampledBytes),
            mebibytes(sample.restartedBytes),
            `${(sample.samplingMs / 1000).toFixed(0)} s`,
          ]),
        ),
        '',
        "Resident memory (RSS) of planrrr's worker, 10 s after each step: with no metrics workflow; with every published post's metrics workflow started and asleep until its first sample; " +
          'once each has woken, read its post from the fake Mastodon (GET /api/v1/statuses/:id) and stored the sample, and sleeps again until the next (30 days later); and 10 s after the worker was killed and started again. ' +
          'The posts were seeded past the HTTP API: rows inserted in bulk, each metrics workflow started as the worker starts it when a post publishes (lib/temporal/post-metrics-start.ts). ' +
          `The fake's read budget was lifted, so every read answered at once. Worker settings: ${workerTuningFromEnv()}.`,
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
