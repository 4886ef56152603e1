// Outbound webhooks on the real stack: the API manages them, the worker's savePostState
// records a delivery per status change, and a Temporal workflow per delivery POSTs it,
// signed, to a local receiver, retrying until it answers 2xx.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createSavePostState } from '../../activities/save-post-state';
import { createServices } from '../../api/services';
import { createDb } from '../../lib/db';
import { WEEKDAYS } from '../../domain/queue-slots';
import { createLogger } from '../../lib/logger';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';
import { verifyPlanrrrSignature, WebhookReceiver, type ReceivedWebhook } from '../support/webhook-receiver';

jest.setTimeout(180_000);

// retries after 1 s, 2 s, ... so a receiver that fails twice is served within seconds
const env = testEnv({ WEBHOOK_RETRY_INITIAL_INTERVAL: '1s' });
let api: ApiClient;
let demoId: string;
const receiver = new WebhookReceiver();
const stack = useServerAndWorker({ env, alongside: [receiver] });

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Hook'));
  demoId = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
});

/** A receiver path per test, so each test reads only its own requests. */
function receiverUrl(): string {
  return `${receiver.url}/hooks/${randomUUID()}`;
}

function requestsTo(url: string): ReceivedWebhook[] {
  return receiver.requestsTo(url);
}

async function createWebhook(events: string[]): Promise<{ id: string; secret: string; url: string }> {
  const url = receiverUrl();
  const created = await api.post('/api/v1/webhooks', { url, events });
  expect(created.status).toBe(201);
  return { id: created.body.id, secret: created.body.secret, url };
}

function schedule(publishAt: string, content = 'Hello from a webhook test') {
  return api.post('/api/v1/posts', { content, publishAt, connectionIds: [demoId] });
}

