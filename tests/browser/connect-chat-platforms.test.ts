// A user connects a Telegram channel (bot token and channel), a Discord channel (webhook URL)
// and a Slack channel (bot token and channel id) in a real browser, against the contract
// fakes; a refusal is shown beside its field; the composer previews a post for all three
// and checks each one's rules as the text is typed.
import { FakeDiscord } from '../fakes/discord';
import { FakeSlack, SLACK_BOT_TOKEN } from '../fakes/slack';
import { ALICE_BOT, FakeTelegram, telegramBotToken } from '../fakes/telegram';
import { screenshot, signUpInBrowser, startWebApp, type WebApp } from '../support/browser';

jest.setTimeout(120_000);

const telegram = new FakeTelegram();
const discord = new FakeDiscord();
const slack = new FakeSlack();
let app: WebApp;

beforeAll(async () => {
  await Promise.all([telegram.start(), discord.start(), slack.start()]);
  app = await startWebApp({
    env: {
      TELEGRAM_API_BASE_URL: telegram.url,
      DISCORD_API_BASE_URL: discord.url,
      DISCORD_CDN_BASE_URL: discord.url,
      SLACK_API_BASE_URL: slack.url,
    },
  });
});

afterAll(async () => {
  await Promise.allSettled([app?.stop(), telegram.stop(), discord.stop(), slack.stop()]);
});

test('Telegram, Discord and Slack channels connect from their forms; the composer previews and checks all three', async () => {
  const page = await app.browser.newPage();
  await signUpInBrowser(page, app.server.url, 'Chat');
  await page.getByRole('link', { name: 'Connections' }).click();

  const telegramForm = page.getByRole('region', { name: 'Telegram channel' });
  await telegramForm.getByLabel('Bot token').fill(telegramBotToken(ALICE_BOT.id));
  await telegramForm.getByLabel('Channel').fill('@readonlynews');
  await telegramForm.getByRole('button', { name: 'Connect Telegram' }).click();
  // the card's introduction says the same words: the refusal is the error listed under the token field
  await telegramForm.getByRole('listitem').filter({ hasText: 'allowed to post messages' }).waitFor();
  // the channel is kept
  expect(await page.getByRole('region', { name: 'Telegram channel' }).getByLabel('Channel').inputValue()).toBe('@readonlynews');
  await screenshot(page, 'connect-telegram-refused');
  await page.getByRole('region', { name: 'Telegram channel' }).getByLabel('Bot token').fill(telegramBotToken(ALICE_BOT.id));
  await page.getByRole('region', { name: 'Telegram channel' }).getByLabel('Channel').fill('@planrrrnews');
  await page.getByRole('region', { name: 'Telegram channel' }).getByRole('button', { name: 'Connect Telegram' }).click();
  await page.locator('.connection', { hasText: '@planrrrnews' }).waitFor();

  await page.getByRole('region', { name: 'Discord channel' }).getByLabel('Webhook URL').fill(discord.webhookUrl());
  await page.getByRole('region', { name: 'Discord channel' }).getByRole('button', { name: 'Connect Discord' }).click();
  await page.locator('.connection', { hasText: 'planrrr announcements' }).waitFor();

  await page.getByRole('region', { name: 'Slack channel' }).getByLabel('Bot token').fill(SLACK_BOT_TOKEN);
  await page.getByRole('region', { name: 'Slack channel' }).getByLabel('Channel ID').fill('C0000000001');
  await page.getByRole('region', { name: 'Slack channel' }).getByRole('button', { name: 'Connect Slack' }).click();
  await page.locator('.connection', { hasText: '#announcements' }).waitFor();
  await screenshot(page, 'connections-chat-platforms');

  await page.goto(`${app.server.url}/compose`);
  for (const name of [/planrrrnews/, /planrrr announcements/, /#announcements/]) await page.getByRole('checkbox', { name }).check();
  await page.getByLabel('Text').fill('Release 2.0 is out');
  for (const platform of ['Telegram', 'Discord', 'Slack']) {
    await page
      .getByRole('article', { name: `Preview on ${platform}` })
      .getByText('Release 2.0 is out')
      .waitFor();
  }
  await page.getByLabel('Text').fill('d'.repeat(2001));
  await page
    .getByRole('status')
    .getByText(/Discord allows 2000 characters; this post has 2001/)
    .waitFor();
  expect(await page.getByRole('button', { name: 'Schedule' }).isDisabled()).toBe(true);
  await screenshot(page, 'composer-chat-platforms');
});
