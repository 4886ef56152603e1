// The fixture of the cluster tests (tests/cluster/): the real Temporal server on PostgreSQL,
// two API servers and two worker processes (runtime/cluster.ts, as `npm run start:cluster`
// runs them), started once per test file beside the fakes the file talks to, with a user's
// API token for each server, and a database and Temporal client of the test's own to watch
// what the app guarantees. The file's planrrr and Temporal databases are its own, on the
// run's PostgreSQL (tests/support/cluster-global-setup.ts).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb, type Db } from '../../lib/db';
import { startCluster, type Cluster } from '../../runtime/cluster';
import { generateSecrets } from '../../runtime/dev-secrets';
import { createTestDatabase, signUpWithToken, type ApiClient } from './harness';
import type { Startable } from './server-and-worker';

export interface ClusterFixture {
  cluster: Cluster;
  /** one user's API token, sent to the first server and to the second */
  api: [ApiClient, ApiClient];
  db: Db;
  temporal: Client;
}

export interface ClusterOptions {
  /** variables every API server and worker gets, beside the fixture's own */
  env?: NodeJS.ProcessEnv;
  /** started first (the environment may name their URLs), stopped last */
  alongside?: Startable[];
}

const show = (line: string) => {
  if (process.env.TEST_SHOW_CLUSTER_LOGS) process.stderr.write(`${line}\n`);
};

/** Registers the hooks that start and stop the cluster; read the fields in hooks and tests. */
export function useCluster(options: ClusterOptions = {}): ClusterFixture {
  const alongside = options.alongside ?? [];
  const running: Partial<ClusterFixture> & { dataDir?: string; connection?: Connection } = {};

  beforeAll(async () => {
    await Promise.all(alongside.map((each) => each.start()));
    // the cluster writes nothing there: its PostgreSQL and workflow bundle are the run's
    running.dataDir = await mkdtemp(path.join(tmpdir(), 'planrrr-cluster-'));
    running.cluster = await startCluster({
      dataDir: running.dataDir,
      databaseUrl: await createTestDatabase('cluster'),
      temporalDatabaseName: `temporal_${randomUUID().replace(/-/g, '')}`,
      webUi: false,
      env: {
        ...generateSecrets(),
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        // written once by tests/support/cluster-global-setup.ts
        WORKFLOW_BUNDLE_PATH: process.env.WORKFLOW_BUNDLE_PATH,
        // the fakes listen on 127.0.0.1, over http
        ALLOW_INSECURE_PLATFORM_URLS: 'true',
        ...options.env,
      },
      log: (line) => show(`[cluster] ${line}`),
      onLine: (name, line) => show(`[${name}] ${line}`),
    });
    const { databaseUrl, temporal, servers } = running.cluster;
    running.db = createDb(databaseUrl);
    running.connection = await Connection.connect({ address: temporal.address });
    running.temporal = new Client({ connection: running.connection, namespace: temporal.namespace });
    const { api } = await signUpWithToken(servers[0]!.url, 'Cleo');
    running.api = [api, api.on(servers[1]!.url)];
  });

  afterAll(async () => {
    await Promise.allSettled([running.db?.$disconnect(), running.connection?.close()]);
    await running.cluster?.stop();
    await Promise.allSettled(alongside.map((each) => each.stop()));
    if (running.dataDir) await rm(running.dataDir, { recursive: true, force: true });
  });

  return running as ClusterFixture;
}
