// The two systems every benchmark drives the same way: planrrr (the real stack: Temporal
// dev server, PostgreSQL, the API server and the worker as processes) and the BullMQ
// baseline (redis-server, the baseline's worker). Both publish to a fake platform.
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FakeMastodon } from '../../tests/fakes/mastodon';
import { signUpWithToken, startWorker, testEnv, type ApiClient, type TestEnv } from '../../tests/support/harness';
import { createDb, type Db } from '../../lib/db';
import { freePort } from '../../runtime/ports';
import { startTsProcess, type ServiceProcess } from '../../runtime/processes';
import { startStack, type Stack } from '../../runtime/stack';
import { createBaselineScheduler } from '../baseline/scheduler';
import { startRedis, type RunningRedis } from '../baseline/redis';
import { BASELINE_WORKER_READY } from '../baseline/ready-lines';
import { residentBytes } from './machine';
import { BENCH_ACCESS_TOKEN, type BenchPost } from './platform';
import { insertPosts, startPostWorkflows } from './seed';
import { forEachConcurrently } from './stats';

/** An existing Temporal server and database (the test suite's), instead of fresh ones. */
export interface StackAddresses {
  databaseUrl: string;
  temporalAddress: string;
}

export interface SystemUnderTest {
  name: string;
  /** creates the posts (each publishing to `platform`), calling `progress` as they are created */
  schedule(posts: readonly BenchPost[], progress?: (created: number) => void): Promise<void>;
  /**
   * puts many posts to sleep as fast as the system takes them, past its HTTP API (planrrr:
   * rows inserted in bulk, workflows started as the API starts them), printing progress
   */
  seed(posts: readonly BenchPost[]): Promise<void>;
  killWorker(): Promise<void>;
  startWorker(): Promise<void>;
  /** posts created but not yet asleep: planrrr's workflows that have not saved their first state */
  backlog(): Promise<number>;
  /** resident memory of the system's processes, bytes, by name */
  memory(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export interface PlanrrrSystem extends SystemUnderTest {
  api: ApiClient;
  apiUrl: string;
  token: string;
  connectionId: string;
  teamId: string;
  db: Db;
  env: TestEnv;
}

/** Concurrent API clients creating posts: enough to keep the server busy, not a flood. */
const CREATE_CONCURRENCY = 16;

/** A Temporal dev server (persisted to SQLite) and an embedded PostgreSQL in a temporary folder, each unless `existing` names one. */
export async function startFreshStack(
  log: (line: string) => void,
  existing: Partial<StackAddresses> = {},
): Promise<{ stack: Stack; cleanUp(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'planrrr-bench-'));
  // As root, PostgreSQL runs as the `postgres` user, who must be able to enter this folder.
  await chmod(dir, 0o755);
  const stack = await startStack({
    databaseUrl: existing.databaseUrl,
    temporalAddress: existing.temporalAddress,
    embeddedPostgres: { dataDir: path.join(dir, 'postgres'), port: 'free', database: 'planrrr_bench' },
    devServer: { port: 'free', dbFile: path.join(dir, 'temporal.db') },
    log,
  });
  return {
    stack,
    async cleanUp() {
      await stack.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function lineLogger(name: string, log: (line: string) => void, lines: string[]) {
  return (line: string) => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
    if (process.env.BENCH_SHOW_LOGS) log(`[${name}] ${line}`);
  };
}

/** planrrr's settings in every benchmark, on top of lib/config.ts defaults (printed in each report). */
export const BENCH_PLANRRR_ENV = {
  // the benchmarks schedule far more posts per minute than a person would
  WRITE_RATE_LIMIT_PER_MINUTE: String(10_000_000),
  // The fake platform has no budget to protect (bench/support/platform.ts): measure the
  // scheduler, not planrrr's per-platform rate limit nor the account's budget. Publish
  // activities wait on the worker from PUBLISH_LEAD_SECONDS before their time, each holding
  // a slot: room for the largest burst.
  PUBLISH_RATE_LIMITS: JSON.stringify({ MASTODON: { perSecond: 100_000, concurrency: 20_000, budgets: [] } }),
  // 10,000 posts take minutes to create and to start ahead on this machine (BENCHMARKS.md)
  PUBLISH_LEAD_SECONDS: '300',
  // as many connections to the fake platform as its listen backlog (511) accepts at once
  PLATFORM_CONNECTIONS_PER_HOST: '500',
};

export async function startPlanrrrSystem(options: {
  platform: FakeMastodon;
  stack?: StackAddresses;
  /** worker and server environment on top of the defaults (tuning knobs) */
  env?: NodeJS.ProcessEnv;
  /** the API server's alone, on top of `env` */
  serverEnv?: NodeJS.ProcessEnv;
  log: (line: string) => void;
}): Promise<PlanrrrSystem> {
  const { log } = options;
  const fresh = options.stack ? undefined : await startFreshStack(log);
  const addresses = options.stack ?? { databaseUrl: fresh!.stack.databaseUrl, temporalAddress: fresh!.stack.temporalAddress };
  const port = await freePort();
  const env = testEnv({
    DATABASE_URL: addresses.databaseUrl,
    TEMPORAL_ADDRESS: addresses.temporalAddress,
    PORT: String(port),
    ...BENCH_PLANRRR_ENV,
    ...options.env,
  });
  const serverLines: string[] = [];
  const server = startTsProcess(
    'server',
    'bench/support/api-server.ts',
    { ...env.env, ...options.serverEnv },
    lineLogger('server', log, serverLines),
  );
  let worker: ServiceProcess | undefined;
  const db = createDb(addresses.databaseUrl);
  const stop = async () => {
    await Promise.allSettled([worker?.stop(), server.stop()]);
    await db.$disconnect();
    await fresh?.cleanUp();
  };
  try {
    log('planrrr: starting the API server and the worker ...');
    [, worker] = await Promise.all([
      server.ready(90_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${serverLines.join('\n')}`);
      }),
      startWorker(env),
    ]);
    const apiUrl = `http://127.0.0.1:${port}`;
    const { api } = await signUpWithToken(apiUrl, 'Bench');
    const connection = await api.post('/api/v1/connections', {
      platform: 'mastodon',
      instanceUrl: options.platform.url,
      accessToken: BENCH_ACCESS_TOKEN,
    });
    if (connection.status !== 201)
      throw new Error(`connecting the fake platform failed: ${connection.status} ${JSON.stringify(connection.body)}`);
    const connectionId: string = connection.body.id;
    const { teamId } = await db.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { teamId: true } });
    const token = api.token!;

    const system: PlanrrrSystem = {
      name: 'planrrr',
      api,
      apiUrl,
      token,
      connectionId,
      teamId,
      db,
      env,
      async schedule(posts, progress) {
        let created = 0;
        await forEachConcurrently(posts, CREATE_CONCURRENCY, async (post) => {
          const response = await api.post('/api/v1/posts', {
            content: post.content,
            publishAt: post.publishAt,
            connectionIds: [connectionId],
          });
          if (response.status !== 201) throw new Error(`creating a post failed: ${response.status} ${JSON.stringify(response.body)}`);
          progress?.(++created);
        });
      },
      async seed(posts) {
        const rows = await insertPosts(
          system,
          posts.map((post) => ({ content: post.content, publishAt: new Date(post.publishAt) })),
          log,
        );
        await startPostWorkflows(system, rows, log);
      },
      async killWorker() {
        const child = worker!.child;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      },
      async startWorker() {
        worker = await startWorker(env, 'worker-restarted');
      },
      backlog: () => db.post.count({ where: { teamId, stateVersion: 0, status: 'SCHEDULED' } }),
      async memory() {
        return {
          worker: residentBytes(worker?.child.pid),
          server: residentBytes(server.child.pid),
          ...(fresh?.stack.devServer ? { 'Temporal dev server': residentBytes(fresh.stack.devServer.process.pid) } : {}),
        };
      },
      stop,
    };
    return system;
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface BaselineSystem extends SystemUnderTest {
  redis: RunningRedis;
}

/** The baseline's worker process, ready once it says so on stdout. */
async function startBaselineWorker(redisUrl: string, log: (line: string) => void): Promise<ServiceProcess> {
  const lines: string[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const worker = startTsProcess('baseline-worker', 'bench/baseline/worker.ts', { REDIS_URL: redisUrl }, (line) => {
    lineLogger('baseline-worker', log, lines)(line);
    if (line.includes(BASELINE_WORKER_READY)) ready();
  });
  const exited = new Promise<never>((_, reject) =>
    worker.child.once('exit', (code) => reject(new Error(`the baseline worker exited (${code}):\n${lines.join('\n')}`))),
  );
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`the baseline worker was not ready in 60 s:\n${lines.join('\n')}`)), 60_000).unref(),
  );
  await Promise.race([isReady, exited, timeout]);
  return worker;
}

export async function startBaselineSystem(options: { platform: FakeMastodon; log: (line: string) => void }): Promise<BaselineSystem> {
  const { log, platform } = options;
  log('BullMQ baseline: starting redis-server and the worker ...');
  const redis = await startRedis();
  const scheduler = createBaselineScheduler(redis.url);
  let worker: ServiceProcess | undefined;
  const stop = async () => {
    await worker?.stop();
    await scheduler.close();
    await redis.stop();
  };
  try {
    worker = await startBaselineWorker(redis.url, log);
    let nextId = 0;
    const schedule: SystemUnderTest['schedule'] = async (posts, progress) => {
      let created = 0;
      await forEachConcurrently(posts, CREATE_CONCURRENCY, async (post) => {
        await scheduler.schedule({
          postId: `post-${++nextId}`,
          content: post.content,
          publishAt: post.publishAt,
          instanceUrl: platform.url,
          accessToken: BENCH_ACCESS_TOKEN,
        });
        progress?.(++created);
      });
    };
    return {
      name: 'BullMQ baseline',
      redis,
      schedule,
      // adding delayed jobs to Redis is already the fast path
      seed: (posts) => schedule(posts),
      async killWorker() {
        const child = worker!.child;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      },
      async startWorker() {
        worker = await startBaselineWorker(redis.url, log);
      },
      // a delayed job is asleep as soon as it is added
      backlog: async () => 0,
      async memory() {
        return {
          worker: residentBytes(worker?.child.pid),
          'redis-server': residentBytes(redis.process.pid),
          'Redis used_memory': await redis.usedMemoryBytes(),
        };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
