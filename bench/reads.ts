// Reads under load (issue 22): the posts list and the calendar's months over many posts,
// with many clients, through planrrr's API as `npm start` runs it, beside a minimal endpoint
// that runs the same SQL with pg and answers the same JSON (bench/support/reads-baseline.ts),
// in the same run. The goal: planrrr's p99 at most 1.5× the baseline's, for each kind.
// Both answer the same requests, in slices that alternate which goes first, after a warm-up.
//   npm run bench:reads -- --posts 100000 --clients 32 --seconds 30
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import pg from 'pg';
import { encodePostPageCursor } from '../api/posts/page-cursor';
import { parseConfig } from '../lib/config';
import { buildStale } from '../runtime/build';
import { freePort } from '../runtime/ports';
import { startTsProcess, type ServiceProcess } from '../runtime/processes';
import { gridDays, gridRange } from '../web/utils/calendar';
import { startPlanrrrAtDefaults } from './defaults';
import { cpuMillis } from './support/machine';
import { commandLine, markdownTable, report } from './support/report';
import { positiveWholeNumber, runAsCommand, UsageError } from './support/run';
import { millis, percentile } from './support/stats';
import { startFreshStack, type StackAddresses } from './support/systems';

export interface ReadsOptions {
  posts: number;
  /** connected accounts the posts publish to (a third of the posts publish to two) */
  accounts: number;
  /** months the posts are spread over, half before this month and half from it */
  months: number;
  clients: number;
  /** measured seconds of each kind of request on each system */
  seconds: number;
  /** slices each kind's seconds are cut into, alternating which system goes first */
  rounds: number;
  /** unmeasured seconds of each kind on each system first */
  warmUpSeconds: number;
  existing: Partial<StackAddresses>;
  log: (line: string) => void;
}

export interface LoadFigures {
  requests: number;
  failed: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** the server process's CPU time (user and system) per request answered */
  cpuPerRequestMs: number;
}

interface Samples {
  latencies: number[];
  failed: number;
  cpuMs: number;
}

export interface ReadsResult {
  list: { planrrr: LoadFigures; baseline: LoadFigures };
  calendar: { planrrr: LoadFigures; baseline: LoadFigures };
  /** requests whose answers were compared, byte for byte as JSON, before measuring */
  compared: number;
  calendarPages: number;
  poolSize: number;
}

const KINDS = ['list', 'calendar'] as const;
type Kind = (typeof KINDS)[number];
const SYSTEMS = ['planrrr', 'baseline'] as const;
type SystemName = (typeof SYSTEMS)[number];

export const RATIO_GOAL = 1.5;
const LIST_LIMIT = 50;
/** what the calendar page asks for (web/routes/calendar.server.ts): pages of 200, at most 10 */
const CALENDAR_PAGE_SIZE = 200;
const CALENDAR_MAX_PAGES = 10;
const INSERT_CHUNK = 10_000;
/** deep list pages, each starting after a post picked at random */
const LIST_CURSORS = 64;