describe('managing webhooks', () => {
  test('create shows the secret once; list and delete; bad input names the field', async () => {
    const url = receiverUrl();
    const created = await api.post('/api/v1/webhooks', { url, events: ['post.published', 'post.failed'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      url,
      events: ['post.published', 'post.failed'],
      createdAt: expect.any(String),
      disabledAt: null,
      secret: expect.stringMatching(/^whsec_.{40,}$/),
    });

    const listed = await api.get('/api/v1/webhooks');
    expect(listed.status).toBe(200);
    const mine = listed.body.data.find((webhook: { id: string }) => webhook.id === created.body.id);
    expect(mine).toEqual({
      id: created.body.id,
      url,
      events: ['post.published', 'post.failed'],
      createdAt: created.body.createdAt,
      disabledAt: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    const invalid = [
      [{ url: 'ftp://example.com/hook', events: ['post.published'] }, 'body.url'],
      [{ url: 'not a url', events: ['post.published'] }, 'body.url'],
      [{ url, events: ['post.exploded'] }, 'body.events.0'],
      [{ url, events: [] }, 'body.events'],
      [{ url, events: ['post.failed', 'post.failed'] }, 'body.events'],
      [{ events: ['post.failed'] }, 'body.url'],
    ] as const;
    for (const [body, field] of invalid) {
      const response = await api.post('/api/v1/webhooks', body);
      expect({ body, status: response.status, type: response.headers.get('content-type') }).toEqual({
        body,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }

    expect((await api.request('DELETE', `/api/v1/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await api.request('DELETE', `/api/v1/webhooks/${created.body.id}`)).status).toBe(404);
    expect((await api.get('/api/v1/webhooks')).body.data.map((webhook: { id: string }) => webhook.id)).not.toContain(created.body.id);
  });

  test("another team's webhook answers 404", async () => {
    const webhook = await createWebhook(['post.published']);
    const { api: stranger } = await signUpWithToken(stack.server.url, 'Mallory');
    expect((await stranger.get(`/api/v1/webhooks/${webhook.id}/deliveries`)).status).toBe(404);
    expect((await stranger.post(`/api/v1/webhooks/${webhook.id}/test`)).status).toBe(404);
    expect((await stranger.request('DELETE', `/api/v1/webhooks/${webhook.id}`)).status).toBe(404);
    expect((await stranger.get('/api/v1/webhooks')).body.data).toEqual([]);
    expect((await api.get(`/api/v1/webhooks/${webhook.id}/deliveries`)).status).toBe(200);
  });

  test('private and loopback receivers are refused unless WEBHOOK_ALLOW_PRIVATE_URLS is on', async () => {
    const db = createDb(env.config.DATABASE_URL);
    const production = createServices({
      config: { ...env.config, WEBHOOK_ALLOW_PRIVATE_URLS: false },
      db,
      temporal: stack.server.temporal,
      logger: createLogger({ level: 'silent', name: 'webhooks-test' }),
    });
    const actor = { userId: 'nobody', teamId: 'no-team', role: 'OWNER', via: 'token' } as const;
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://10.1.2.3/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:192.168.0.1]/hook',
    ]) {
      await expect(production.webhooks.create(actor, { url, events: ['post.published'] })).rejects.toMatchObject({
        status: 400,
        extensions: { errors: [{ field: 'body.url', message: expect.stringContaining('public address') }] },
      });
    }
    await db.$disconnect();
  });
});

describe('deliveries', () => {
  test('a post published through the demo channel announces post.scheduled, then post.published, signed', async () => {
    const webhook = await createWebhook(['post.scheduled', 'post.published']);
    const post = await schedule(inSeconds(2), 'Webhooks see this one go out');
    expect(post.status).toBe(201);

    const requests = await waitFor(
      async () => requestsTo(webhook.url),
      (received) => received.length >= 2,
      90_000,
    );
    expect(requests.map((request) => request.headers['planrrr-event'])).toEqual(['post.scheduled', 'post.published']);
    for (const request of requests) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(verifyPlanrrrSignature(request.headers['planrrr-signature'] as string, request.rawBody, webhook.secret)).toBe(true);
      expect(verifyPlanrrrSignature(request.headers['planrrr-signature'] as string, request.rawBody, 'whsec_some-other-secret')).toBe(
        false,
      );
      expect(
        verifyPlanrrrSignature(
          request.headers['planrrr-signature'] as string,
          request.rawBody.replace('Webhooks', 'Hijacked'),
          webhook.secret,
        ),
      ).toBe(false);
      expect(request.headers['planrrr-delivery']).toBe(request.body.id);
      expect(request.body.data.post).toMatchObject({ id: post.body.id, teamId: post.body.teamId, content: 'Webhooks see this one go out' });
    }
    expect(requests[0]!.body).toMatchObject({ event: 'post.scheduled', data: { post: { status: 'SCHEDULED' } } });
    expect(requests[1]!.body).toMatchObject({
      event: 'post.published',
      data: {
        post: { status: 'PUBLISHED', targets: [{ connectionId: demoId, platform: 'DEMO', status: 'PUBLISHED', url: expect.any(String) }] },
      },
    });

    const deliveries = await waitFor(
      () => api.get(`/api/v1/webhooks/${webhook.id}/deliveries`),
      (response) =>
        response.body.data.length === 2 && response.body.data.every((delivery: { status: string }) => delivery.status === 'DELIVERED'),
      30_000,
    );
    expect(deliveries.body.data.map((delivery: { event: string }) => delivery.event)).toEqual(['post.published', 'post.scheduled']);
    for (const delivery of deliveries.body.data) {
      expect(delivery).toMatchObject({
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
        attemptLog: [{ attempt: 1, statusCode: 200, error: null }],
      });
    }
  });

  test('a receiver that answers 500 twice gets the delivery on the third attempt, every attempt recorded', async () => {
    const webhook = await createWebhook(['post.scheduled']);
    receiver.answerNext(webhook.url, 500, 500);
    const post = await schedule(inSeconds(3600));
    const requests = await waitFor(
      async () => requestsTo(webhook.url),
      (received) => received.length >= 3,
      60_000,
    );
    expect(new Set(requests.map((request) => request.headers['planrrr-delivery'])).size).toBe(1); // one delivery, three attempts
    expect(requests[0]!.body.data.post.id).toBe(post.body.id);

    const deliveries = await waitFor(
      () => api.get(`/api/v1/webhooks/${webhook.id}/deliveries`),
      (response) => response.body.data[0]?.status === 'DELIVERED',
      30_000,
    );
    const [delivery] = deliveries.body.data;
    expect(delivery).toMatchObject({
      event: 'post.scheduled',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
      deliveredAt: expect.any(String),
    });
    expect(delivery.attemptLog.map((attempt: { statusCode: number }) => attempt.statusCode)).toEqual([500, 500, 200]);
    expect(delivery.attemptLog[0].error).toBe('The receiver answered HTTP 500.');
    // exponential backoff from 1 s: at least 1 s, then at least 2 s (a loaded machine only stretches them, so the gaps are not compared)
    const [first, second, third] = requests.map((request) => request.receivedAt);
    expect(second! - first!).toBeGreaterThanOrEqual(900);
    expect(third! - second!).toBeGreaterThanOrEqual(1_900);
    await api.post(`/api/v1/posts/${post.body.id}/cancel`);
  });

  test("a post added to an account's queue announces post.scheduled at the time the queue gave it", async () => {
    const webhook = await createWebhook(['post.scheduled']);
    const queuedId = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
    const at = new Date(Date.now() + 2 * 3600_000);
    const time = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
    const slots = WEEKDAYS.map((day) => ({ day, time }));
    expect((await api.request('PUT', `/api/v1/connections/${queuedId}/queue`, { timeZone: 'UTC', slots })).status).toBe(200);
    const added = await api.post('/api/v1/posts', { content: 'Queued and announced', connectionIds: [queuedId], queue: 'next' });
    expect(added.status).toBe(201);
    const [post] = added.body.posts as Array<{ id: string; publishAt: string }>;
    const [request] = await waitFor(
      async () => requestsTo(webhook.url),
      (received) => received.length >= 1,
      30_000,
    );
    expect(request!.body).toMatchObject({
      event: 'post.scheduled',
      data: { post: { id: post!.id, status: 'SCHEDULED', publishAt: post!.publishAt } },
    });
    await api.post(`/api/v1/posts/${post!.id}/cancel`);
  });

  test('cancelling a post announces post.cancelled', async () => {
    const webhook = await createWebhook(['post.cancelled']);
    const post = await schedule(inSeconds(3600));
    expect((await api.post(`/api/v1/posts/${post.body.id}/cancel`)).status).toBe(200);
    const [request] = await waitFor(
      async () => requestsTo(webhook.url),
      (received) => received.length >= 1,
      30_000,
    );
    expect(request!.body).toMatchObject({ event: 'post.cancelled', data: { post: { id: post.body.id, status: 'CANCELLED' } } });
    expect(verifyPlanrrrSignature(request!.headers['planrrr-signature'] as string, request!.rawBody, webhook.secret)).toBe(true);
    // only what the webhook subscribed to: no post.scheduled
    expect(requestsTo(webhook.url).map((received) => received.headers['planrrr-event'])).toEqual(['post.cancelled']);
  });

  test('410 Gone disables the webhook; a ping reaches an active one', async () => {
    const webhook = await createWebhook(['post.scheduled']);
    const ping = await api.post(`/api/v1/webhooks/${webhook.id}/test`);
    expect(ping.status).toBe(202);
    expect(ping.body).toMatchObject({ event: 'ping', status: 'PENDING' });
    const [pinged] = await waitFor(
      async () => requestsTo(webhook.url),
      (received) => received.length >= 1,
      30_000,
    );
    expect(pinged!.headers['planrrr-event']).toBe('ping');
    expect(verifyPlanrrrSignature(pinged!.headers['planrrr-signature'] as string, pinged!.rawBody, webhook.secret)).toBe(true);

    receiver.answerNext(webhook.url, 410);
    await api.post(`/api/v1/webhooks/${webhook.id}/test`);
    const listed = await waitFor(
      () => api.get('/api/v1/webhooks'),
      (response) => response.body.data.some((hook: { id: string; disabledAt: string | null }) => hook.id === webhook.id && hook.disabledAt),
      30_000,
    );
    expect(listed.status).toBe(200);
    const deliveries = await api.get(`/api/v1/webhooks/${webhook.id}/deliveries`);
    expect(deliveries.body.data[0]).toMatchObject({ event: 'ping', status: 'FAILED', attempts: 1, lastStatusCode: 410 });
    expect((await api.post(`/api/v1/webhooks/${webhook.id}/test`)).status).toBe(409);

    // a disabled webhook gets no more events
    await schedule(inSeconds(3600));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(requestsTo(webhook.url)).toHaveLength(2);
  });
});

test('a retried savePostState sends each event once, even when the first attempt failed after committing', async () => {
  const webhook = await createWebhook(['post.scheduled']);
  const db = createDb(env.config.DATABASE_URL);
  try {
    // A post row as the API writes it, with no workflow: this test plays the workflow.
    const teamId = (await api.get('/api/v1/me')).body.currentTeamId as string;
    const author = await db.membership.findFirstOrThrow({ where: { teamId }, select: { userId: true } });
    const post = await db.post.create({
      data: {
        teamId,
        authorId: author.userId,
        content: 'Saved twice',
        publishAt: new Date(Date.now() + 3_600_000),
        status: 'SCHEDULED',
        targets: { create: { connectionId: demoId } },
      },
      select: { id: true },
    });
    const state = {
      postId: post.id,
      teamId,
      status: 'SCHEDULED' as const,
      publishAt: new Date(Date.now() + 3_600_000).toISOString(),
      content: 'Saved twice',
      revision: 1,
      targets: [{ connectionId: demoId, platform: 'DEMO' as const, status: 'PENDING' as const, attempts: 0 }],
      mediaIds: [],
      refusedChanges: [],
      stateVersion: 1,
    };
    const deps = {
      db,
      taskQueue: env.config.TEMPORAL_TASK_QUEUE,
      webhookRetryInitialInterval: '1s',
      metricsSampleOffsetsMs: [3_600_000],
      publicUrl: env.config.PUBLIC_URL,
    };
    // first attempt: the state commits, then Temporal is unreachable
    const unreachable = { workflow: { start: () => Promise.reject(new Error('Temporal is unreachable')) } } as unknown as Client;
    await expect(createSavePostState({ ...deps, temporal: unreachable })(state)).rejects.toThrow('Temporal is unreachable');
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id }, select: { stateVersion: true } })).toEqual({ stateVersion: 1 });
    expect(requestsTo(webhook.url)).toEqual([]);

    // the retries: the committed state is not written again, the pending delivery is started once
    const savePostState = createSavePostState({ ...deps, temporal: stack.server.temporal });
    await savePostState(state);
    await savePostState(state);
    const [request] = await waitFor(
      async () => requestsTo(webhook.url),
      (received) => received.length >= 1,
      30_000,
    );
    expect(request!.body).toMatchObject({ event: 'post.scheduled', data: { post: { id: post.id } } });
    await savePostState(state); // also after the delivery finished
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(requestsTo(webhook.url)).toHaveLength(1);
    expect(await db.webhookDelivery.count({ where: { postId: post.id, webhookId: webhook.id } })).toBe(1);
  } finally {
    await db.$disconnect();
  }
});
