// Issue 4's "done when": a client that knows only the published OpenAPI document signs
// up, creates an API token, connects a Mastodon account, subscribes a webhook, schedules,
// reschedules and cancels a post, and receives the signed webhooks. Every operation is
// found by operationId, every URL built from the spec's paths, and every request and
// response body validated against the schema the spec declares for it.
import { randomUUID } from 'node:crypto';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, testEnv, waitFor } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';
import { SpecClient } from '../support/openapi';
import { verifyPlanrrrSignature, WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(180_000);

const env = testEnv();
const mastodon = new FakeMastodon();
const receiver = new WebhookReceiver();
const stack = useServerAndWorker({ env, alongside: [mastodon, receiver] });

test('a client built from the spec alone schedules, reschedules and cancels a post and gets signed webhooks', async () => {
  const client = await SpecClient.fetch(stack.server.url, '/api/v1/openapi.json');
  expect(client.spec.openapi).toMatch(/^3\.1\./);

  const signup = await client.call('signup', {
    body: { email: `spec-${randomUUID()}@example.com`, password: 'correct horse battery', name: 'Spec' },
  });
  expect(signup.status).toBe(201);
  const token = await client.call('createToken', { body: { name: 'spec client' } });
  expect(token.status).toBe(201);
  client.useToken(token.body.token);
  expect((await client.call('getMe')).status).toBe(200);

  const connection = await client.call('createConnection', {
    body: { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' },
  });
  expect(connection.status).toBe(201);
  expect(connection.body.platform).toBe('MASTODON');

  const webhookUrl = `${receiver.url}/spec-client`;
  const webhook = await client.call('createWebhook', { body: { url: webhookUrl, events: ['post.scheduled', 'post.cancelled'] } });
  expect(webhook.status).toBe(201);

  const post = await client.call('createPost', {
    body: { content: 'Planned by the spec', publishAt: inSeconds(3600), connectionIds: [connection.body.id] },
  });
  expect(post.status).toBe(201);
  expect(post.body.status).toBe('SCHEDULED');
  const later = inSeconds(7200);
  // the change is made to the version of the post the client read: its ETag, sent as If-Match
  const etag = post.headers.get('etag');
  expect(etag).toBe(`"${post.body.stateVersion}"`);
  const moved = await client.call('reschedulePost', {
    params: { id: post.body.id },
    headers: { 'If-Match': etag! },
    body: { publishAt: later },
  });
  expect(moved.status).toBe(200);
  expect(Date.parse(moved.body.publishAt)).toBe(Date.parse(later));
  const stale = await client.call('reschedulePost', {
    params: { id: post.body.id },
    headers: { 'If-Match': etag! },
    body: { publishAt: later },
  });
  expect(stale.status).toBe(412);
  expect(stale.body.stateVersion).toBe(moved.body.stateVersion);
  const cancelled = await client.call('cancelPost', { params: { id: post.body.id } });
  expect(cancelled.status).toBe(200);
  expect(cancelled.body.status).toBe('CANCELLED');
  expect((await client.call('getPost', { params: { id: post.body.id } })).body.status).toBe('CANCELLED');

  // the webhooks, checked against the spec's `webhooks` section and its signature scheme
  const requests = await waitFor(
    async () => receiver.requestsTo(webhookUrl),
    (received) => received.length >= 2,
    60_000,
  );
  expect(requests.map((request) => request.headers['planrrr-event'])).toEqual(['post.scheduled', 'post.cancelled']);
  for (const request of requests) {
    const event = request.headers['planrrr-event'] as string;
    client.checkWebhook(event, request.body);
    expect(request.body.data.post.id).toBe(post.body.id);
    expect(verifyPlanrrrSignature(request.headers['planrrr-signature'] as string, request.rawBody, webhook.body.secret)).toBe(true);
  }

  const deliveries = await waitFor(
    () => client.call('listWebhookDeliveries', { params: { id: webhook.body.id } }),
    (response) =>
      response.body.data.length === 2 && response.body.data.every((delivery: { status: string }) => delivery.status === 'DELIVERED'),
    30_000,
  );
  expect(deliveries.status).toBe(200);
  expect(mastodon.statuses).toEqual([]); // cancelled before its time: nothing was published
});
