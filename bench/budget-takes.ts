// What one publish's budget take costs as its budgets fill up: X's takes (two limits per
// account and 10,000 a day per app) against an app budget already holding `fills` takes
// spread over the past day, as at the end of a busy day. Each take locks the app's row, so
// every X publish of every worker waits for the ones before it: its time is how many X
// publishes per second planrrr can start at all.
//   npm run bench:budget-takes -- --fills 0,1000,9000 --samples 200
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createPublishBudgets } from '../activities/publish-budgets';
import { createDb } from '../lib/db';
import { DOCUMENTED_PUBLISH_LIMITS } from '../lib/platforms/publish-limits';
import { freePort } from '../runtime/ports';
import { startEmbeddedPostgres } from '../runtime/postgres';
import { migrateDeploy } from '../runtime/prisma-cli';
import { commandLine, markdownTable, report } from './support/report';
import { increasingWholeNumbers, positiveWholeNumber, runAsCommand } from './support/run';
import { millis, percentile } from './support/stats';

const X_LIMITS = DOCUMENTED_PUBLISH_LIMITS.X!;
const APP_LIMIT = X_LIMITS.find((limit) => limit.per === 'app')!;
const APP_KEY = `X app per ${APP_LIMIT.windowSeconds} s`;

/** Between two of `fill` takes spread over the app's window, all inside it. */
const spacingMs = (fill: number) => (APP_LIMIT.windowSeconds * 1000 - 60_000) / fill;

interface FillResult {
  fill: number;
  p50Ms: number;
  p99Ms: number;
  rowBytes: number;
  buckets: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { fills: { type: 'string' }, samples: { type: 'string' } } });
  const fills = increasingWholeNumbers('--fills', values.fills ?? '1,1000,9000', '1,1000,9000');
  const samples = positiveWholeNumber('--samples', values.samples ?? '200');
  const startedAt = new Date();
  const dir = await mkdtemp(path.join(tmpdir(), 'planrrr-bench-budgets-'));
  // As root, PostgreSQL runs as the `postgres` user, who must be able to enter this folder.
  await chmod(dir, 0o755);
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'postgres'),
    port: await freePort(),
    database: 'budgets',
    log: console.log,
  });
  const db = createDb(postgres.url);
  try {
    console.log('Applying database migrations ...');
    await migrateDeploy(postgres.url);
    const budgets = createPublishBudgets(db, () => X_LIMITS);
    const results: FillResult[] = [];
    for (const fill of fills) {
      // a fresh account per take: only the app's budget is full
      const take = (name: string) => budgets.take({ platform: 'X', handle: name, instanceUrl: null });
      await take(`warm-up-${fill}`);
      // the app's takes so far, spread evenly over the past day, in the row's own buckets
      await db.$executeRaw`
        UPDATE "PublishBudget" AS budget SET (slots, counts) = (
          SELECT array_agg(bucket.slot ORDER BY bucket.slot), array_agg(bucket.takes ORDER BY bucket.slot)
          FROM (
            SELECT to_timestamp(floor(extract(epoch FROM at) * 1000 / budget."bucketMs") * budget."bucketMs" / 1000.0) AS slot,
              count(*)::integer AS takes
            FROM generate_series(1, ${fill}::integer) AS step,
              LATERAL (SELECT now() - step * ${spacingMs(fill)}::float8 * INTERVAL '1 millisecond') AS taken(at)
            GROUP BY 1
          ) AS bucket)
        WHERE key = ${APP_KEY}`;
      const times: number[] = [];
      for (let sample = 0; sample < samples; sample += 1) {
        const started = performance.now();
        await take(`account-${fill}-${sample}`);
        times.push(performance.now() - started);
      }
      const [row] = await db.$queryRaw<Array<{ bytes: number; buckets: number }>>`
        SELECT pg_column_size(slots) + pg_column_size(counts) AS bytes, cardinality(slots) AS buckets FROM "PublishBudget" WHERE key = ${APP_KEY}`;
      const result = { fill, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), rowBytes: row!.bytes, buckets: row!.buckets };
      console.log(`app budget holding ${fill} takes: take p50 ${millis(result.p50Ms)}, p99 ${millis(result.p99Ms)}`);
      results.push(result);
    }
    report(
      {
        id: 'budget-takes',
        title: "Budget takes as X's app budget fills up",
        command: commandLine('bench:budget-takes', process.argv.slice(2)),
        body: [
          markdownTable(
            ['takes in the app budget (past day)', 'take p50', 'take p99', 'app row', 'buckets'],
            results.map((result) => [
              result.fill.toLocaleString('en'),
              millis(result.p50Ms),
              millis(result.p99Ms),
              `${(result.rowBytes / 1024).toFixed(1)} KiB`,
              String(result.buckets),
            ]),
          ),
          '',
          `${samples} takes per row, one after another, each for a new X account (its two limits and the app's: three rows locked); PostgreSQL embedded, alone.`,
        ].join('\n'),
      },
      startedAt,
    );
  } finally {
    await db.$disconnect();
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

runAsCommand(module, main);
