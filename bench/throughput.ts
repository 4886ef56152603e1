// Scheduling throughput and read latency through the HTTP API, with concurrent clients
// (autocannon). Creating: planrrr's POST /api/v1/posts (database row + workflow start)
// beside the baseline's POST /posts (one delayed job). Reading: planrrr's list and
// calendar queries with many posts in the database (the baseline has no read path), with
// one client and with many. And the floor under planrrr's creation rate: how fast the same
// Temporal server starts workflows at all, with no planrrr code in the way.
//   npm run bench:throughput -- --creates 3000 --rows 100000
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startTsProcess, type ServiceProcess } from '../runtime/processes';
import { freePort } from '../runtime/ports';
import { BASELINE_API_READY } from './baseline/ready-lines';
import { connectEmptyWorkflows } from './support/empty-workflows';
import { BENCH_ACCESS_TOKEN } from './support/platform';
import { commandLine, markdownTable, report } from './support/report';
import { insertPosts } from './support/seed';
import { increasingWholeNumbers, positiveWholeNumber, runAsCommand, type RunOptions, withSystem } from './support/run';
import { millis, ratio } from './support/stats';
import type { BaselineSystem, PlanrrrSystem } from './support/systems';
import { workerTuningFromEnv } from './support/tuning';

export interface LoadFigures {
  requests: number;
  ok: number;
  failed: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export interface ThroughputOptions {
  /** posts each system creates through its API */
  creates: number;
  /** concurrent HTTP clients creating posts */
  connections: number;
  /** the numbers of concurrent clients reads are measured with, e.g. [1, 32] */
  readConnections: number[];
  /** posts in planrrr's database while reads are measured */
  rows: number;
  /** seconds each read test runs */
  readSeconds: number;
}

const FAR_FUTURE_MS = 30 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

async function load(options: autocannon.Options): Promise<LoadFigures> {
  const result = await autocannon(options);
  const ok = result['2xx'];
  return {
    requests: ok + result.non2xx + result.errors,
    ok,
    failed: result.non2xx + result.errors,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** POSTs `amount` JSON bodies, each from `body(i)`, with `connections` clients. */
function createLoad(
  url: string,
  headers: Record<string, string>,
  amount: number,
  connections: number,
  body: (index: number) => unknown,
): Promise<LoadFigures> {
  let next = 0;
  return load({
    url,
    connections,
    amount,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(body(next++)) }) }],
  });
}

async function planrrrCreates(system: PlanrrrSystem, options: ThroughputOptions): Promise<LoadFigures> {
  const publishAt = new Date(Date.now() + FAR_FUTURE_MS).toISOString();
  return createLoad(
    `${system.apiUrl}/api/v1/posts`,
    { authorization: `Bearer ${system.token}` },
    options.creates,
    options.connections,
    (index) => ({
      content: `throughput #${index}`,
      publishAt,
      connectionIds: [system.connectionId],
    }),
  );
}

/** `rows` scheduled posts with one target each, spread over a year from tomorrow. */
function calendarPosts(rows: number) {
  const start = Date.now() + DAY_MS;
  return Array.from({ length: rows }, (_, index) => ({
    content: `calendar post #${index}`,
    publishAt: new Date(start + ((index * 7919) % rows) * ((365 * DAY_MS) / rows)),
  }));
}

