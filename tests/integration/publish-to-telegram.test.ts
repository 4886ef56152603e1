// Telegram channels end to end: the HTTP API, a real Temporal dev server, real PostgreSQL,
// the real worker process, and the contract fake of the Bot API.
import { ALICE_BOT, FakeTelegram, telegramBotToken } from '../fakes/telegram';
import { JPEG, MP4 } from '../support/media-fixtures';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(150_000);

const telegram = new FakeTelegram();
const stack = useServerAndWorker({ env: () => testEnv({ TELEGRAM_API_BASE_URL: telegram.url }), alongside: [telegram] });
const botToken = telegramBotToken(ALICE_BOT.id);
const PUBLIC_CHANNEL = -1001000000001;
const PRIVATE_CHANNEL = -1001000000002;
let api: ApiClient;
let channelId: string;

beforeAll(async () => {
  ({ api } = await signUpWithToken(stack.server.url, 'Tess'));
  // a channel's link names it as well as its @name
  const connection = await api.post('/api/v1/connections', { platform: 'telegram', botToken, channel: 'https://t.me/planrrrnews' });
  expect(connection.status).toBe(201);
  expect(connection.body).toMatchObject({ platform: 'TELEGRAM', handle: '@planrrrnews', displayName: 'planrrr news', status: 'ACTIVE' });
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

async function upload(bytes: Buffer, fileName: string, type: string): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
  const created = await api.request('POST', '/api/v1/media', form);
  expect(created.status).toBe(201);
  return created.body.id;
}

test('connecting refuses a wrong token, a bot that may not post and a malformed channel, naming the field', async () => {
  const wrongToken = await api.post('/api/v1/connections', {
    platform: 'telegram',
    botToken: '1234:AAHnotTheRightSecret000000',
    channel: '@planrrrnews',
  });
  expect(wrongToken.status).toBe(422);
  expect(wrongToken.body).toMatchObject({ type: 'https://planrrr.dev/problems/platform-credentials-rejected' });
  expect(wrongToken.body.errors[0].field).toBe('body.botToken');
  const readOnly = await api.post('/api/v1/connections', { platform: 'telegram', botToken, channel: '@readonlynews' });
  expect(readOnly.status).toBe(422);
  expect(readOnly.body.detail).toContain('allowed to post messages');
  expect(readOnly.body.errors[0].field).toBe('body.channel');
  const malformed = await api.post('/api/v1/connections', { platform: 'telegram', botToken: 'nope', channel: 'my channel' });
  expect(malformed.status).toBe(400);
  expect(malformed.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['body.botToken', 'body.channel']);
});

test('a text post and an album reach the channel once each, linked at t.me; the channel is counted', async () => {
  const image = await upload(JPEG, 'launch.jpg', 'image/jpeg');
  const video = await upload(MP4, 'launch.mp4', 'video/mp4');
  const text = await api.post('/api/v1/posts', { content: 'Hello subscribers', publishAt: inSeconds(2), connectionIds: [channelId] });
  const album = await api.post('/api/v1/posts', {
    content: 'Launch day in pictures',
    publishAt: inSeconds(2),
    connectionIds: [channelId],
    media: [image, video],
  });
  expect([text.status, album.status]).toEqual([201, 201]);
  const [textDone, albumDone] = await Promise.all([finished(text.body.id), finished(album.body.id)]);
  const sentText = telegram.messages.filter((message) => message.text === 'Hello subscribers');
  const sentAlbum = telegram.messages.filter((message) => message.text === 'Launch day in pictures');
  expect(sentText).toHaveLength(1);
  expect(sentAlbum).toHaveLength(1);
  expect(sentAlbum[0]!.method).toBe('sendMediaGroup');
  expect(sentAlbum[0]!.media.map((file) => [file.type, file.bytes.length])).toEqual([
    ['photo', JPEG.length],
    ['video', MP4.length],
  ]);
  expect(textDone.body.targets[0]).toMatchObject({
    status: 'PUBLISHED',
    platformPostId: `${PUBLIC_CHANNEL}/${sentText[0]!.messageId}`,
    url: `https://t.me/planrrrnews/${sentText[0]!.messageId}`,
  });
  expect(albumDone.body.targets[0]).toMatchObject({ status: 'PUBLISHED', url: `https://t.me/planrrrnews/${sentAlbum[0]!.messageId}` });
  // the Bot API counts nothing for a channel post: no collection is started, rather than samples of nothing
  expect((await api.get(`/api/v1/posts/${text.body.id}/metrics`)).body.accounts).toEqual([]);

  const followers = await waitFor(
    () => api.get(`/api/v1/connections/${channelId}/followers`),
    (res) => res.body.days?.length === 1,
    30_000,
  );
  expect(followers.body.days[0].followers).toBeGreaterThanOrEqual(1000);
});

test('a caption too long for media is refused at scheduling, naming the account and the rule', async () => {
  const image = await upload(JPEG, 'long.jpg', 'image/jpeg');
  const refused = await api.post('/api/v1/posts', {
    content: 'x'.repeat(1500),
    publishAt: inSeconds(60),
    connectionIds: [channelId],
    media: [image],
  });
  expect(refused.status).toBe(422);
  expect(refused.body.type).toBe('https://planrrr.dev/problems/platform-rules');
  expect(refused.body.violations).toEqual([
    expect.objectContaining({ platform: 'TELEGRAM', connectionId: channelId, rule: 'caption-too-long' }),
  ]);
});

test("a 429 is retried after Telegram's retry_after; the post goes out once", async () => {
  telegram.failNext({
    status: 429,
    body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
  });
  const created = await api.post('/api/v1/posts', { content: 'Patience', publishAt: inSeconds(1), connectionIds: [channelId] });
  const done = await finished(created.body.id);
  expect(done.body.targets[0]).toMatchObject({ status: 'PUBLISHED', attempts: 2 });
  expect(done.body.targets[0].attemptLog[0]).toMatchObject({ errorKind: 'RATE_LIMITED', retryable: true });
  expect(telegram.messages.filter((message) => message.text === 'Patience')).toHaveLength(1);
});

test('a private channel publishes without a public link; a bot removed from it fails once and is reconnected', async () => {
  const connected = await api.post('/api/v1/connections', { platform: 'telegram', botToken, channel: String(PRIVATE_CHANNEL) });
  expect(connected.status).toBe(201);
  expect(connected.body.handle).toBe(`Team backstage (${PRIVATE_CHANNEL})`);
  const backstage = connected.body.id;

  const first = await api.post('/api/v1/posts', { content: 'Backstage notes', publishAt: inSeconds(1), connectionIds: [backstage] });
  const firstDone = await finished(first.body.id);
  expect(firstDone.body.targets[0]).toMatchObject({ status: 'PUBLISHED' });
  expect(firstDone.body.targets[0].url ?? '').toBe('');

  // the first follower count ran at connect; now the channel's admin removes the bot
  await waitFor(
    () => api.get(`/api/v1/connections/${backstage}/followers`),
    (res) => res.body.days?.length === 1,
    30_000,
  );
  telegram.removeBot(PRIVATE_CHANNEL);
  const second = await api.post('/api/v1/posts', { content: 'Anyone there?', publishAt: inSeconds(1), connectionIds: [backstage] });
  const failed = await finished(second.body.id);
  expect(failed.body.targets[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
  expect(failed.body.targets[0].lastError).toContain('bot is not a member');
  const listed = (await api.get('/api/v1/connections')).body.data.find((connection: { id: string }) => connection.id === backstage);
  expect(listed.status).toBe('NEEDS_RECONNECT');

  telegram.channels.get(PRIVATE_CHANNEL)!.members.set(ALICE_BOT.id, { status: 'administrator', canPostMessages: true });
  const reconnected = await api.post('/api/v1/connections', { platform: 'telegram', botToken, channel: String(PRIVATE_CHANNEL) });
  expect(reconnected.status).toBe(200);
  expect(reconnected.body).toMatchObject({ id: backstage, status: 'ACTIVE' });
  expect((await api.post(`/api/v1/posts/${second.body.id}/retry`)).status).toBe(202);
  await waitFor(
    () => api.get(`/api/v1/posts/${second.body.id}`),
    (res) => res.body.status === 'PUBLISHED',
    60_000,
  );
  expect(telegram.messages.filter((message) => message.text === 'Anyone there?')).toHaveLength(1);
});
