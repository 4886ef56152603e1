// Self-healing: the reconciler finds posts whose workflow is missing, closed early or out
// of step with the database, and repairs them, and starts the webhook deliveries whose
// workflow never started. Passes are run on demand here; in production a Schedule runs one
// every RECONCILE_EVERY. A database of this file's own: a pass judges every post it finds.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Actor } from '../../api/auth/actor';
import { createServices, type Services } from '../../api/services';
import { createDb, type Db } from '../../lib/db';
import { createLogger } from '../../lib/logger';
import { postWorkflowId, webhookDeliveryWorkflowId } from '../../temporal-config';
import { reconcilerScheduleId } from '../../lib/temporal/reconciler-schedule';
import type { ReconcileReport } from '../../activities';
import { PNG } from '../support/media-fixtures';
import { createTestDatabase, inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient, type TestEnv } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';
import { WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(120_000);

const receiver = new WebhookReceiver();
const stack = useServerAndWorker({
  env: async () => testEnv({ DATABASE_URL: await createTestDatabase('reconciler'), WEBHOOK_RETRY_INITIAL_INTERVAL: '1s' }),
  alongside: [receiver],
});
let env: TestEnv;
let api: ApiClient;
let db: Db;
let demoId: string;
let passes = 0;

beforeAll(async () => {
  ({ env } = stack);
  db = createDb(env.config.DATABASE_URL);
  ({ api } = await signUpWithToken(stack.server.url, 'Rita'));
  demoId = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
});

afterAll(async () => {
  await db?.$disconnect();
});

function reconcile(): Promise<ReconcileReport> {
  passes += 1;
  return stack.server.temporal.workflow.execute('reconcilerWorkflow', {
    taskQueue: env.config.TEMPORAL_TASK_QUEUE,
    workflowId: `reconcile-${env.config.TEMPORAL_TASK_QUEUE}-${passes}`,
    args: [],
  });
}

/** As if the post had been written two minutes ago (past the reconciler's start-up grace). */
async function age(postId: string): Promise<void> {
  const twoMinutesAgo = new Date(Date.now() - 2 * 60_000);
  await db.post.update({ where: { id: postId }, data: { createdAt: twoMinutesAgo, updatedAt: twoMinutesAgo } });
}

test('each worker makes sure the reconciler Schedule exists', async () => {
  const description = await stack.server.temporal.schedule.getHandle(reconcilerScheduleId(env.config.TEMPORAL_TASK_QUEUE)).describe();
  expect(description.action).toMatchObject({
    type: 'startWorkflow',
    workflowType: 'reconcilerWorkflow',
    taskQueue: env.config.TEMPORAL_TASK_QUEUE,
  });
});

test('a post written to the database whose workflow never started is started, and publishes', async () => {
  // What a crash between the API's two writes leaves behind: a row, no workflow.
  const me = await api.get('/api/v1/me');
  const post = await db.post.create({
    data: {
      teamId: me.body.currentTeamId,
      authorId: me.body.user.id,
      content: 'Nearly lost',
      publishAt: new Date(inSeconds(2)),
      status: 'SCHEDULED',
      targets: { create: [{ connectionId: demoId }] },
    },
  });
  await age(post.id);
  const report = await reconcile();
  expect(report.restarted).toContain(post.id);
  const published = await waitFor(
    () => api.get(`/api/v1/posts/${post.id}`),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(published.body.targets[0].status).toBe('PUBLISHED');

  // A lost status write: the database says SCHEDULED, the workflow finished PUBLISHED.
  await db.post.update({ where: { id: post.id }, data: { status: 'SCHEDULED', stateVersion: 0 } });
  await age(post.id);
  const second = await reconcile();
  expect(second.corrected).toContain(post.id);
  expect((await api.get(`/api/v1/posts/${post.id}`)).body.status).toBe('PUBLISHED');
  expect(
    (await api.get(`/api/v1/connections/${demoId}/demo-feed`)).body.items.filter((i: { content: string }) => i.content === 'Nearly lost'),
  ).toHaveLength(1);
});

test('a terminated workflow of a scheduled post is restarted with its media; healthy posts are left alone', async () => {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(PNG)]), 'kept.png');
  const mediaId = (await api.request('POST', '/api/v1/media', form)).body.id;
  const healthy = await api.post('/api/v1/posts', { content: 'All is well', publishAt: inSeconds(3600), connectionIds: [demoId] });
  const broken = await api.post('/api/v1/posts', {
    content: 'Terminated by mistake',
    publishAt: inSeconds(3600),
    connectionIds: [demoId],
    media: [mediaId],
  });
  // the API wrote both rows as their workflows start (rowWritten): no first save renews them after they are aged
  const handle = stack.server.temporal.workflow.getHandle(postWorkflowId(broken.body.id));
  const { runId: firstRun } = await handle.describe();
  await handle.terminate('operator mistake');
  await Promise.all([age(healthy.body.id), age(broken.body.id)]);

  const report = await reconcile();
  expect(report.restarted).toEqual([broken.body.id]);
  expect(report.corrected).toEqual([]);
  const restarted = await stack.server.temporal.workflow.getHandle(postWorkflowId(broken.body.id)).describe();
  expect(restarted.status.name).toBe('RUNNING');
  expect(restarted.runId).not.toBe(firstRun);
  const state = await waitFor(
    () => api.get(`/api/v1/posts/${broken.body.id}`),
    (res) => res.body.workflow?.status === 'SCHEDULED',
    30_000,
  );
  expect(state.body.workflow.mediaIds).toEqual([mediaId]);
  await api.post(`/api/v1/posts/${healthy.body.id}/cancel`);
  await api.post(`/api/v1/posts/${broken.body.id}/cancel`);
});

