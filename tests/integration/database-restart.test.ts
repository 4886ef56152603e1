// Fault: PostgreSQL restarts under the API while clients create posts. Requests during the
// outage fail cleanly (503 problem+json with Retry-After), and afterwards every post is in
// both stores or in neither: each row has its workflow and each workflow its row.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningServer } from '../../api/server';
import { createDb } from '../../lib/db';
import { freePort } from '../../runtime/ports';
import { migrateDeploy } from '../../runtime/prisma-cli';
import { startTsProcess, type ServiceProcess } from '../../runtime/processes';
import { postWorkflowId } from '../../temporal-config';
import { inSeconds, signUpWithToken, startApi, testEnv, waitFor, type ApiClient, type ApiResponse } from '../support/harness';

jest.setTimeout(240_000);

const CLIENTS = 3;
let dataDir: string;
let postgresEnv: NodeJS.ProcessEnv;
let postgres: ServiceProcess;
let databaseUrl: string;
let server: RunningServer;
let env: ReturnType<typeof testEnv>;
let api: ApiClient;
let teamId: string;
let demoConnectionId: string;

/** Starts (or starts again, on the same data) this test's PostgreSQL. */
async function startPostgres(): Promise<ServiceProcess> {
  const lines: string[] = [];
  const child = startTsProcess('postgres', 'tests/support/postgres-process.ts', postgresEnv, (line) => lines.push(line));
  await child.ready(60_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${lines.join('\n')}`);
  });
  return child;
}

beforeAll(async () => {
  // A PostgreSQL of this test's own, since it is stopped and started again.
  dataDir = await mkdtemp(path.join(tmpdir(), 'planrrr-db-restart-'));
  await chmod(dataDir, 0o755);
  const port = await freePort();
  postgresEnv = { PG_DATA_DIR: path.join(dataDir, 'postgres'), PG_PORT: String(port), PG_DATABASE: 'planrrr' };
  databaseUrl = `postgresql://planrrr:planrrr@127.0.0.1:${port}/planrrr`;
  postgres = await startPostgres();
  await migrateDeploy(databaseUrl);
  env = testEnv({ DATABASE_URL: databaseUrl, WRITE_RATE_LIMIT_PER_MINUTE: '100000' });
  server = await startApi(env);
  ({ api } = await signUpWithToken(server.url, 'Olga'));
  teamId = (await api.get('/api/v1/me')).body.teams[0].id;
  demoConnectionId = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
});

afterAll(async () => {
  await server?.close();
  await postgres?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Outcome {
  response: ApiResponse;
  phase: 'before' | 'outage' | 'after';
}

test('posts created while PostgreSQL restarts either exist in both stores or answer 503 with Retry-After', async () => {
  const outcomes: Outcome[] = [];
  let phase: Outcome['phase'] = 'before';
  let running = true;
  const createLoop = async (client: number) => {
    for (let n = 0; running; n += 1) {
      const response = await api.post('/api/v1/posts', {
        content: `client ${client} post ${n}`,
        publishAt: inSeconds(3600),
        connectionIds: [demoConnectionId],
      });
      outcomes.push({ response, phase });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, client) => createLoop(client));
  const count = (wanted: Outcome['phase'], status: number) =>
    outcomes.filter((outcome) => outcome.phase === wanted && outcome.response.status === status).length;

  try {
    await waitFor(
      async () => count('before', 201),
      (created) => created >= 5,
      30_000,
    );
    phase = 'outage';
    await postgres.stop();
    await waitFor(
      async () => count('outage', 503),
      (refused) => refused >= 3,
      30_000,
    );
    postgres = await startPostgres();
    phase = 'after';
    await waitFor(
      async () => count('after', 201),
      (created) => created >= 5,
      60_000,
    );
  } finally {
    running = false;
    await Promise.all(clients);
  }

  const unexpected = outcomes.filter(({ response }) => response.status !== 201 && response.status !== 503);
  expect(unexpected.map(({ response }) => `${response.status} ${JSON.stringify(response.body)}`)).toEqual([]);
  for (const { response } of outcomes.filter(({ response }) => response.status === 503)) {
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(response.body).toMatchObject({ type: 'https://planrrr.dev/problems/service-unavailable', status: 503 });
    expect(JSON.stringify(response.body)).not.toMatch(/prisma|ECONN|stack|at \//i);
  }

  // Both stores agree: every post row has its workflow, every post workflow has its row.
  const db = createDb(databaseUrl);
  try {
    const rows = (await db.post.findMany({ where: { teamId }, select: { id: true } })).map((post) => postWorkflowId(post.id));
    const workflows = async () => {
      const ids: string[] = [];
      for await (const execution of server.temporal.workflow.list({ query: `TaskQueue="${env.config.TEMPORAL_TASK_QUEUE}"` })) {
        if (execution.type === 'postWorkflow') ids.push(execution.workflowId);
      }
      return ids.sort();
    };
    const seen = await waitFor(workflows, (ids) => ids.length >= rows.length, 15_000);
    expect(seen).toEqual([...rows].sort());
    const created = outcomes.filter(({ response }) => response.status === 201).map(({ response }) => postWorkflowId(response.body.id));
    expect(rows).toEqual(expect.arrayContaining(created));
  } finally {
    await db.$disconnect();
  }
});
