// One post's life is one trace: the request that schedules it, the workflow start, the
// workflow, its publish activity and the platform call, exported by the real server and
// worker processes (tracing starts at their entry points) to an in-process OTLP receiver.
import { FakeMastodon } from '../fakes/mastodon';
import type { ServiceProcess } from '../../runtime/processes';
import { inSeconds, signUpWithToken, startApiProcess, startWorker, testEnv, waitFor, type ApiClient } from '../support/harness';
import { OtlpReceiver, type ReceivedSpan } from '../support/telemetry-receivers';

jest.setTimeout(180_000);

const receiver = new OtlpReceiver();
const mastodon = new FakeMastodon();
let server: (ServiceProcess & { url: string }) | undefined;
let worker: ServiceProcess | undefined;
let api: ApiClient;

beforeAll(async () => {
  await Promise.all([receiver.start(), mastodon.start()]);
  // spans leave each process every 200 ms rather than every 5 s (the SDK's batch delay)
  const env = testEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' });
  await Promise.all([startApiProcess(env).then((started) => (server = started)), startWorker(env).then((started) => (worker = started))]);
  ({ api } = await signUpWithToken(server!.url, 'Tracy'));
});

afterAll(async () => {
  await Promise.allSettled([server?.stop(), worker?.stop()]);
  await Promise.allSettled([receiver.stop(), mastodon.stop()]);
});

/** The one span of the trace named `name`, once the receiver has it. */
const spanOf = (traceId: string, name: string, where: (span: ReceivedSpan) => boolean = () => true) =>
  waitFor(
    async () => receiver.spans.find((span) => span.traceId === traceId && span.name === name && where(span)),
    Boolean,
    30_000,
  ) as Promise<ReceivedSpan>;

test('scheduling a post, its workflow, its publish and the call to Mastodon are one trace, parent by parent', async () => {
  const accessToken = 'token-alice';
  const connection = await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken });
  expect(connection.status).toBe(201);
  const content = 'Followed from the request to the platform';
  const created = await api.post('/api/v1/posts', { content, publishAt: inSeconds(2), connectionIds: [connection.body.id] });
  expect(created.status).toBe(201);
  const postId: string = created.body.id;
  await waitFor(
    () => api.get(`/api/v1/posts/${postId}`),
    (read) => read.body.status === 'PUBLISHED',
    60_000,
  );

  const request = (await waitFor(
    async () => receiver.spans.find((span) => span.name === 'POST /api/v1/posts' && span.attributes['planrrr.post_id'] === postId),
    Boolean,
    30_000,
  ))!;
  expect(request).toMatchObject({
    service: 'planrrr-api',
    parentSpanId: '',
    attributes: { 'http.route': '/api/v1/posts', 'planrrr.team_id': expect.any(String), 'planrrr.platforms': ['MASTODON'] },
  });
  const { traceId } = request;
  const start = await spanOf(traceId, 'StartWorkflow:postWorkflow');
  expect(start).toMatchObject({
    service: 'planrrr-api',
    parentSpanId: request.spanId,
    attributes: { temporalWorkflowId: `post-${postId}` },
  });
  // the workflow's span ends with the workflow, once the post is out
  const workflow = await spanOf(traceId, 'RunWorkflow:postWorkflow');
  expect(workflow).toMatchObject({ service: 'planrrr-worker', parentSpanId: start.spanId });
  const scheduled = await spanOf(traceId, 'StartActivity:publishToTarget');
  expect(scheduled).toMatchObject({ service: 'planrrr-worker', parentSpanId: workflow.spanId });
  const publish = await spanOf(traceId, 'RunActivity:publishToTarget');
  expect(publish).toMatchObject({
    service: 'planrrr-worker',
    parentSpanId: scheduled.spanId,
    attributes: {
      temporalWorkflowId: `post-${postId}`,
      'planrrr.post_id': postId,
      'planrrr.team_id': request.attributes['planrrr.team_id'],
      'planrrr.connection_id': connection.body.id,
      'planrrr.platform': 'MASTODON',
    },
  });
  const call = await spanOf(traceId, 'Mastodon POST', (span) => span.parentSpanId === publish.spanId);
  expect(call.attributes).toMatchObject({
    'planrrr.platform': 'Mastodon',
    'server.address': new URL(mastodon.url).host,
    'http.response.status_code': 200,
  });
  expect(mastodon.statuses.filter((status) => status.content === content)).toHaveLength(1);

  // what a trace must never carry: the post's text, the account's token
  const exported = receiver.rawExports.join('\n');
  expect(exported).not.toContain(content);
  expect(exported).not.toContain(accessToken);
});

test('health probes are not traced, and a query string never reaches a span', async () => {
  const probed = await fetch(`${server!.url}/healthz`);
  expect(probed.status).toBe(200);
  const listed = await api.get('/api/v1/posts?q=secret-looking-search&status=SCHEDULED');
  expect(listed.status).toBe(200);
  const list = (await waitFor(async () => receiver.spans.find((span) => span.name === 'GET /api/v1/posts'), Boolean, 30_000))!;
  expect(list.attributes['http.target']).toBe('/api/v1/posts');
  expect(receiver.rawExports.join('\n')).not.toContain('secret-looking-search');
  expect(receiver.spans.filter((span) => span.name.includes('/healthz') || span.attributes['http.target'] === '/healthz')).toEqual([]);
});
