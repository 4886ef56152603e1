// The Telegram publisher and the connect checks against the contract fake: text, one photo
// or video with its caption, albums, links for public and private channels, and how
// Telegram's refusals map to error kinds.
import { ALICE_BOT, FakeTelegram, telegramBotToken } from '../../tests/fakes/telegram';
import { MP4, PNG, testMedia } from '../../tests/support/media-fixtures';
import { PublishError } from '../../lib/platforms/errors';
import { telegramChannelPhotoUrl, verifyTelegramBot, verifyTelegramChannel } from './api.server';
import { createTelegramPublisher } from './publisher.server';
import type { PublishMedia, PublishRequest } from '../../activities/publishers/publisher';

const telegram = new FakeTelegram();
let publisher: ReturnType<typeof createTelegramPublisher>;
const token = telegramBotToken(ALICE_BOT.id);
const PUBLIC_CHANNEL = -1001000000001;
const PRIVATE_CHANNEL = -1001000000002;

beforeAll(async () => {
  await telegram.start();
  publisher = createTelegramPublisher({ baseUrl: telegram.url });
});
afterAll(() => telegram.stop());

function request(content: string, media: PublishMedia[] = [], chatId = PUBLIC_CHANNEL, botToken = token): PublishRequest {
  return {
    content,
    media,
    idempotencyKey: `key-${content}`,
    connection: { id: 'c1', platform: 'TELEGRAM', handle: '@planrrrnews', instanceUrl: null, credentials: { botToken, chatId } },
  };
}

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

test('a text post is a sendMessage, linked at t.me/<channel>/<message id>', async () => {
  const published = await publisher.publish(request('Hello channel'));
  const message = telegram.messages.at(-1)!;
  expect(message).toMatchObject({ method: 'sendMessage', chatId: PUBLIC_CHANNEL, text: 'Hello channel', media: [] });
  expect(published).toEqual({
    platformPostId: `${PUBLIC_CHANNEL}/${message.messageId}`,
    url: `https://t.me/planrrrnews/${message.messageId}`,
  });
});

test('one photo or one video carries the text as its caption', async () => {
  await publisher.publish(request('A photo', [testMedia('image')]));
  expect(telegram.messages.at(-1)).toMatchObject({ method: 'sendPhoto', text: 'A photo' });
  expect(telegram.messages.at(-1)!.media[0]!.bytes.equals(PNG)).toBe(true);
  await publisher.publish(request('A video', [testMedia('video')]));
  expect(telegram.messages.at(-1)).toMatchObject({ method: 'sendVideo', text: 'A video' });
  expect(telegram.messages.at(-1)!.media[0]!.bytes.equals(MP4)).toBe(true);
});

test('two to ten photos and videos are one album, in order, captioned once', async () => {
  const published = await publisher.publish(
    request('An album', [testMedia('image', { id: 'a' }), testMedia('video', { id: 'b' }), testMedia('image', { id: 'c' })]),
  );
  const message = telegram.messages.at(-1)!;
  expect(message).toMatchObject({ method: 'sendMediaGroup', text: 'An album' });
  expect(message.media.map((file) => file.type)).toEqual(['photo', 'video', 'photo']);
  expect(published.url).toBe(`https://t.me/planrrrnews/${message.messageId}`);
});

test('a private channel has no public link: the URL is empty, never a wrong one', async () => {
  const published = await publisher.publish(request('Backstage', [], PRIVATE_CHANNEL));
  expect(published.url).toBe('');
  expect(published.platformPostId).toBe(`${PRIVATE_CHANNEL}/${telegram.messages.at(-1)!.messageId}`);
});

test('Telegram refuses a caption over 1024 characters as content', async () => {
  const error = await failure(publisher.publish(request('x'.repeat(1025), [testMedia('image')])));
  expect(error.kind).toBe('CONTENT_REJECTED');
  expect(error.message).toContain('caption is too long');
});

test('a revoked token and a bot removed from the channel are AUTH_FAILED; a missing right too', async () => {
  telegram.revokedTokens.add(token);
  expect((await failure(publisher.publish(request('Nobody hears')))).kind).toBe('AUTH_FAILED');
  telegram.revokedTokens.delete(token);
  expect((await failure(publisher.publish(request('Read only', [], -1001000000003)))).message).toContain('administrator rights');
  telegram.removeBot(PRIVATE_CHANNEL);
  const removed = await failure(publisher.publish(request('Gone', [], PRIVATE_CHANNEL)));
  expect(removed).toMatchObject({ kind: 'AUTH_FAILED', status: 403 });
  expect(removed.message).not.toContain(token);
  telegram.channels.get(PRIVATE_CHANNEL)!.members.set(ALICE_BOT.id, { status: 'administrator', canPostMessages: true });
});

test('429 waits for parameters.retry_after; a 500 is PLATFORM_UNAVAILABLE', async () => {
  telegram.failNext({
    status: 429,
    body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } },
  });
  expect(await failure(publisher.publish(request('Slow down')))).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 7000 });
  telegram.failNext({ status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
  expect((await failure(publisher.publish(request('Later')))).kind).toBe('PLATFORM_UNAVAILABLE');
});

test('the channel limit of 20 messages a minute is a rate limit with its wait', async () => {
  telegram.messagesPerMinute = telegram.messages.filter((message) => message.chatId === PUBLIC_CHANNEL).length;
  const error = await failure(publisher.publish(request('One too many')));
  telegram.messagesPerMinute = 20;
  expect(error.kind).toBe('RATE_LIMITED');
  expect(error.retryAfterMs).toBeGreaterThan(0);
});

test('followers are the channel member count', async () => {
  const answer = await publisher.fetchFollowers!(request('').connection);
  expect(answer).toEqual({ followers: expect.any(Number) });
});

test('connecting checks the bot, the channel and the right to post, and finds the channel photo', async () => {
  const bot = await verifyTelegramBot(telegram.url, token);
  expect(bot).toMatchObject({ id: ALICE_BOT.id, username: ALICE_BOT.username });
  const chat = await verifyTelegramChannel(telegram.url, token, bot, '@planrrrnews');
  expect(chat).toMatchObject({ id: PUBLIC_CHANNEL, username: 'planrrrnews', title: 'planrrr news' });
  expect(await telegramChannelPhotoUrl(telegram.url, token, chat)).toBe(`${telegram.url}/file/bot${token}/photos/${PUBLIC_CHANNEL}.png`);
  expect((await failure(verifyTelegramBot(telegram.url, '1:wrong'))).kind).toBe('AUTH_FAILED');
  const readOnly = await failure(verifyTelegramChannel(telegram.url, token, bot, '@readonlynews'));
  expect(readOnly).toMatchObject({ kind: 'AUTH_FAILED' });
  expect(readOnly.message).toContain('allowed to post messages');
  expect((await failure(verifyTelegramChannel(telegram.url, token, bot, '@agroup'))).message).toContain('not a channel');
  expect((await failure(verifyTelegramChannel(telegram.url, token, bot, '@nosuchchannel'))).kind).toBe('AUTH_FAILED');
});
