import { chatMessageBody, chatWebhookUrl, chatWebhookUrlHint } from './chat-webhooks';

const hosts = { slackWebhooksBaseUrl: 'https://hooks.slack.com', discordApiBaseUrl: 'https://discord.com' };
const SLACK_URL = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx';
const DISCORD_URL = 'https://discord.com/api/webhooks/112233445566778899/announcementsWebhookToken_0123456789abcdef';

test("only the platform's own incoming webhook URLs are accepted, as planrrr keeps them", () => {
  expect(chatWebhookUrl('SLACK', SLACK_URL, hosts)).toBe(SLACK_URL);
  expect(chatWebhookUrl('SLACK', `${SLACK_URL}?x=1`, hosts)).toBe(SLACK_URL);
  expect(chatWebhookUrl('SLACK', 'https://hooks.slack.com.evil.example/services/T0123ABCD/B0456EFGH/abc', hosts)).toBeUndefined();
  expect(chatWebhookUrl('SLACK', 'http://hooks.slack.com/services/T0123ABCD/B0456EFGH/abc', hosts)).toBeUndefined();
  expect(chatWebhookUrl('SLACK', 'https://hooks.slack.com/triggers/T0123ABCD/123/abc', hosts)).toBeUndefined();
  expect(chatWebhookUrl('SLACK', 'not a url', hosts)).toBeUndefined();
  expect(chatWebhookUrl('SLACK', DISCORD_URL, hosts)).toBeUndefined();
  expect(chatWebhookUrl('DISCORD', DISCORD_URL, hosts)).toBe(DISCORD_URL);
  expect(chatWebhookUrl('DISCORD', SLACK_URL, hosts)).toBeUndefined();
});

test('the list shows only the host and the end of a URL, which is its own secret', () => {
  expect(chatWebhookUrlHint(SLACK_URL)).toBe('hooks.slack.com/…uvwx');
});

test('Slack gets a linked line with its control characters escaped; Discord the title and the link, pinging no one', () => {
  const message = { title: 'Publishing failed: “<b> & @everyone”', link: 'https://planrrr.example/posts/p1' };
  expect(chatMessageBody('SLACK', message)).toEqual({
    text: '<https://planrrr.example/posts/p1|Publishing failed: “&lt;b&gt; &amp; @everyone”>',
  });
  expect(chatMessageBody('DISCORD', message)).toEqual({
    content: 'Publishing failed: “<b> & @everyone”\nhttps://planrrr.example/posts/p1',
    allowed_mentions: { parse: [] },
  });
});
