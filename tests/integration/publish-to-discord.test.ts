// Discord channel webhooks end to end: the HTTP API, a real Temporal dev server, real
// PostgreSQL, the real worker process, and the contract fake of Discord's webhooks.
import { ANNOUNCEMENTS_WEBHOOK, FakeDiscord } from '../fakes/discord';
import { JPEG } from '../support/media-fixtures';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(150_000);

const discord = new FakeDiscord();
const stack = useServerAndWorker({
  env: () => testEnv({ DISCORD_API_BASE_URL: discord.url, DISCORD_CDN_BASE_URL: discord.url }),
  alongside: [discord],
});
let api: ApiClient;
let channelId: string;

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Dana'));
  const connection = await api.post('/api/v1/connections', { platform: 'discord', webhookUrl: discord.webhookUrl() });
  expect(connection.status).toBe(201);
  expect(connection.body).toMatchObject({ platform: 'DISCORD', handle: 'planrrr announcements', status: 'ACTIVE' });
  expect(connection.body.avatarUrl).toMatch(/^\/api\/v1\/connections\/.+\/avatar\?v=\d+$/);
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

test('connecting refuses a URL that is no Discord webhook (400) and a webhook Discord does not know (422)', async () => {
  const elsewhere = await api.post('/api/v1/connections', { platform: 'discord', webhookUrl: 'https://example.com/api/webhooks/1/abc' });
  expect(elsewhere.status).toBe(400);
  expect(elsewhere.body.errors[0].field).toBe('body.webhookUrl');
  const unknown = await api.post('/api/v1/connections', {
    platform: 'discord',
    webhookUrl: discord.webhookUrl({ id: '999999999999999999', token: 'x'.repeat(40) }),
  });
  expect(unknown.status).toBe(422);
  expect(unknown.body).toMatchObject({ type: 'https://planrrr.dev/problems/platform-credentials-rejected' });
  expect(unknown.body.errors[0].field).toBe('body.webhookUrl');
});

test('a post with an image reaches the channel once, linked at discord.com/channels; no member count, said so', async () => {
  const form = new FormData();
  form.set('altText', 'Our logo');
  form.set('file', new Blob([new Uint8Array(JPEG)], { type: 'image/jpeg' }), 'logo.jpg');
  const image = (await api.request('POST', '/api/v1/media', form)).body.id;
  const created = await api.post('/api/v1/posts', {
    content: 'Release notes for @everyone',
    publishAt: inSeconds(2),
    connectionIds: [channelId],
    media: [image],
  });
  expect(created.status).toBe(201);
  const done = await finished(created.body.id);
  const sent = discord.messages.filter((message) => message.content === 'Release notes for @everyone');
  expect(sent).toHaveLength(1);
  expect(sent[0]!.files).toEqual([expect.objectContaining({ fileName: 'logo.jpg', description: 'Our logo' })]);
  // the account was connected without allowMentions: the @everyone notifies nobody
  expect(sent[0]!.pinged).toEqual([]);
  expect(done.body.targets[0]).toMatchObject({
    status: 'PUBLISHED',
    platformPostId: sent[0]!.id,
    url: `https://discord.com/channels/${ANNOUNCEMENTS_WEBHOOK.guildId}/${ANNOUNCEMENTS_WEBHOOK.channelId}/${sent[0]!.id}`,
  });
  const followers = await waitFor(
    () => api.get(`/api/v1/connections/${channelId}/followers`),
    (res) => res.body.days?.length === 1,
    30_000,
  );
  expect(followers.body.days[0]).toMatchObject({ followers: null, missingReason: expect.stringContaining('webhook') });
});

test('text over 2,000 characters is refused at scheduling, naming the account', async () => {
  const refused = await api.post('/api/v1/posts', { content: 'x'.repeat(2001), publishAt: inSeconds(60), connectionIds: [channelId] });
  expect(refused.status).toBe(422);
  expect(refused.body.violations).toEqual([
    expect.objectContaining({ platform: 'DISCORD', connectionId: channelId, rule: 'text-too-long' }),
  ]);
});

test("a 429 is retried after Discord's Retry-After; the message goes out once", async () => {
  discord.failNext({
    status: 429,
    headers: { 'Retry-After': '1' },
    body: { message: 'You are being rate limited.', retry_after: 0.5, global: false },
  });
  const created = await api.post('/api/v1/posts', { content: 'Steady', publishAt: inSeconds(1), connectionIds: [channelId] });
  const done = await finished(created.body.id);
  expect(done.body.targets[0]).toMatchObject({ status: 'PUBLISHED', attempts: 2 });
  expect(done.body.targets[0].attemptLog[0]).toMatchObject({ errorKind: 'RATE_LIMITED' });
  expect(discord.messages.filter((message) => message.content === 'Steady')).toHaveLength(1);
});

test('a deleted webhook fails the post without retries; a new webhook for the channel reconnects it (letting posts ping)', async () => {
  discord.webhooks.get(ANNOUNCEMENTS_WEBHOOK.id)!.deleted = true;
  const created = await api.post('/api/v1/posts', { content: 'Into the void, @here', publishAt: inSeconds(1), connectionIds: [channelId] });
  const failed = await finished(created.body.id);
  expect(failed.body.targets[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
  expect(failed.body.targets[0].lastError).toContain('Unknown Webhook');
  const listed = (await api.get('/api/v1/connections')).body.data.find((connection: { id: string }) => connection.id === channelId);
  expect(listed.status).toBe('NEEDS_RECONNECT');

  const replacement = { ...ANNOUNCEMENTS_WEBHOOK, id: '112233445566778800', token: 'replacementWebhookToken_0123456789abcdef' };
  discord.webhooks.set(replacement.id, replacement);
  const reconnected = await api.post('/api/v1/connections', {
    platform: 'discord',
    webhookUrl: discord.webhookUrl(replacement),
    allowMentions: true,
  });
  expect(reconnected.status).toBe(200);
  expect(reconnected.body).toMatchObject({ id: channelId, status: 'ACTIVE' });
  expect((await api.post(`/api/v1/posts/${created.body.id}/retry`)).status).toBe(202);
  await waitFor(
    () => api.get(`/api/v1/posts/${created.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(discord.messages.filter((message) => message.content === 'Into the void, @here')).toEqual([
    // reconnected letting posts ping
    expect.objectContaining({ webhookId: replacement.id, pinged: ['everyone'] }),
  ]);
});
