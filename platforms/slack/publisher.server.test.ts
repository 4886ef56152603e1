// The Slack publisher and the connect checks against the contract fake: a text message,
// files shared with the text as their comment, permalinks, and how Slack's
// `{ok:false, error}` answers map to error kinds.
import { FakeSlack, SLACK_BOT_TOKEN } from '../../tests/fakes/slack';
import { PNG, testMedia } from '../../tests/support/media-fixtures';
import { PublishError } from '../../lib/platforms/errors';
import { verifySlackBot, verifySlackChannel } from './api.server';
import { createSlackPublisher, escapeSlackText } from './publisher.server';
import type { PublishMedia, PublishRequest } from '../../activities/publishers/publisher';

const slack = new FakeSlack();
let publisher: ReturnType<typeof createSlackPublisher>;
const ANNOUNCEMENTS = 'C0000000001';

beforeAll(async () => {
  await slack.start();
  publisher = createSlackPublisher({ baseUrl: slack.url });
});
afterAll(() => slack.stop());
beforeEach(() => slack.messages.splice(0)); // each test starts within the channel's rate

function request(content: string, media: PublishMedia[] = [], channelId = ANNOUNCEMENTS, botToken = SLACK_BOT_TOKEN): PublishRequest {
  return {
    content,
    media,
    idempotencyKey: `key-${content}`,
    connection: { id: 'c1', platform: 'SLACK', handle: '#announcements', instanceUrl: null, credentials: { botToken, channelId } },
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

test('a text post is chat.postMessage, with &, < and > escaped, linked by its permalink', async () => {
  const published = await publisher.publish(request('Q&A <today> 5 > 3'));
  const message = slack.messages.at(-1)!;
  expect(message.text).toBe('Q&amp;A &lt;today&gt; 5 &gt; 3');
  expect(published).toEqual({
    platformPostId: `${ANNOUNCEMENTS}/${message.ts}`,
    url: `https://planrrr-fake.slack.com/archives/${ANNOUNCEMENTS}/p${message.ts.replace('.', '')}`,
  });
  expect(escapeSlackText('plain')).toBe('plain');
});

test('media are uploaded to the URLs Slack hands out, then shared at once with the text as their comment', async () => {
  const published = await publisher.publish(request('With files', [testMedia('image', { altText: 'a red dot' }), testMedia('video')]));
  const message = slack.messages.at(-1)!;
  expect(message.text).toBe('With files');
  expect(message.files.map((file) => [file.filename, file.altText, file.contentType])).toEqual([
    ['photo.png', 'a red dot', 'image/png'],
    ['clip.mp4', undefined, 'video/mp4'],
  ]);
  expect(message.files[0]!.bytes!.equals(PNG)).toBe(true);
  expect(published.platformPostId).toBe(`${ANNOUNCEMENTS}/${message.ts}`);
  expect(slack.calls.slice(-6)).toEqual([
    'files.getUploadURLExternal',
    'upload',
    'files.getUploadURLExternal',
    'upload',
    'files.completeUploadExternal',
    'chat.getPermalink',
  ]);
});

test('a permalink Slack will not give leaves the post without a link, never failing a posted message', async () => {
  slack.failNext({ route: 'chat.getPermalink', status: 500 });
  const published = await publisher.publish(request('No link'));
  expect(published.url).toBe('');
  expect(slack.messages.filter((message) => message.text === 'No link')).toHaveLength(1);
});

test("Slack's {ok:false} answers: token and channel problems AUTH_FAILED, msg_too_long CONTENT_REJECTED", async () => {
  slack.revokedTokens.add(SLACK_BOT_TOKEN);
  expect(await failure(publisher.publish(request('Hi')))).toMatchObject({
    kind: 'AUTH_FAILED',
    message: 'Slack refused chat.postMessage: token_revoked',
  });
  slack.revokedTokens.delete(SLACK_BOT_TOKEN);
  expect((await failure(publisher.publish(request('Hi', [], 'C0000000002')))).message).toContain('not_in_channel');
  expect((await failure(publisher.publish(request('Hi', [], 'C0000000009')))).kind).toBe('AUTH_FAILED');
  const tooLong = await failure(publisher.publish(request('x'.repeat(40_001))));
  expect(tooLong).toMatchObject({ kind: 'CONTENT_REJECTED', message: 'Slack refused chat.postMessage: msg_too_long' });
  slack.tokens.set('xoxb-no-files-scope-0000', ['chat:write', 'channels:read']);
  const scope = await failure(publisher.publish(request('Hi', [testMedia('image')], ANNOUNCEMENTS, 'xoxb-no-files-scope-0000')));
  expect(scope).toMatchObject({ kind: 'AUTH_FAILED' });
  expect(scope.message).toContain('needs the files:write scope');
});

test('HTTP 429 waits for Retry-After; {ok:false, error: "internal_error"} is PLATFORM_UNAVAILABLE', async () => {
  slack.messagesPerSecond = 0;
  expect(await failure(publisher.publish(request('Too fast')))).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 1000 });
  slack.messagesPerSecond = 3;
  slack.failNext({ status: 200, body: { ok: false, error: 'internal_error' } });
  expect((await failure(publisher.publish(request('Later')))).kind).toBe('PLATFORM_UNAVAILABLE');
});

test('followers are the channel members', async () => {
  expect(await publisher.fetchFollowers!(request('').connection)).toEqual({ followers: expect.any(Number) });
});

test('connecting checks the bot token, then that the channel exists, is live and has the app', async () => {
  expect(await verifySlackBot(slack.url, SLACK_BOT_TOKEN)).toMatchObject({ team: 'planrrr fake', team_id: 'T0000000001' });
  expect((await failure(verifySlackBot(slack.url, 'xoxb-wrong'))).kind).toBe('AUTH_FAILED');
  expect(await verifySlackChannel(slack.url, SLACK_BOT_TOKEN, ANNOUNCEMENTS)).toMatchObject({ name: 'announcements' });
  expect((await failure(verifySlackChannel(slack.url, SLACK_BOT_TOKEN, 'C0000000002'))).message).toContain('not in #random');
  expect((await failure(verifySlackChannel(slack.url, SLACK_BOT_TOKEN, 'C0000000003'))).message).toContain('archived');
});
