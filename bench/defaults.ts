// planrrr at its defaults against the Temporal server under it, in one run: what `npm start`
// runs (the compiled server and worker, the environment it gives them, no tuning) beside
// empty workflow starts on the same server. Two ratios, each against its goal:
//   - one client's create p50 (POST /api/v1/posts) over one bare workflow start's p50: at most 2
//   - creates per second with 32 clients over empty workflow starts per second with 32
//     callers (the floor): at least 80 %
// The single-client samples alternate (a start, a create, ...) so both see the same machine.
//   npm run bench:defaults -- --samples 300 --burst 3000
//   npm run bench:defaults -- --cluster   (the real Temporal server on PostgreSQL that start:cluster runs)
//   TEMPORAL_ADDRESS=host:7233 npm run bench:defaults   (a Temporal server of your own)
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CONFIG_VARIABLES } from '../lib/config';
import { buildStale } from '../runtime/build';
import { startCluster, type Cluster } from '../runtime/cluster';
import { TEMPORAL_SERVER_VERSION } from '../runtime/temporal-server-binaries';
import { generateSecrets } from '../runtime/dev-secrets';
import { startMailCatcher } from '../runtime/mail-catcher';
import { DATA_DIR, PROJECT_ROOT } from '../runtime/paths';
import { freePort } from '../runtime/ports';
import { serviceEnv, startCompiledServices } from '../runtime/services';
import { DEFAULT_NAMESPACE } from '../temporal-config';
import { signUpWithToken } from '../tests/support/harness';
import { connectEmptyWorkflows, type EmptyWorkflows } from './support/empty-workflows';
import { BENCH_ACCESS_TOKEN, startPlatform } from './support/platform';
import { commandLine, markdownTable, report } from './support/report';
import { positiveWholeNumber, runAsCommand } from './support/run';
import { forEachConcurrently, millis, percentile } from './support/stats';
import { startFreshStack, type StackAddresses } from './support/systems';

export interface DefaultsOptions {
  /** single-client samples of each kind (bare starts and creates, alternating) */
  samples: number;
  /** empty workflows started, and posts created, with `clients` at once */
  burst: number;
  clients: number;
  /** a Temporal server (and database) to run against instead of fresh ones */
  existing: Partial<StackAddresses>;
  /** run on the real Temporal server on PostgreSQL, started here as start:cluster starts it, instead of the dev server */
  cluster?: boolean;
  log: (line: string) => void;
}

export interface DefaultsResult {
  temporalAddress: string;
  bareStartP50Ms: number;
  createP50Ms: number;
  /** createP50Ms / bareStartP50Ms; the goal is at most 2 */
  latencyRatio: number;
  floorPerSecond: number;
  createsPerSecond: number;
  /** createsPerSecond / floorPerSecond; the goal is at least 0.8 */
  throughputShare: number;
  createsFailed: number;
  /** planrrr variables set in the environment (other than addresses): a run with any is not at defaults */
  tunedVariables: string[];
}

const LATENCY_GOAL = 2;
const THROUGHPUT_GOAL = 0.8;
/** samples of each kind before the measured ones: connections opened, code paths warm */
const WARM_UP = 10;
const FAR_FUTURE_MS = 30 * 24 * 60 * 60 * 1000;
const ADDRESS_VARIABLES = new Set(['DATABASE_URL', 'TEMPORAL_ADDRESS']);