test('a cancelled post scheduled again whose new run never started is started, and publishes', async () => {
  const post = await api.post('/api/v1/posts', { content: 'Back again', publishAt: inSeconds(3600), connectionIds: [demoId] });
  await waitFor(
    () => api.get(`/api/v1/posts/${post.body.id}`),
    (res) => res.body.workflow?.status === 'SCHEDULED',
    30_000,
  );
  await api.post(`/api/v1/posts/${post.body.id}/cancel`);
  await waitFor(
    () => stack.server.temporal.workflow.getHandle(postWorkflowId(post.body.id)).describe(),
    (description) => description.status.name === 'COMPLETED',
    30_000,
  );
  // What a restore leaves when the scheduler never answered its start: the row scheduled, the only run cancelled and closed.
  await db.$transaction([
    db.post.update({ where: { id: post.body.id }, data: { status: 'SCHEDULED', publishAt: new Date(inSeconds(15)) } }),
    db.postTarget.updateMany({ where: { postId: post.body.id }, data: { status: 'PENDING' } }),
  ]);
  await age(post.body.id);

  const report = await reconcile();
  expect(report.restarted).toEqual([post.body.id]);
  const published = await waitFor(
    () => api.get(`/api/v1/posts/${post.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(published.body.targets[0].status).toBe('PUBLISHED');
});

describe('webhook deliveries whose workflow never started', () => {
  /**
   * The API's services as a process that dies during a create, at its first start of a
   * `workflowType` workflow: after making it (`afterStarting`), or instead. From then on its
   * Temporal client starts nothing: what the create did not do by then, it never does.
   */
  function apiThatDies(workflowType: string, { afterStarting }: { afterStarting: boolean }): Services {
    let dead = false;
    const temporal = new Client({
      connection: stack.server.temporal.connection,
      namespace: env.config.TEMPORAL_NAMESPACE,
      interceptors: {
        workflow: [
          {
            async start(input, next) {
              if (dead) throw new Error('The API process died');
              if (input.workflowType !== workflowType) return next(input);
              dead = true;
              if (afterStarting) return next(input);
              throw new Error('The API process died');
            },
          },
        ],
      },
    });
    return createServices({ config: env.config, db, temporal, logger: createLogger({ level: 'silent', name: 'dying-api' }) });
  }

  async function actor(): Promise<Actor> {
    const me = await api.get('/api/v1/me');
    return { userId: me.body.user.id, teamId: me.body.currentTeamId, role: 'OWNER', via: 'token' };
  }

  async function webhookFor(events: string[]): Promise<{ id: string; url: string }> {
    const url = `${receiver.url}/hooks/${randomUUID()}`;
    const created = await api.post('/api/v1/webhooks', { url, events });
    expect(created.status).toBe(201);
    return { id: created.body.id, url };
  }

  test('an API that died after starting a new post workflow leaves its post.scheduled delivery to the reconciler, which sends it once', async () => {
    const webhook = await webhookFor(['post.scheduled']);
    const content = `Announced by the reconciler ${randomUUID()}`;
    const dying = apiThatDies('postWorkflow', { afterStarting: true });
    await expect(
      dying.posts.create(await actor(), { content, publishAt: new Date(inSeconds(3600)), connectionIds: [demoId], draft: false }),
    ).rejects.toThrow('The API process died');

    // the post is scheduled and its workflow runs; its delivery was written with its row, and never started
    const post = await db.post.findFirstOrThrow({ where: { content }, select: { id: true, status: true } });
    expect(post.status).toBe('SCHEDULED');
    expect((await stack.server.temporal.workflow.getHandle(postWorkflowId(post.id)).describe()).status.name).toBe('RUNNING');
    const deliveries = await db.webhookDelivery.findMany({ where: { postId: post.id }, select: { id: true, event: true, status: true } });
    expect(deliveries).toEqual([{ id: expect.any(String), event: 'post.scheduled', status: 'PENDING' }]);
    const deliveryWorkflow = stack.server.temporal.workflow.getHandle(webhookDeliveryWorkflowId(deliveries[0]!.id));
    await expect(deliveryWorkflow.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // within its grace, a delivery is left to what recorded it
    await reconcile();
    await expect(deliveryWorkflow.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    await db.webhookDelivery.updateMany({ where: { postId: post.id }, data: { createdAt: new Date(Date.now() - 2 * 60_000) } });
    await reconcile();
    const [request] = await waitFor(
      async () => receiver.requestsTo(webhook.url),
      (received) => received.length >= 1,
      30_000,
    );
    expect(request!.body).toMatchObject({ event: 'post.scheduled', data: { post: { id: post.id, status: 'SCHEDULED', content } } });
    await waitFor(
      () => db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveries[0]!.id }, select: { status: true } }),
      (delivery) => delivery.status === 'DELIVERED',
      30_000,
    );

    // later passes start nothing again
    await reconcile();
    await sleep(2_000);
    expect(receiver.requestsTo(webhook.url)).toHaveLength(1);
    await api.post(`/api/v1/posts/${post.id}/cancel`);
  });

  test('a post whose workflow could not start is taken back with its deliveries: its webhook is never sent', async () => {
    const webhook = await webhookFor(['post.scheduled']);
    const content = `Never scheduled ${randomUUID()}`;
    const dying = apiThatDies('postWorkflow', { afterStarting: false });
    await expect(
      dying.posts.create(await actor(), { content, publishAt: new Date(inSeconds(3600)), connectionIds: [demoId], draft: false }),
    ).rejects.toThrow('The API process died');

    expect(await db.post.count({ where: { content } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(0);
    await reconcile();
    await sleep(2_000);
    expect(receiver.requestsTo(webhook.url)).toEqual([]);
  });
});
