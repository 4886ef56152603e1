// What operators see: metrics from the server and the worker that move as posts
// publish, request ids, and workflows findable by every search attribute with a memo.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { freePort } from '../../runtime/ports';
import { createTestDatabase, inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient, type TestEnv } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

let env: TestEnv;
let api: ApiClient;
let workerMetricsUrl: string;

const stack = useServerAndWorker({
  env: async () => {
    const port = await freePort();
    workerMetricsUrl = `http://127.0.0.1:${port}/metrics`;
    // a database of its own: the reconciliation pass below judges every post it finds
    return testEnv({ WORKER_METRICS_PORT: String(port), DATABASE_URL: await createTestDatabase('observability') });
  },
});

beforeAll(async () => {
  ({ env } = stack);
  ({ api } = await signUpWithToken(stack.server.url, 'Olivia'));
});

async function scrape(url: string): Promise<string> {
  return (await fetch(url)).text();
}

/** The value of the first sample of `name` whose labels include all of `labels`. */
function sample(metrics: string, name: string, labels: Record<string, string>): number | undefined {
  const line = metrics
    .split('\n')
    .find(
      (candidate) =>
        candidate.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
}

test('server and worker metrics count a published post, its attempt and its lateness', async () => {
  const demo = await api.post('/api/v1/connections', { platform: 'demo' });
  const before = await scrape(`${stack.server.url}/metrics`);
  const publishedBefore = sample(before, 'planrrr_posts', { status: 'PUBLISHED' }) ?? 0;

  const created = await api.post('/api/v1/posts', { content: 'Counted', publishAt: inSeconds(2), connectionIds: [demo.body.id] });
  await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );

  const after = await scrape(`${stack.server.url}/metrics`);
  expect(sample(after, 'planrrr_posts', { status: 'PUBLISHED' })).toBe(publishedBefore + 1);
  expect(
    sample(after, 'planrrr_http_request_duration_seconds_count', { route: '/api/v1/posts', method: 'POST', status: '201' }),
  ).toBeGreaterThanOrEqual(1);
  expect(
    sample(after, 'planrrr_http_request_duration_seconds_count', { route: '/api/v1/posts/:id', method: 'GET', status: '200' }),
  ).toBeGreaterThanOrEqual(1);

  // The page says PUBLISHED once the workflow saved that state; it completes just after.
  const workerMetrics = await waitFor(
    () => scrape(workerMetricsUrl),
    (text) => text.includes('planrrr_publish_attempts') && /^temporal_workflow_completed_total\{/m.test(text),
    15_000,
  );
  expect(sample(workerMetrics, 'planrrr_publish_attempts_total', { platform: 'DEMO', outcome: 'published' })).toBe(1);
  expect(sample(workerMetrics, 'planrrr_publish_lateness_seconds_count', { platform: 'DEMO' })).toBe(1);
  // published within seconds of its time: counted in the 10 s bucket, not only in +Inf
  expect(sample(workerMetrics, 'planrrr_publish_lateness_seconds_bucket', { platform: 'DEMO', le: '10' })).toBe(1);
  expect(sample(workerMetrics, 'planrrr_circuit_breaker_state', { platform: 'DEMO' })).toBe(0);
  // and the SDK's own metrics, on the same endpoint
  expect(workerMetrics).toMatch(/^temporal_workflow_completed_total\{/m);
});

test('every metric the alert rules use is exported, under that name', async () => {
  // a reconciliation pass, so that its findings counter exists
  await stack.server.temporal.workflow.execute('reconcilerWorkflow', {
    taskQueue: env.config.TEMPORAL_TASK_QUEUE,
    workflowId: `reconcile-${env.config.TEMPORAL_TASK_QUEUE}`,
    args: [],
  });
  const exported = `${await scrape(`${stack.server.url}/metrics`)}\n${await scrape(workerMetricsUrl)}`;
  const rules = parse(readFileSync(path.join(__dirname, '../../monitoring/alerts.yml'), 'utf8')) as {
    groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
  };
  const missing = rules.groups
    .flatMap((group) => group.rules)
    .flatMap((rule) => [...rule.expr.matchAll(/\b(?:planrrr|temporal)_[a-z_]+/g)].map((match) => `${rule.alert}: ${match[0]}`))
    .filter((reference) => !new RegExp(`^${reference.split(': ')[1]}[{ ]`, 'm').test(exported));
  expect(missing).toEqual([]);
});

test('every request gets an X-Request-Id, and a caller-supplied one is kept', async () => {
  const mine = await api.request('GET', '/api/v1/posts', undefined, { 'X-Request-Id': 'trace-me-123' });
  expect(mine.headers.get('x-request-id')).toBe('trace-me-123');
  expect((await api.get('/api/v1/posts')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test("a post's workflow is findable by team, platform, status and publish time, with a readable memo", async () => {
  const demo = await api.post('/api/v1/connections', { platform: 'demo' });
  const created = await api.post('/api/v1/posts', {
    content: 'Launch day is coming',
    publishAt: inSeconds(86_400),
    connectionIds: [demo.body.id],
  });
  const query = [
    `PlanrrrTeamId="${created.body.teamId}"`,
    `PlanrrrPlatforms="DEMO"`,
    `PlanrrrStatus="SCHEDULED"`,
    `PlanrrrPublishAt > "${new Date().toISOString()}"`,
  ].join(' AND ');
  const found = await waitFor(
    async () => {
      const ids: string[] = [];
      for await (const execution of stack.server.temporal.workflow.list({ query })) ids.push(execution.workflowId);
      return ids;
    },
    (ids) => ids.includes(`post-${created.body.id}`),
    15_000,
  );
  expect(found).toEqual([`post-${created.body.id}`]);
  const description = await stack.server.temporal.workflow.getHandle(`post-${created.body.id}`).describe();
  expect(description.memo).toEqual({ title: 'Launch day is coming', teamId: created.body.teamId });
  await api.post(`/api/v1/posts/${created.body.id}/cancel`);
});
