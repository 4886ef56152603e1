// Audience analytics reads with a team's history in the database: published posts, each
// with its metrics collection and six samples, and a follower count per day, inserted in
// bulk; then each analytics request, one client, one at a time, with p50 and p99 (the issue
// asks for p99 under 100 ms at 10,000 posts with six samples each).
//   npm run bench:analytics -- --posts 10000 --requests 200
import { parseArgs } from 'node:util';
import { commandLine, markdownTable, report } from './support/report';
import { insertPosts } from './support/seed';
import { positiveWholeNumber, runAsCommand, type RunOptions, withSystem } from './support/run';
import { millis, percentile } from './support/stats';
import type { PlanrrrSystem } from './support/systems';

const DAY_MS = 24 * 60 * 60 * 1000;
const SAMPLES = 6;
/** the publications fall in the 30 days before now: the analytics default range holds them all */
const HISTORY_DAYS = 30;
const INSERT_CHUNK = 5_000;

export interface AnalyticsBenchOptions {
  posts: number;
  /** requests of each kind */
  requests: number;
}

/** Inserts `posts` published posts on the system's account, with their collections, samples and follower counts. */
async function seedHistory(system: PlanrrrSystem, posts: number, log: (line: string) => void): Promise<void> {
  const { db, connectionId } = system;
  const now = Date.now();
  // spread over the days and hours, as a team posting all day would
  const publishedAtOf = (number: number) => new Date(now - 3_600_000 - ((number * 7919) % posts) * ((HISTORY_DAYS * DAY_MS) / posts));
  const inserted = await insertPosts(
    system,
    Array.from({ length: posts }, (_, number) => ({
      content: `Analytics bench #${number}`,
      publishAt: publishedAtOf(number),
      published: { at: publishedAtOf(number) },
    })),
    log,
  );
  const countsAt = (number: number, sampleIndex: number) => ({
    likes: (number % 50) + sampleIndex * 3,
    replies: number % 7,
    reposts: (number % 11) + sampleIndex,
  });
  for (let offset = 0; offset < posts; offset += INSERT_CHUNK) {
    const chunk = inserted.slice(offset, offset + INSERT_CHUNK).map((post, index) => ({ ...post, number: offset + index }));
    await db.metricsCollection.createMany({
      data: chunk.map((post) => ({
        postId: post.id,
        connectionId,
        platform: 'MASTODON' as const,
        publishedAt: post.publishAt,
        latestMetrics: countsAt(post.number, SAMPLES - 1),
        latestSampleIndex: SAMPLES - 1,
      })),
    });
    await db.metricSample.createMany({
      data: chunk.flatMap((post) =>
        Array.from({ length: SAMPLES }, (_, sampleIndex) => ({
          postId: post.id,
          connectionId,
          sampleIndex,
          takenAt: new Date(post.publishAt.getTime() + (sampleIndex + 1) * 3_600_000),
          metrics: countsAt(post.number, sampleIndex),
          missing: [{ metric: 'impressions', reason: 'Mastodon does not count views' }],
        })),
      ),
    });
    log(`planrrr: ${(offset + chunk.length).toLocaleString('en')} / ${posts.toLocaleString('en')} posts given ${SAMPLES} samples each`);
  }
  await db.followerSample.createMany({
    data: Array.from({ length: HISTORY_DAYS + 1 }, (_, back) => ({
      connectionId,
      day: new Date(`${new Date(now - back * DAY_MS).toISOString().slice(0, 10)}T00:00:00Z`),
      followers: 5_000 - back * 10,
    })),
    // connecting the account may have stored today's count already
    skipDuplicates: true,
  });
  await db.$executeRawUnsafe('ANALYZE "Post", "PostTarget", "MetricsCollection", "MetricSample", "FollowerSample"');
}

export interface RequestFigures {
  name: string;
  path: string;
  p50: number;
  p99: number;
  /** until the answer's first bytes (status and headers) arrived */
  firstByteP50: number;
  firstByteP99: number;
  failed: number;
}