/** The posts, their targets and attempts, inserted by PostgreSQL itself (generate_series), a chunk at a time. */
async function seedPosts(
  database: pg.Pool,
  planrrr: { connectionId: string },
  options: Pick<ReadsOptions, 'posts' | 'accounts' | 'months' | 'log'>,
): Promise<string[]> {
  const { rows: owners } = await database.query<{ teamId: string; userId: string }>(
    `SELECT connection."teamId", member."userId" FROM "Connection" AS connection
     JOIN "Membership" AS member ON member."teamId" = connection."teamId" WHERE connection.id = $1 LIMIT 1`,
    [planrrr.connectionId],
  );
  const { teamId, userId } = owners[0]!;
  // the other accounts: copies of the connected one, each its own account on the platform
  await database.query(
    `INSERT INTO "Connection" (id, "teamId", platform, handle, "displayName", "instanceUrl", "platformAccountId", "encryptedCredentials", status)
     SELECT 'reads-account-' || k, "teamId", platform, handle || '-' || k, "displayName" || ' ' || k, "instanceUrl", 'reads-' || k, "encryptedCredentials", status
     FROM "Connection", generate_series(2, $2::int) AS k WHERE id = $1`,
    [planrrr.connectionId, options.accounts],
  );
  const accounts = [planrrr.connectionId, ...Array.from({ length: options.accounts - 1 }, (_, index) => `reads-account-${index + 2}`)];
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - Math.floor(options.months / 2), 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + options.months, 1));
  const stepMs = (end.getTime() - start.getTime()) / options.posts;
  for (let first = 0; first < options.posts; first += INSERT_CHUNK) {
    const last = Math.min(options.posts, first + INSERT_CHUNK) - 1;
    // Post number n falls at a scattered time ((n * 7919) mod posts steps in), so ids and times are not in the same order.
    // Past posts published (one in 25 failed), later ones sleep; all written weeks ago, so the reconciler leaves them be.
    await database.query(
      `INSERT INTO "Post" (id, "teamId", "authorId", content, "publishAt", "timeZone", status, "stateVersion", "hasWorkflowRun", "publishedAt", "createdAt", "updatedAt")
       SELECT md5('reads-' || n), $1, $2, 'Reads bench post #' || n || '. ' || repeat('Something worth saying. ', n % 8), at, 'Europe/Berlin',
         (CASE WHEN at >= now THEN 'SCHEDULED' WHEN n % 25 = 0 THEN 'FAILED' ELSE 'PUBLISHED' END)::"PostStatus",
         CASE WHEN at >= now THEN 1 ELSE 3 END, true,
         CASE WHEN at < now AND n % 25 <> 0 THEN at + interval '2 seconds' END,
         written, CASE WHEN at < now THEN at + interval '2 seconds' ELSE written END
       FROM (
         SELECT n, ($3::timestamptz AT TIME ZONE 'UTC') + ((n * 7919) % $4::int) * $5::float8 * interval '1 millisecond' AS at,
           (now() AT TIME ZONE 'UTC') AS now, (now() AT TIME ZONE 'UTC') - interval '120 days' + n * interval '1 minute' AS written
         FROM generate_series($6::int, $7::int) AS n
       ) AS numbered`,
      [teamId, userId, start.toISOString(), options.posts, stepMs, first, last],
    );
    // every post on one account, every third on a second one too
    await database.query(
      `INSERT INTO "PostTarget" (id, "postId", "connectionId", status, revision, "platformPostId", url, attempts, "lastError", "publishedAt")
       SELECT md5('reads-target-' || n || '-' || slot), post.id, ($1::text[])[1 + (n + slot) % $2::int],
         (CASE post.status WHEN 'PUBLISHED' THEN 'PUBLISHED' WHEN 'FAILED' THEN 'FAILED' ELSE 'PENDING' END)::"TargetStatus",
         CASE WHEN post.status = 'PUBLISHED' THEN 1 END,
         CASE WHEN post.status = 'PUBLISHED' THEN 'status-' || n || '-' || slot END,
         CASE WHEN post.status = 'PUBLISHED' THEN 'https://mastodon.example/@bench/' || n || slot END,
         CASE post.status WHEN 'PUBLISHED' THEN 1 WHEN 'FAILED' THEN 3 ELSE 0 END,
         CASE WHEN post.status = 'FAILED' THEN 'Mastodon refused the post (HTTP 422): Validation failed' END,
         post."publishedAt"
       FROM generate_series($3::int, $4::int) AS n CROSS JOIN generate_series(0, 1) AS slot
       JOIN "Post" AS post ON post.id = md5('reads-' || n)
       WHERE slot = 0 OR (n % 3 = 0 AND $2::int > 1)`,
      [accounts, accounts.length, first, last],
    );
    await database.query(
      `INSERT INTO "PublishAttempt" (id, "targetId", attempt, at, outcome, "errorKind", error, retryable)
       SELECT md5(target.id || '-' || attempt), target.id, attempt, post."publishAt" + attempt * interval '1 second',
         CASE WHEN target.status = 'PUBLISHED' THEN 'published' ELSE 'failed' END,
         CASE WHEN target.status = 'FAILED' THEN 'CONTENT_REJECTED' END, target."lastError",
         CASE WHEN target.status = 'FAILED' THEN attempt < 3 END
       FROM generate_series($1::int, $2::int) AS n
       JOIN "Post" AS post ON post.id = md5('reads-' || n)
       JOIN "PostTarget" AS target ON target."postId" = post.id
       CROSS JOIN generate_series(1, target.attempts) AS attempt`,
      [first, last],
    );
    options.log(
      `planrrr: ${(last + 1).toLocaleString('en')} / ${options.posts.toLocaleString('en')} posts inserted (with targets and attempts)`,
    );
  }
  await database.query('ANALYZE "Connection", "Post", "PostTarget", "PublishAttempt"');
  return accounts;
}