/** planrrr as `npm start` runs it, on `stack`, with one team, a fake Mastodon account and `clients` API tokens. */
export async function startPlanrrrAtDefaults(
  stack: { databaseUrl: string; temporalAddress: string },
  clients: number,
  log: DefaultsOptions['log'],
) {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const each of stops.reverse()) await each().catch(() => undefined);
  };
  try {
    const platform = await startPlatform();
    stops.push(() => platform.stop());
    const mail = await startMailCatcher({ smtp: await freePort(), web: await freePort() }, () => undefined);
    stops.push(() => mail.stop());
    const port = await freePort();
    const env = serviceEnv(generateSecrets(), { ...stack, temporalUiUrl: 'http://localhost:8233', port, smtpUrl: mail.smtpUrl });
    const lines: string[] = [];
    const keep = (name: string) => (line: string) => {
      lines.push(`[${name}] ${line}`);
      if (lines.length > 200) lines.shift();
      if (process.env.BENCH_SHOW_LOGS) log(`[${name}] ${line}`);
    };
    log('planrrr: starting the compiled server and worker as npm start does ...');
    const { worker, server } = startCompiledServices(env, keep);
    stops.push(
      () => worker.stop(),
      () => server.stop(),
    );
    await Promise.all([worker.ready(120_000), server.ready(90_000)]).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${lines.join('\n')}`);
    });

    const apiUrl = `http://127.0.0.1:${port}`;
    const { api, session, token } = await signUpWithToken(apiUrl, 'Bench');
    const connection = await api.post('/api/v1/connections', {
      platform: 'mastodon',
      instanceUrl: platform.url,
      accessToken: BENCH_ACCESS_TOKEN,
    });
    if (connection.status !== 201)
      throw new Error(`connecting the fake platform failed: ${connection.status} ${JSON.stringify(connection.body)}`);
    // one token per client: the write limit (WRITE_RATE_LIMIT_PER_MINUTE) counts per token, as for separate integrations
    const tokens = [token];
    while (tokens.length < clients) {
      const created = await session.post('/api/v1/tokens', { name: `bench client ${tokens.length + 1}` });
      if (created.status !== 201) throw new Error(`creating a token failed: ${created.status} ${JSON.stringify(created.body)}`);
      tokens.push(created.body.token as string);
    }
    return { apiUrl, env, server, connectionId: connection.body.id as string, tokens, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A POST to the API with `token`; answers the body and the request's time in ms, or throws with the answer. */
async function post(url: string, token: string, body: unknown, expected: number): Promise<{ body: { id: string }; ms: number }> {
  const before = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}: ${text}`);
  return { body: JSON.parse(text) as { id: string }, ms: performance.now() - before };
}

export async function runDefaults(options: DefaultsOptions): Promise<DefaultsResult> {
  const { log } = options;
  await buildStale(log);
  const cluster = options.cluster ? await startClusterTemporal(log) : undefined;
  const { stack, cleanUp } = await startFreshStack(
    log,
    cluster ? { temporalAddress: cluster.temporal.address, databaseUrl: cluster.databaseUrl } : options.existing,
  ).catch(async (error: unknown) => {
    await cluster?.stop();
    throw error;
  });
  let empty: EmptyWorkflows | undefined;
  let planrrr: Awaited<ReturnType<typeof startPlanrrrAtDefaults>> | undefined;
  try {
    planrrr = await startPlanrrrAtDefaults(stack, options.clients, log);
    const { apiUrl, connectionId, tokens } = planrrr;
    empty = await connectEmptyWorkflows(stack.temporalAddress, DEFAULT_NAMESPACE);
    const postIds: string[] = [];
    /** a post for far in the future; answers the request's time in ms */
    const create = async (token: string) => {
      const content = `defaults #${postIds.length + 1}`;
      const publishAt = new Date(Date.now() + FAR_FUTURE_MS).toISOString();
      const created = await post(`${apiUrl}/api/v1/posts`, token, { content, publishAt, connectionIds: [connectionId] }, 201);
      postIds.push(created.body.id);
      return created.ms;
    };

    log(`one client: ${options.samples} bare workflow starts and ${options.samples} creates, alternating (after ${WARM_UP} of each) ...`);
    const bareStarts: number[] = [];
    const creates: number[] = [];
    for (let sample = -WARM_UP; sample < options.samples; sample += 1) {
      const startMs = await empty.start();
      const createMs = await create(tokens[0]!);
      if (sample < 0) continue;
      bareStarts.push(startMs);
      creates.push(createMs);
    }

    log(`${options.clients} callers: ${options.burst.toLocaleString('en')} empty workflow starts (the floor) ...`);
    const floorPerSecond = await empty.startsPerSecond(options.burst, options.clients);

    log(`${options.clients} clients: ${options.burst.toLocaleString('en')} creates ...`);
    let createsFailed = 0;
    const burstStarted = Date.now();
    await forEachConcurrently(
      Array.from({ length: options.burst }, (_, index) => tokens[index % tokens.length]!),
      options.clients,
      async (token) => {
        await create(token).catch((error: unknown) => {
          createsFailed += 1;
          if (createsFailed <= 3) log(String(error));
        });
      },
    );
    const createsPerSecond = ((options.burst - createsFailed) * 1000) / (Date.now() - burstStarted);

    if (options.existing.temporalAddress) {
      // a server of the operator's keeps what it is given: the posts are cancelled, so none waits to publish to a fake
      log(`cancelling the ${postIds.length.toLocaleString('en')} posts on the server at TEMPORAL_ADDRESS ...`);
      await forEachConcurrently(postIds, options.clients, async (postId, index) => {
        await post(`${apiUrl}/api/v1/posts/${postId}/cancel`, tokens[index % tokens.length]!, {}, 200);
      });
    }

    const bareStartP50Ms = percentile(bareStarts, 50);
    const createP50Ms = percentile(creates, 50);
    return {
      temporalAddress: stack.temporalAddress,
      bareStartP50Ms,
      createP50Ms,
      latencyRatio: createP50Ms / bareStartP50Ms,
      floorPerSecond,
      createsPerSecond,
      throughputShare: createsPerSecond / floorPerSecond,
      createsFailed,
      tunedVariables: CONFIG_VARIABLES.filter((name) => process.env[name] !== undefined && !ADDRESS_VARIABLES.has(name)),
    };
  } finally {
    await empty?.close().catch(() => undefined);
    await planrrr?.stop();
    await cleanUp();
    await cluster?.stop();
  }
}

