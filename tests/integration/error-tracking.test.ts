// Unexpected errors reach Sentry (a local fake ingestion endpoint here) with the ids that
// find them again: an API answer 500 with its request id, an activity failure with its
// workflow id and activity type. A client's mistake (4xx) is not an error to report.
import { generateSecrets } from '../../runtime/dev-secrets';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';
import { SentryReceiver } from '../support/telemetry-receivers';

jest.setTimeout(120_000);

const sentry = new SentryReceiver();
const mastodon = new FakeMastodon();
const stack = useServerAndWorker({
  env: () => testEnv({ SENTRY_DSN: sentry.dsn, SENTRY_ENVIRONMENT: 'error-tracking-test' }),
  alongside: [sentry, mastodon],
  // A worker deployed with another encryption key than the server's cannot read the
  // credentials the server stored: an operator's mistake no platform answer explains.
  workerEnv: () => ({ ENCRYPTION_KEY: generateSecrets().ENCRYPTION_KEY }),
});
let api: ApiClient;

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Sasha'));
});

const eventWithTag = (name: string, value: string) =>
  waitFor(async () => sentry.events.find((event) => event.tags?.[name] === value), Boolean, 30_000);

test("an answer 500 is reported with the request's id; answers 4xx are not", async () => {
  const notFound = await api.get('/api/v1/labels/no-such-label');
  expect(notFound.status).toBe(404);
  const invalid = await api.post('/api/v1/labels', { name: '' });
  expect(invalid.status).toBe(400);

  // a fault the labels service never meant, through the running server's own services
  jest.spyOn(stack.server.services.labels, 'list').mockRejectedValueOnce(new Error('the labels table is unreadable'));
  const failed = await api.get('/api/v1/labels');
  expect(failed.status).toBe(500);
  const requestId = failed.headers.get('x-request-id')!;
  expect(requestId).toBeTruthy();

  const event = (await eventWithTag('request_id', requestId))!;
  expect(event.exception?.values?.[0]).toMatchObject({ type: 'Error', value: 'the labels table is unreadable' });
  expect(event.tags).toMatchObject({ service: 'planrrr-api', method: 'GET', route: '/api/v1/labels' });
  expect(event.environment).toBe('error-tracking-test');
  // ids only: no request (headers, cookies, body), no user
  expect(event.request).toBeUndefined();
  expect(event.user).toBeUndefined();
  const reportedRequests = sentry.events.map((each) => each.tags?.request_id);
  expect(reportedRequests).not.toContain(notFound.headers.get('x-request-id'));
  expect(reportedRequests).not.toContain(invalid.headers.get('x-request-id'));
});

test("an activity's unexpected failure is reported with its workflow id and activity type", async () => {
  const connection = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' });
  expect(connection.status).toBe(201);
  const created = await api.post('/api/v1/posts', {
    content: 'Never decrypted',
    publishAt: inSeconds(1),
    connectionIds: [connection.body.id],
  });
  expect(created.status).toBe(201);

  const event = (await eventWithTag('workflow_id', `post-${created.body.id}`))!;
  expect(event.tags).toMatchObject({
    service: 'planrrr-worker',
    workflow_type: 'postWorkflow',
    activity_type: 'publishToTarget',
    attempt: expect.stringMatching(/^\d+$/),
  });
  expect(event.exception?.values?.[0]?.type).toBe('ApplicationFailure');
  expect(JSON.stringify(event)).not.toContain('token-alice');
  expect(JSON.stringify(event)).not.toContain('Never decrypted');
  expect(mastodon.statuses).toEqual([]);
  await api.post(`/api/v1/posts/${created.body.id}/cancel`);
});
