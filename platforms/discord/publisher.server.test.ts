// The Discord publisher and the webhook checks against the contract fake: text, attachments
// with their alt text, the message link, and how Discord's refusals map to error kinds.
import { ANNOUNCEMENTS_WEBHOOK, FakeDiscord } from '../../tests/fakes/discord';
import { PNG, testMedia } from '../../tests/support/media-fixtures';
import { discordWebhookAvatarUrl, discordWebhookUrl, verifyDiscordWebhook } from './api.server';
import { PublishError } from '../../lib/platforms/errors';
import { createDiscordPublisher } from './publisher.server';
import type { PublishMedia, PublishRequest } from '../../activities/publishers/publisher';

const discord = new FakeDiscord();
const publisher = createDiscordPublisher();

beforeAll(() => discord.start());
afterAll(() => discord.stop());

function request(content: string, media: PublishMedia[] = [], webhookUrl = discord.webhookUrl()): PublishRequest {
  return {
    content,
    media,
    idempotencyKey: `key-${content}`,
    connection: {
      id: 'c1',
      platform: 'DISCORD',
      handle: 'planrrr announcements',
      instanceUrl: null,
      credentials: { webhookUrl, guildId: ANNOUNCEMENTS_WEBHOOK.guildId },
    },
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

test('a text post is one message, linked at discord.com/channels/<server>/<channel>/<message>', async () => {
  const published = await publisher.publish(request('Hello server'));
  const message = discord.messages.at(-1)!;
  expect(message).toMatchObject({ content: 'Hello server', files: [] });
  expect(published).toEqual({
    platformPostId: message.id,
    url: `https://discord.com/channels/${ANNOUNCEMENTS_WEBHOOK.guildId}/${ANNOUNCEMENTS_WEBHOOK.channelId}/${message.id}`,
  });
});

test('media are attachments in order, each with its alt text as its description', async () => {
  await publisher.publish(request('With files', [testMedia('image', { altText: 'a red dot' }), testMedia('video')]));
  const message = discord.messages.at(-1)!;
  expect(message.files.map((file) => [file.fileName, file.contentType, file.description])).toEqual([
    ['photo.png', 'image/png', 'a red dot'],
    ['clip.mp4', 'video/mp4', undefined],
  ]);
  expect(message.files[0]!.bytes.equals(PNG)).toBe(true);
});

test("Discord's refusals: too long is CONTENT_REJECTED in its words; a deleted webhook or a wrong token AUTH_FAILED", async () => {
  const tooLong = await failure(publisher.publish(request('x'.repeat(2001))));
  expect(tooLong.kind).toBe('CONTENT_REJECTED');
  expect(tooLong.message).toContain('content: Must be 2000 or fewer in length.');
  const wrongToken = await failure(
    publisher.publish(request('Hi', [], discord.webhookUrl({ id: ANNOUNCEMENTS_WEBHOOK.id, token: 'x'.repeat(30) }))),
  );
  expect(wrongToken).toMatchObject({ kind: 'AUTH_FAILED', status: 401 });
  discord.webhooks.get(ANNOUNCEMENTS_WEBHOOK.id)!.deleted = true;
  const deleted = await failure(publisher.publish(request('Hi')));
  discord.webhooks.get(ANNOUNCEMENTS_WEBHOOK.id)!.deleted = false;
  expect(deleted).toMatchObject({ kind: 'AUTH_FAILED', status: 404 });
  expect(deleted.message).not.toContain(ANNOUNCEMENTS_WEBHOOK.token);
});

test("the webhook's 5 messages per 2 seconds: a 429 waits for Discord's reset", async () => {
  discord.messagesPerWindow = 0;
  const error = await failure(publisher.publish(request('Too fast')));
  discord.messagesPerWindow = 5;
  expect(error.kind).toBe('RATE_LIMITED');
  expect(error.retryAfterMs).toBeGreaterThan(0);
  expect(error.retryAfterMs).toBeLessThanOrEqual(2000);
  discord.failNext({ status: 502, body: { message: 'Bad Gateway', code: 0 } });
  expect((await failure(publisher.publish(request('Later')))).kind).toBe('PLATFORM_UNAVAILABLE');
});

test('a webhook reads no member count, and says so', async () => {
  expect(await publisher.fetchFollowers!(request('').connection)).toEqual({
    followers: null,
    missingReason: expect.stringContaining('webhook'),
  });
});

test('connecting: only a channel webhook URL on Discord is taken, checked with a GET', async () => {
  expect(discordWebhookUrl(`${discord.webhookUrl()}?thread_id=1`, discord.url)).toBe(discord.webhookUrl());
  expect(discordWebhookUrl(`${discord.url}/api/v10/webhooks/${ANNOUNCEMENTS_WEBHOOK.id}/${ANNOUNCEMENTS_WEBHOOK.token}`, discord.url)).toBe(
    discord.webhookUrl(),
  );
  expect(discordWebhookUrl(discord.webhookUrl(), 'https://discord.com')).toBeUndefined();
  // the older domain and Discord's test clients name the same webhook
  expect(discordWebhookUrl('https://ptb.discordapp.com/api/webhooks/1/x', 'https://discord.com')).toBeUndefined();
  expect(
    discordWebhookUrl(`https://discordapp.com/api/webhooks/${ANNOUNCEMENTS_WEBHOOK.id}/${ANNOUNCEMENTS_WEBHOOK.token}`, discord.url),
  ).toBe(discord.webhookUrl());
  expect(discordWebhookUrl(`${discord.url}/api/channels/1/messages`, discord.url)).toBeUndefined();
  const webhook = await verifyDiscordWebhook(discord.webhookUrl());
  expect(webhook).toMatchObject({ name: 'planrrr announcements', guild_id: ANNOUNCEMENTS_WEBHOOK.guildId });
  expect(discordWebhookAvatarUrl(webhook, discord.url)).toBe(
    `${discord.url}/avatars/${webhook.id}/${ANNOUNCEMENTS_WEBHOOK.avatar}.png?size=128`,
  );
});

test('mentions in a post notify nobody, unless the account was connected to let posts ping; with media too', async () => {
  const text = 'Launch day @everyone, thanks <@123456789012345678> and <@&987654321098765432>';
  await publisher.publish(request(text));
  expect(discord.messages.at(-1)).toMatchObject({ content: text, pinged: [] });
  await publisher.publish(request(text, [testMedia('image')]));
  expect(discord.messages.at(-1)).toMatchObject({ pinged: [] });
  const allowing = request(text);
  allowing.connection.credentials = { ...allowing.connection.credentials, allowMentions: true };
  await publisher.publish(allowing);
  expect(discord.messages.at(-1)!.pinged).toEqual(['everyone', 'user:123456789012345678', 'role:987654321098765432']);
});