/** GETs paths from `path(i)` for `seconds` with `connections` clients. */
function readLoad(system: PlanrrrSystem, seconds: number, connections: number, path: (index: number) => string): Promise<LoadFigures> {
  let next = 0;
  return load({
    url: system.apiUrl,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${system.token}` },
    requests: [{ setupRequest: (request) => ({ ...request, method: 'GET', path: path(next++) }) }],
  });
}

export interface ReadFigures {
  connections: number;
  list: LoadFigures;
  calendar: LoadFigures;
}

async function planrrrReads(system: PlanrrrSystem, options: ThroughputOptions, log: (line: string) => void): Promise<ReadFigures[]> {
  await insertPosts(system, calendarPosts(options.rows), log);
  const start = Date.now() + DAY_MS;
  const reads: ReadFigures[] = [];
  for (const connections of options.readConnections) {
    log(`planrrr: reading the list with ${connections} clients ...`);
    const list = await readLoad(system, options.readSeconds, connections, () => '/api/v1/posts?limit=50');
    log(`planrrr: reading calendar months with ${connections} clients ...`);
    // a month's calendar, a different month each request, as people leaf through a year
    const calendar = await readLoad(system, options.readSeconds, connections, (index) => {
      const from = new Date(start + (index % 12) * 30 * DAY_MS);
      const to = new Date(from.getTime() + 30 * DAY_MS);
      return `/api/v1/posts?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&limit=200`;
    });
    reads.push({ connections, list, calendar });
  }
  return reads;
}

/** Workflow starts per second on planrrr's Temporal server with nothing else in the way: no creation through planrrr can be faster. */
async function temporalStartFloor(system: PlanrrrSystem, options: ThroughputOptions, log: (line: string) => void): Promise<number> {
  const { config } = system.env;
  const workflows = await connectEmptyWorkflows(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  try {
    log(`planrrr: starting ${options.creates.toLocaleString('en')} empty workflows on the same Temporal server ...`);
    return await workflows.startsPerSecond(options.creates, options.connections);
  } finally {
    await workflows.close();
  }
}

async function startBaselineApi(system: BaselineSystem): Promise<{ url: string; process: ServiceProcess }> {
  const port = await freePort();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const lines: string[] = [];
  const child = startTsProcess('baseline-api', 'bench/baseline/api.ts', { REDIS_URL: system.redis.url, PORT: String(port) }, (line) => {
    lines.push(line);
    if (line.includes(BASELINE_API_READY)) ready();
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`the baseline API did not start:\n${lines.join('\n')}`)), 60_000).unref(),
  );
  await Promise.race([isReady, timeout]);
  return { url: `http://127.0.0.1:${port}`, process: child };
}

async function baselineCreates(system: BaselineSystem, platformUrl: string, options: ThroughputOptions): Promise<LoadFigures> {
  const api = await startBaselineApi(system);
  try {
    const publishAt = new Date(Date.now() + FAR_FUTURE_MS).toISOString();
    return await createLoad(`${api.url}/posts`, {}, options.creates, options.connections, (index) => ({
      postId: `throughput-${index}`,
      content: `throughput #${index}`,
      publishAt,
      instanceUrl: platformUrl,
      accessToken: BENCH_ACCESS_TOKEN,
    }));
  } finally {
    await api.process.stop();
  }
}

export async function runThroughput(options: ThroughputOptions, run: RunOptions) {
  const planrrr = await withSystem('planrrr', run, async (system) => {
    const planrrrSystem = system as PlanrrrSystem;
    run.log(`planrrr: creating ${options.creates.toLocaleString('en')} posts through the API with ${options.connections} clients ...`);
    const creates = await planrrrCreates(planrrrSystem, options);
    const temporalStartsPerSecond = await temporalStartFloor(planrrrSystem, options, run.log);
    return { creates, temporalStartsPerSecond, reads: await planrrrReads(planrrrSystem, options, run.log) };
  });
  const baseline = await withSystem('baseline', run, async (system, platform) => {
    run.log(
      `BullMQ baseline: creating ${options.creates.toLocaleString('en')} posts through its API with ${options.connections} clients ...`,
    );
    return { creates: await baselineCreates(system as BaselineSystem, platform.url, options) };
  });
  return { planrrr, baseline };
}

export function throughputTable(result: Awaited<ReturnType<typeof runThroughput>>, options: ThroughputOptions): string {
  const { planrrr, baseline } = result;
  const rate = (figures: LoadFigures) => `${figures.perSecond.toFixed(0)} /s`;
  const clients = (count: number) => (count === 1 ? '1 client' : `${count} clients`);
  const failed = (figures: LoadFigures) => `${figures.failed.toLocaleString('en')} of ${figures.requests.toLocaleString('en')}`;
  return markdownTable(
    ['', 'planrrr', 'BullMQ baseline', 'planrrr / baseline'],
    [
      [
        `posts scheduled per second (${options.connections} clients)`,
        rate(planrrr.creates),
        rate(baseline.creates),
        ratio(planrrr.creates.perSecond, baseline.creates.perSecond),
      ],
      ['create latency p50', millis(planrrr.creates.p50), millis(baseline.creates.p50), ratio(planrrr.creates.p50, baseline.creates.p50)],
      ['create latency p99', millis(planrrr.creates.p99), millis(baseline.creates.p99), ratio(planrrr.creates.p99, baseline.creates.p99)],
      ['create requests failed', failed(planrrr.creates), failed(baseline.creates), ''],
      [
        `the floor: empty workflows started per second on the same Temporal server (${options.connections} callers)`,
        `${planrrr.temporalStartsPerSecond.toFixed(0)} /s`,
        '',
        '',
      ],
      ...planrrr.reads.flatMap((reads) => [
        [
          `list, first page of 50 (${options.rows.toLocaleString('en')} posts), ${clients(reads.connections)}: p50 / p99`,
          `${millis(reads.list.p50)} / ${millis(reads.list.p99)}`,
          'no read path',
          '',
        ],
        [`list requests per second, ${clients(reads.connections)}`, rate(reads.list), '', ''],
        [
          `calendar month, up to 200 posts, ${clients(reads.connections)}: p50 / p99`,
          `${millis(reads.calendar.p50)} / ${millis(reads.calendar.p99)}`,
          'no read path',
          '',
        ],
        [`calendar requests per second, ${clients(reads.connections)}`, rate(reads.calendar), '', ''],
      ]),
      ['read requests failed', `${planrrr.reads.reduce((sum, reads) => sum + reads.list.failed + reads.calendar.failed, 0)}`, '', ''],
    ],
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      creates: { type: 'string', default: '3000' },
      connections: { type: 'string', default: '32' },
      'read-connections': { type: 'string', default: '1,32' },
      rows: { type: 'string', default: '100000' },
      'read-seconds': { type: 'string', default: '20' },
    },
  });
  const options: ThroughputOptions = {
    creates: positiveWholeNumber('--creates', values.creates),
    connections: positiveWholeNumber('--connections', values.connections),
    readConnections: increasingWholeNumbers('--read-connections', values['read-connections'], '1,32'),
    rows: positiveWholeNumber('--rows', values.rows),
    readSeconds: positiveWholeNumber('--read-seconds', values['read-seconds']),
  };
  const startedAt = new Date();
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const result = await runThroughput(options, { log });
  const met = (yes: boolean) => (yes ? 'met' : '**not met**');
  const readGoals = result.planrrr.reads
    .map(
      (reads) =>
        `with ${reads.connections === 1 ? '1 client' : `${reads.connections} clients`} ${met(Math.max(reads.list.p99, reads.calendar.p99) < 50)}`,
    )
    .join(', ');
  report(
    {
      id: 'throughput',
      title: 'Scheduling throughput and reads through the HTTP API',
      command: commandLine('bench:throughput', [
        '--creates',
        values.creates!,
        '--connections',
        values.connections!,
        '--read-connections',
        values['read-connections']!,
        '--rows',
        values.rows!,
        '--read-seconds',
        values['read-seconds']!,
      ]),
      body: [
        throughputTable(result, options),
        '',
        `planrrr's goals: at least 300 posts scheduled per second ${met(result.planrrr.creates.perSecond >= 300)}; reads under 50 ms p99 ${readGoals}. ` +
          `The baseline's POST /posts only adds a delayed job (no database row, no authentication), so it does less per request than planrrr's. ` +
          `Worker and pool settings: ${workerTuningFromEnv()}.`,
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