/** A GET with the bearer token; answers its status and body. */
function get(agent: http.Agent, url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

async function getJson(agent: http.Agent, url: string, token: string): Promise<{ data: unknown[]; nextCursor: string | null }> {
  const { status, body } = await get(agent, url, token);
  if (status !== 200) throw new Error(`GET ${url} answered ${status}: ${body.slice(0, 500)}`);
  return JSON.parse(body) as { data: unknown[]; nextCursor: string | null };
}

/** `clients` lanes, each sending the next of `paths` (in turn) as soon as its last answer is read, for `seconds`. */
async function drive(
  baseUrl: string,
  token: string,
  paths: readonly string[],
  clients: number,
  seconds: number,
  next: { index: number },
): Promise<{ latencies: number[]; failed: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          const path = paths[next.index++ % paths.length]!;
          const started = performance.now();
          const { status } = await get(agent, `${baseUrl}${path}`, token).catch(() => ({ status: 0 }));
          latencies.push(performance.now() - started);
          if (status !== 200) failed += 1;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { latencies, failed };
}

function figures(samples: Samples, seconds: number): LoadFigures {
  return {
    requests: samples.latencies.length,
    failed: samples.failed,
    perSecond: (samples.latencies.length - samples.failed) / seconds,
    p50: percentile(samples.latencies, 50),
    p99: percentile(samples.latencies, 99),
    cpuPerRequestMs: samples.cpuMs / samples.latencies.length,
  };
}

function startBaseline(env: NodeJS.ProcessEnv, port: number, log: (line: string) => void): ServiceProcess {
  return startTsProcess('reads-baseline', 'bench/support/reads-baseline.ts', { ...env, PORT: String(port) }, (line) => {
    if (process.env.BENCH_SHOW_LOGS) log(`[reads-baseline] ${line}`);
  });
}

export async function runReads(options: ReadsOptions): Promise<ReadsResult> {
  const { log } = options;
  await buildStale(log);
  const { stack, cleanUp } = await startFreshStack(log, options.existing);
  const database = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
  let planrrr: Awaited<ReturnType<typeof startPlanrrrAtDefaults>> | undefined;
  let baseline: ServiceProcess | undefined;
  const agent = new http.Agent({ keepAlive: true });
  try {
    planrrr = await startPlanrrrAtDefaults(stack, 1, log);
    const token = planrrr.tokens[0]!;
    const baselinePort = await freePort();
    baseline = startBaseline(planrrr.env, baselinePort, log);
    await baseline.ready(60_000);
    const urls: Record<SystemName, string> = { planrrr: planrrr.apiUrl, baseline: `http://127.0.0.1:${baselinePort}` };
    const pids: Record<SystemName, number | undefined> = { planrrr: planrrr.server.child.pid, baseline: baseline.child.pid };

    log(`planrrr: inserting ${options.posts.toLocaleString('en')} posts on ${options.accounts} accounts over ${options.months} months ...`);
    const accounts = await seedPosts(database, planrrr, options);

    // deep list pages start after posts picked at random, as a client paging far in would send them
    const { rows: picked } = await database.query<{ at: Date; id: string }>(
      `SELECT "publishAt" AT TIME ZONE 'UTC' AS at, id FROM "Post" ORDER BY md5(id || 'pick') LIMIT ${LIST_CURSORS}`,
    );
    const cursors = picked.map((post) => encodePostPageCursor({ sort: 'publishAt', at: post.at, id: post.id }));
    const listPaths = cursors.flatMap((cursor, index) => {
      const base = `/api/v1/posts?limit=${LIST_LIMIT}`;
      const account = accounts[index % accounts.length]!;
      return [
        base,
        `${base}&cursor=${cursor}`,
        `${base}&status=SCHEDULED&cursor=${cursor}`,
        `${base}&connectionId=${account}&cursor=${cursor}`,
      ];
    });

    // each month's grid, page after page, as the calendar page reads it
    const calendarPaths: string[] = [];
    const now = new Date();
    for (let month = -Math.floor(options.months / 2); month < options.months - Math.floor(options.months / 2); month += 1) {
      const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + month, 1)).toISOString().slice(0, 10);
      const { from, to } = gridRange(gridDays('month', first));
      const base = `/api/v1/posts?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&limit=${CALENDAR_PAGE_SIZE}`;
      let cursor: string | null = null;
      for (let page = 0; page < CALENDAR_MAX_PAGES; page += 1) {
        const path: string = cursor ? `${base}&cursor=${cursor}` : base;
        calendarPaths.push(path);
        cursor = (await getJson(agent, `${urls.baseline}${path}`, token)).nextCursor;
        if (!cursor) break;
      }
    }

    log('checking that planrrr and the baseline answer the same JSON ...');
    const compared = [...listPaths.slice(0, 8), ...calendarPaths.filter((_, index) => index % 5 === 0)];
    for (const path of compared) {
      const [ours, theirs] = await Promise.all(SYSTEMS.map((system) => getJson(agent, `${urls[system]}${path}`, token)));
      if (!isDeepStrictEqual(ours, theirs)) throw new Error(`planrrr and the baseline answer ${path} differently`);
    }

    const paths: Record<Kind, string[]> = { list: listPaths, calendar: calendarPaths };
    const none = (): Samples => ({ latencies: [], failed: 0, cpuMs: 0 });
    const samples: Record<Kind, Record<SystemName, Samples>> = {
      list: { planrrr: none(), baseline: none() },
      calendar: { planrrr: none(), baseline: none() },
    };
    for (const kind of KINDS) {
      log(`${kind}: warming up each system for ${options.warmUpSeconds} s with ${options.clients} clients ...`);
      for (const system of SYSTEMS) await drive(urls[system], token, paths[kind], options.clients, options.warmUpSeconds, { index: 0 });
      // both systems send the same requests in the same order
      const next: Record<SystemName, { index: number }> = { planrrr: { index: 0 }, baseline: { index: 0 } };
      for (let round = 0; round < options.rounds; round += 1) {
        const order = round % 2 === 0 ? SYSTEMS : [...SYSTEMS].reverse();
        for (const system of order) {
          log(`${kind}: ${system}, ${options.clients} clients, slice ${round + 1} of ${options.rounds} ...`);
          const cpuBefore = cpuMillis(pids[system]);
          const slice = await drive(urls[system], token, paths[kind], options.clients, options.seconds / options.rounds, next[system]);
          samples[kind][system].cpuMs += cpuMillis(pids[system]) - cpuBefore;
          samples[kind][system].latencies.push(...slice.latencies);
          samples[kind][system].failed += slice.failed;
        }
      }
    }
    const of = (kind: Kind) => ({
      planrrr: figures(samples[kind].planrrr, options.seconds),
      baseline: figures(samples[kind].baseline, options.seconds),
    });
    return {
      list: of('list'),
      calendar: of('calendar'),
      compared: compared.length,
      calendarPages: calendarPaths.length,
      poolSize: parseConfig(planrrr.env).DATABASE_POOL_SIZE,
    };
  } finally {
    agent.destroy();
    await baseline?.stop();
    await planrrr?.stop();
    await database.end();
    await cleanUp();
  }
}

