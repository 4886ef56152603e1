// Slack channels end to end: the HTTP API, a real Temporal dev server, real PostgreSQL, the
// real worker process, and the contract fake of Slack's Web API.
import { FakeSlack, SLACK_BOT_TOKEN } from '../fakes/slack';
import { JPEG } from '../support/media-fixtures';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(150_000);

const slack = new FakeSlack();
const stack = useServerAndWorker({ env: () => testEnv({ SLACK_API_BASE_URL: slack.url }), alongside: [slack] });
const ANNOUNCEMENTS = 'C0000000001';
let api: ApiClient;
let channelId: string;

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Sol'));
  const connection = await api.post('/api/v1/connections', { platform: 'slack', botToken: SLACK_BOT_TOKEN, channelId: ANNOUNCEMENTS });
  expect(connection.status).toBe(201);
  expect(connection.body).toMatchObject({
    platform: 'SLACK',
    handle: '#announcements',
    displayName: 'planrrr fake',
    status: 'ACTIVE',
    avatarUrl: null,
  });
  channelId = connection.body.id;
});

function finished(postId: string) {
  return waitFor(
    () => api.get(`/api/v1/posts/${postId}`),
    (res) => !['SCHEDULED', 'PUBLISHING'].includes(res.body.status),
    90_000,
    500,
  );
}

test('connecting names the field at fault: a wrong token, a channel without the app, a malformed id', async () => {
  const wrongToken = await api.post('/api/v1/connections', {
    platform: 'slack',
    botToken: 'xoxb-0000-wrong-token',
    channelId: ANNOUNCEMENTS,
  });
  expect(wrongToken.status).toBe(422);
  expect(wrongToken.body.errors[0].field).toBe('body.botToken');
  const notInChannel = await api.post('/api/v1/connections', { platform: 'slack', botToken: SLACK_BOT_TOKEN, channelId: 'C0000000002' });
  expect(notInChannel.status).toBe(422);
  expect(notInChannel.body.errors[0]).toMatchObject({ field: 'body.channelId', message: expect.stringContaining('not in #random') });
  const malformed = await api.post('/api/v1/connections', { platform: 'slack', botToken: 'xoxp-user-token', channelId: '#general' });
  expect(malformed.status).toBe(400);
  expect(malformed.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['body.botToken', 'body.channelId']);
});

test('a text post and an image post reach the channel once each, with their permalinks; members are counted', async () => {
  const form = new FormData();
  form.set('altText', 'Our logo');
  form.set('file', new Blob([new Uint8Array(JPEG)], { type: 'image/jpeg' }), 'logo.jpg');
  const image = (await api.request('POST', '/api/v1/media', form)).body.id;
  const text = await api.post('/api/v1/posts', { content: 'Standup moved to 10:00', publishAt: inSeconds(2), connectionIds: [channelId] });
  const withImage = await api.post('/api/v1/posts', {
    content: 'New logo',
    publishAt: inSeconds(2),
    connectionIds: [channelId],
    media: [image],
  });
  expect([text.status, withImage.status]).toEqual([201, 201]);
  const [textDone, imageDone] = await Promise.all([finished(text.body.id), finished(withImage.body.id)]);
  const sentText = slack.messages.filter((message) => message.text === 'Standup moved to 10:00');
  const sentImage = slack.messages.filter((message) => message.text === 'New logo');
  expect(sentText).toHaveLength(1);
  expect(sentImage).toHaveLength(1);
  expect(sentImage[0]!.files).toEqual([expect.objectContaining({ filename: 'logo.jpg', altText: 'Our logo', length: JPEG.length })]);
  expect(textDone.body.targets[0]).toMatchObject({
    status: 'PUBLISHED',
    platformPostId: `${ANNOUNCEMENTS}/${sentText[0]!.ts}`,
    url: `https://planrrr-fake.slack.com/archives/${ANNOUNCEMENTS}/p${sentText[0]!.ts.replace('.', '')}`,
  });
  expect(imageDone.body.targets[0]).toMatchObject({ status: 'PUBLISHED', platformPostId: `${ANNOUNCEMENTS}/${sentImage[0]!.ts}` });
  const followers = await waitFor(
    () => api.get(`/api/v1/connections/${channelId}/followers`),
    (res) => res.body.days?.length === 1,
    30_000,
  );
  expect(followers.body.days[0].followers).toBeGreaterThanOrEqual(1000);
});

test('text over 4,000 characters is refused at scheduling, naming the account and the rule', async () => {
  const refused = await api.post('/api/v1/posts', { content: 'x'.repeat(4001), publishAt: inSeconds(60), connectionIds: [channelId] });
  expect(refused.status).toBe(422);
  expect(refused.body.violations).toEqual([expect.objectContaining({ platform: 'SLACK', connectionId: channelId, rule: 'text-too-long' })]);
});

test('a rate limit is retried after Retry-After; the message goes out once', async () => {
  slack.failNext({ status: 429, headers: { 'Retry-After': '1' }, body: { ok: false, error: 'ratelimited' } });
  const created = await api.post('/api/v1/posts', { content: 'Paced', publishAt: inSeconds(1), connectionIds: [channelId] });
  const done = await finished(created.body.id);
  expect(done.body.targets[0]).toMatchObject({ status: 'PUBLISHED', attempts: 2 });
  expect(done.body.targets[0].attemptLog[0]).toMatchObject({ errorKind: 'RATE_LIMITED' });
  expect(slack.messages.filter((message) => message.text === 'Paced')).toHaveLength(1);
});

test('a revoked token fails the post without retries; the new token reconnects the channel', async () => {
  slack.revokedTokens.add(SLACK_BOT_TOKEN);
  const created = await api.post('/api/v1/posts', { content: 'Revoked', publishAt: inSeconds(1), connectionIds: [channelId] });
  const failed = await finished(created.body.id);
  expect(failed.body.targets[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
  expect(failed.body.targets[0].lastError).toContain('token_revoked');
  const listed = (await api.get('/api/v1/connections')).body.data.find((connection: { id: string }) => connection.id === channelId);
  expect(listed.status).toBe('NEEDS_RECONNECT');

  const newToken = 'xoxb-1111-3333-planrrrFakeSlackNewToken';
  slack.tokens.set(newToken, ['chat:write', 'files:write', 'channels:read']);
  const reconnected = await api.post('/api/v1/connections', { platform: 'slack', botToken: newToken, channelId: ANNOUNCEMENTS });
  expect(reconnected.status).toBe(200);
  expect(reconnected.body).toMatchObject({ id: channelId, status: 'ACTIVE' });
  expect((await api.post(`/api/v1/posts/${created.body.id}/retry`)).status).toBe(202);
  await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(slack.messages.filter((message) => message.text === 'Revoked')).toEqual([expect.objectContaining({ botToken: newToken })]);
});
