// The fixture of the cluster tests (tests/cluster/): the real Temporal server on PostgreSQL,
// two API servers and two worker processes (runtime/cluster.ts), started once per test file
// beside the fakes the file talks to, with clients for each server and a database and Temporal
// client of the test's own to watch what the app guarantees.
import { Client, Connection } from '@temporalio/client';
import { startCluster, type RunningCluster } from '../../runtime/cluster';
import { createDb, type Db } from '../../lib/db';
import { signUpWithToken, type ApiClient } from './harness';
import type { Startable } from './server-and-worker';

export interface ClusterFixture {
  cluster: RunningCluster;
  /** a user's API token, sent to the first server and to the second */
  api: [ApiClient, ApiClient];
  db: Db;
  temporal: Client;
}

export interface ClusterOptions {
  /** variables every server and worker gets, beside the cluster's own */
  env?: NodeJS.ProcessEnv;
  /** started first, stopped last */
  alongside?: Startable[];
}

const log = (line: string) => {
  if (process.env.TEST_SHOW_CLUSTER_LOGS) process.stderr.write(`[cluster] ${line}\n`);
};

/** Registers the hooks that start and stop the cluster; read the fields in hooks and tests. */
export function useCluster(options: ClusterOptions = {}): ClusterFixture {
  const alongside = options.alongside ?? [];
  const running: Partial<ClusterFixture> & { connection?: Connection } = {};

  beforeAll(async () => {
    await Promise.all(alongside.map((each) => each.start()));
    const cluster = await startCluster({
      env: {
        // the fakes listen on 127.0.0.1 over http
        ALLOW_INSECURE_PLATFORM_URLS: 'true',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        ...options.env,
      },
      log,
    });
    running.cluster = cluster;
    running.db = createDb(cluster.databaseUrl);
    running.connection = await Connection.connect({ address: cluster.temporal.address });
    running.temporal = new Client({ connection: running.connection, namespace: cluster.temporal.namespace });
    const [first, second] = cluster.servers;
    const { api } = await signUpWithToken(first!.url, 'Cleo');
    running.api = [api, api.on(second!.url)];
  });

  afterAll(async () => {
    await Promise.allSettled([running.db?.$disconnect(), running.connection?.close()]);
    await running.cluster?.stop();
    await Promise.allSettled(alongside.map((each) => each.stop()));
  });

  return running as ClusterFixture;
}