/** Each request `count` times, one after the other, after a few unmeasured ones. */
async function measure(system: PlanrrrSystem, name: string, path: string, count: number): Promise<RequestFigures> {
  const headers = { authorization: `Bearer ${system.token}` };
  const timings: number[] = [];
  const firstBytes: number[] = [];
  let failed = 0;
  for (let index = -5; index < count; index += 1) {
    const started = performance.now();
    const response = await fetch(`${system.apiUrl}${path}`, { headers });
    const firstByte = performance.now() - started;
    await response.arrayBuffer();
    if (index < 0) continue;
    timings.push(performance.now() - started);
    firstBytes.push(firstByte);
    if (!response.ok) failed += 1;
  }
  return {
    name,
    path,
    p50: percentile(timings, 50),
    p99: percentile(timings, 99),
    firstByteP50: percentile(firstBytes, 50),
    firstByteP99: percentile(firstBytes, 99),
    failed,
  };
}

export async function runAnalyticsBench(options: AnalyticsBenchOptions, run: RunOptions): Promise<RequestFigures[]> {
  return withSystem('planrrr', run, async (system) => {
    const planrrr = system as PlanrrrSystem;
    await seedHistory(planrrr, options.posts, run.log);
    const requests = [
      ['engagement', '/api/v1/analytics/engagement'],
      ['engagement, one account', `/api/v1/analytics/engagement?connectionId=${planrrr.connectionId}`],
      ['top posts by likes', '/api/v1/analytics/top-posts?metric=likes&limit=10'],
      ['top posts by engagement rate', '/api/v1/analytics/top-posts?metric=engagementRate&limit=10'],
      ['best times (Europe/Berlin)', '/api/v1/analytics/best-times?timeZone=Europe%2FBerlin'],
      ['export (CSV, every sample)', '/api/v1/analytics/export'],
    ] as const;
    const figures: RequestFigures[] = [];
    for (const [name, path] of requests) {
      run.log(`planrrr: ${name}, ${options.requests} requests ...`);
      figures.push(await measure(planrrr, name, path, options.requests));
    }
    return figures;
  });
}

export function analyticsTable(figures: readonly RequestFigures[]): string {
  return markdownTable(
    ['request (1 client)', 'p50', 'p99', 'first byte p50 / p99', 'failed'],
    figures.map((figure) => [
      `${figure.name}: \`GET ${figure.path.replace(/connectionId=[^&]+/, 'connectionId=…')}\``,
      millis(figure.p50),
      millis(figure.p99),
      `${millis(figure.firstByteP50)} / ${millis(figure.firstByteP99)}`,
      String(figure.failed),
    ]),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { posts: { type: 'string', default: '10000' }, requests: { type: 'string', default: '200' } } });
  const options = { posts: positiveWholeNumber('--posts', values.posts), requests: positiveWholeNumber('--requests', values.requests) };
  const startedAt = new Date();
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const figures = await runAnalyticsBench(options, { log });
  report(
    {
      id: 'analytics',
      title: `Audience analytics reads: ${options.posts.toLocaleString('en')} published posts with ${SAMPLES} samples each`,
      command: commandLine('bench:analytics', ['--posts', values.posts!, '--requests', values.requests!]),
      body: [
        analyticsTable(figures),
        '',
        `One team, one Mastodon account, ${options.posts.toLocaleString('en')} published posts over the last ${HISTORY_DAYS} days (so the default range of 30 days holds them all), ` +
          `each with its metrics collection and ${SAMPLES} samples (${(options.posts * SAMPLES).toLocaleString('en')} rows) and a follower count per day, inserted past the API. ` +
          `Each request ${options.requests} times after 5 unmeasured, one client, through the HTTP API with a bearer token; p50 and p99 include reading the whole body; the first byte is when status and headers arrived (the export streams the rest). ` +
          'The goal (issue 17): p99 under 100 ms for every request.',
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