/** The real Temporal server on an embedded PostgreSQL, as start:cluster runs it, without planrrr's processes. */
async function startClusterTemporal(
  log: DefaultsOptions['log'],
): Promise<{ temporal: Cluster['temporal']; databaseUrl: string; stop(): Promise<void> }> {
  log('starting the real Temporal server on an embedded PostgreSQL, as npm run start:cluster does ...');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'planrrr-bench-cluster-'));
  // PostgreSQL runs as `postgres` when the bench runs as root: it must enter the folder
  await chmod(dataDir, 0o755);
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  const cluster = await startCluster({ dataDir, compiled: true, servers: 0, workers: 0, webUi: false, env: {}, log }).catch(
    async (error: unknown) => {
      await removeDir();
      throw error;
    },
  );
  return {
    temporal: cluster.temporal,
    databaseUrl: cluster.databaseUrl,
    async stop() {
      await cluster.stop();
      await removeDir();
    },
  };
}

export function defaultsTable(result: DefaultsResult, options: Pick<DefaultsOptions, 'clients' | 'samples' | 'burst'>): string {
  const met = (yes: boolean) => (yes ? 'met' : '**not met**');
  return markdownTable(
    ['', 'planrrr (npm start)', 'Temporal alone (empty workflow)', 'ratio', 'goal'],
    [
      [
        `p50 of ${options.samples} sequential requests, 1 client`,
        `create ${millis(result.createP50Ms)}`,
        `start ${millis(result.bareStartP50Ms)}`,
        `${result.latencyRatio.toFixed(2)}×`,
        `at most ${LATENCY_GOAL}×: ${met(result.latencyRatio <= LATENCY_GOAL)}`,
      ],
      [
        `per second, ${options.burst.toLocaleString('en')} with ${options.clients} clients`,
        `${result.createsPerSecond.toFixed(0)} creates/s`,
        `${result.floorPerSecond.toFixed(0)} starts/s (the floor)`,
        `${(result.throughputShare * 100).toFixed(0)} %`,
        `at least ${THROUGHPUT_GOAL * 100} %: ${met(result.throughputShare >= THROUGHPUT_GOAL)}`,
      ],
    ],
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      samples: { type: 'string', default: '300' },
      burst: { type: 'string', default: '3000' },
      clients: { type: 'string', default: '32' },
      cluster: { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  const options = {
    samples: positiveWholeNumber('--samples', values.samples),
    burst: positiveWholeNumber('--burst', values.burst),
    clients: positiveWholeNumber('--clients', values.clients),
    existing: { temporalAddress: process.env.TEMPORAL_ADDRESS, databaseUrl: process.env.DATABASE_URL },
    cluster: values.cluster,
    log: (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
  };
  const startedAt = new Date();
  const result = await runDefaults(options);
  const jsonFile = path.resolve(
    values.json ?? path.join(DATA_DIR, 'bench', `defaults-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`),
  );
  await mkdir(path.dirname(jsonFile), { recursive: true });
  await writeFile(
    jsonFile,
    `${JSON.stringify({ startedAt, options: { samples: options.samples, burst: options.burst, clients: options.clients }, result }, null, 2)}\n`,
  );
  options.log(`Wrote ${path.relative(PROJECT_ROOT, jsonFile)}`);
  const flags = [
    '--samples',
    values.samples!,
    '--burst',
    values.burst!,
    '--clients',
    values.clients!,
    ...(values.cluster ? ['--cluster'] : []),
  ];
  const temporalServer = values.cluster
    ? `the real Temporal server v${TEMPORAL_SERVER_VERSION} on PostgreSQL (SQL visibility), as npm run start:cluster runs it, with planrrr's one server and one worker as npm start runs them`
    : process.env.TEMPORAL_ADDRESS
      ? 'the one at TEMPORAL_ADDRESS'
      : "the Temporal CLI's dev server npm start runs";
  report(
    {
      // one section per server, so the dev server's and the cluster's figures stand side by side
      id: values.cluster ? 'defaults-cluster' : 'defaults',
      title: values.cluster
        ? 'planrrr at its defaults against the real Temporal server on PostgreSQL'
        : 'planrrr at its defaults against its Temporal server',
      command: `${process.env.TEMPORAL_ADDRESS ? 'TEMPORAL_ADDRESS=… ' : ''}${commandLine('bench:defaults', flags)}`,
      body: [
        defaultsTable(result, options),
        '',
        `Temporal server: ${temporalServer}. ` +
          `Creates failed: ${result.createsFailed}. ` +
          (result.tunedVariables.length === 0
            ? 'No planrrr variable was set: these are the defaults.'
            : `**Not at defaults**: ${result.tunedVariables.map((name) => `\`${name}\``).join(', ')} set.`),
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