export function readsTable(result: ReadsResult, options: Pick<ReadsOptions, 'clients' | 'posts'>): string {
  const met = (yes: boolean) => (yes ? 'met' : '**not met**');
  const rows = (name: string, kind: Kind) => {
    const { planrrr, baseline } = result[kind];
    const ratio = planrrr.p99 / baseline.p99;
    return [
      name,
      `${millis(planrrr.p50)} / ${millis(planrrr.p99)}`,
      `${millis(baseline.p50)} / ${millis(baseline.p99)}`,
      `${ratio.toFixed(2)}×`,
      `at most ${RATIO_GOAL}×: ${met(ratio <= RATIO_GOAL)}`,
      `${planrrr.perSecond.toFixed(0)} / ${baseline.perSecond.toFixed(0)}`,
      `${planrrr.cpuPerRequestMs.toFixed(1)} / ${baseline.cpuPerRequestMs.toFixed(1)} ms`,
      `${planrrr.failed} of ${planrrr.requests.toLocaleString('en')} / ${baseline.failed} of ${baseline.requests.toLocaleString('en')}`,
    ];
  };
  return markdownTable(
    [
      `${options.clients} clients, ${options.posts.toLocaleString('en')} posts`,
      'planrrr (npm start) p50 / p99',
      'baseline (pg + node:http) p50 / p99',
      'p99 ratio',
      'goal',
      'requests/s planrrr / baseline',
      'server CPU per request planrrr / baseline',
      'failed planrrr / baseline',
    ],
    [
      rows(`list: pages of ${LIST_LIMIT}, first and deep (cursor), all, SCHEDULED, one account`, 'list'),
      rows(`calendar: month grids, pages of ${CALENDAR_PAGE_SIZE} as the calendar page reads them`, 'calendar'),
    ],
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      posts: { type: 'string', default: '100000' },
      accounts: { type: 'string', default: '4' },
      months: { type: 'string', default: '12' },
      clients: { type: 'string', default: '32' },
      seconds: { type: 'string', default: '30' },
      rounds: { type: 'string', default: '3' },
      'warm-up': { type: 'string', default: '5' },
    },
  });
  const options: ReadsOptions = {
    posts: positiveWholeNumber('--posts', values.posts),
    accounts: positiveWholeNumber('--accounts', values.accounts),
    months: positiveWholeNumber('--months', values.months),
    clients: positiveWholeNumber('--clients', values.clients),
    seconds: positiveWholeNumber('--seconds', values.seconds),
    rounds: positiveWholeNumber('--rounds', values.rounds),
    warmUpSeconds: positiveWholeNumber('--warm-up', values['warm-up']),
    existing: { databaseUrl: process.env.DATABASE_URL, temporalAddress: process.env.TEMPORAL_ADDRESS },
    log: (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
  };
  if (options.posts < options.accounts) throw new UsageError('--posts must be at least --accounts');
  const startedAt = new Date();
  const result = await runReads(options);
  const flags = ['--posts', values.posts!, '--clients', values.clients!, '--seconds', values.seconds!];
  report(
    {
      id: 'reads',
      title: `Reads under load: list and calendar over ${options.posts.toLocaleString('en')} posts, ${options.clients} clients, against the same SQL with pg alone`,
      command: commandLine('bench:reads', flags),
      body: [
        readsTable(result, options),
        '',
        `planrrr runs as \`npm start\` runs it (the compiled server, at its defaults: \`DATABASE_POOL_SIZE=${result.poolSize}\`, production logging), ` +
          `each client with the same API token. The baseline (bench/support/reads-baseline.ts) is plain node:http with a pg Pool of the same size: ` +
          "for each request it runs the statements the API runs (api/auth/passport.ts's for the bearer token with its membership, api/posts/page-query.ts's for the page) " +
          'and answers the same JSON (view.ts postRowFromJson and toPostView, the same cursor); it has no framework, middleware, logging or validation. ' +
          `Before measuring, ${result.compared} requests were answered identically by both. ` +
          `The posts: ${options.posts.toLocaleString('en')} on ${options.accounts} accounts (a third on two), over ${options.months} months around now: ` +
          'the past ones published (1 in 25 failed, with three attempts each), the later ones scheduled; inserted with generate_series. ' +
          `List requests cycle through ${LIST_CURSORS * 4} pages of ${LIST_LIMIT}: the first page and pages after ${LIST_CURSORS} posts picked at random, unfiltered, SCHEDULED only, and one account's; ` +
          `calendar requests through the ${result.calendarPages} pages the calendar page reads for each of the ${options.months} months (its grid of whole weeks, up to ${CALENDAR_MAX_PAGES} pages of ${CALENDAR_PAGE_SIZE}). ` +
          `Each kind ran ${options.seconds} s on each system, in ${options.rounds} slices alternating which system went first, after ${options.warmUpSeconds} s of warm-up each; ` +
          'latency is from sending the request to reading the whole answer, in the benchmark process on the same machine; ' +
          "a server's CPU per request is its process's CPU time (user and system, /proc) over the slices, per request, which the machine's other load moves far less than latency.",
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
