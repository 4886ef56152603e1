// AI suggestions against the contract fake of an OpenAI-compatible provider, through the
// API, a real worker, Temporal and PostgreSQL: the text streamed as it is written, the
// model asked again with the broken rule and then marked as not fitting, the provider's
// 429 honoured, the team's monthly budget, secrets kept out of prompts and the audit log,
// and the features off without configuration.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeMastodon } from '../fakes/mastodon';
import { FAKE_OPENAI_KEY, FakeOpenAi } from '../fakes/openai';
import { EventStreamReader } from '../support/event-stream';
import { ApiClient, signUpWithToken, startApi, testEnv } from '../support/harness';
import { PNG, uploadMedia } from '../support/media-fixtures';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const REQUESTS_PER_TEAM = 4;
const openAi = new FakeOpenAi();
const mastodon = new FakeMastodon();
const stack = useServerAndWorker({
  alongside: [openAi, mastodon],
  env: () =>
    testEnv({
      AI_BASE_URL: `${openAi.url}/v1`,
      AI_API_KEY: FAKE_OPENAI_KEY,
      AI_MODEL: 'fake-writer',
      AI_VISION_MODEL: 'fake-eyes',
      AI_MONTHLY_REQUESTS_PER_TEAM: String(REQUESTS_PER_TEAM),
    }),
});

interface Streamed {
  status: number;
  events: Array<{ event: string; data: any }>;
}

/** POSTs a suggestion and reads its stream to the end. */
async function suggest(api: ApiClient, body: object): Promise<Streamed> {
  const stream = await EventStreamReader.open(
    `${stack.server.url}/api/v1/ai/suggestions`,
    { ...api.authHeaders(), 'content-type': 'application/json' },
    { method: 'POST', body: JSON.stringify(body) },
  );
  await stream.ended();
  const events = stream.events.map((event) => ({ event: event.event ?? 'message', data: JSON.parse(event.data) }));
  return { status: stream.response.status, events };
}

const final = (streamed: Streamed) => streamed.events.find((event) => event.event === 'suggestion')?.data;
const streamedText = (streamed: Streamed, attempt: number, connectionId?: string) =>
  streamed.events
    .filter((event) => event.event === 'text' && event.data.attempt === attempt && event.data.connectionId === connectionId)
    .map((event) => event.data.text)
    .join('');

let api: ApiClient;
let session: ApiClient;
let token: string;
let demoId: string;
let mastodonId: string;

beforeAll(async () => {
  ({ api, session, token } = await signUpWithToken(stack.server.url, 'Ada'));
  mastodonId = (await api.post('/api/v1/connections', { platform: 'mastodon', instanceUrl: mastodon.url, accessToken: 'token-alice' })).body
    .id;
  demoId = (await api.post('/api/v1/connections', { platform: 'demo' })).body.id;
});

beforeEach(() => {
  openAi.ignoresLimitTimes = 0;
  openAi.neverFits = false;
});

test('a rewrite per account streams as it is written; an answer that breaks the limit is asked again with the rule named', async () => {
  openAi.ignoresLimitTimes = 1;
  const before = openAi.chats.length;
  const streamed = await suggest(api, { kind: 'rewrite', content: 'We launched planrrr today. Try it.', connectionIds: [mastodonId] });
  expect(streamed.status).toBe(200);
  const suggestion = final(streamed);
  expect(suggestion.items).toEqual([
    {
      connectionId: mastodonId,
      value: { text: 'Fresh take: We launched planrrr today. Try it.' },
      fits: true,
      violations: [],
      attempts: 2,
    },
  ]);
  // both answers reached the browser as they were written, the first one too long
  expect(streamedText(streamed, 0, mastodonId).length).toBeGreaterThan(500);
  expect(streamedText(streamed, 1, mastodonId)).toBe('Fresh take: We launched planrrr today. Try it.');
  // the second question carried the first answer and the rule it broke
  const retry = openAi.chats.slice(before)[1]!.body;
  expect(retry.model).toBe('fake-writer');
  expect(retry.messages.at(-2)).toMatchObject({ role: 'assistant' });
  expect(retry.messages.at(-1)!.content).toMatch(
    /MASTODON: Mastodon allows 500 characters \(links count 23\); this post has \d+ \(text-too-long\)/,
  );
  expect(retry.stream).toBe(true);
});

test('a model that never fits is asked twice again, then its answer is marked as not fitting, with the rule', async () => {
  openAi.neverFits = true;
  const before = openAi.chats.length;
  const suggestion = final(
    await suggest(api, { kind: 'shorten', content: 'A long story about our launch.', connectionIds: [mastodonId, demoId] }),
  );
  expect(openAi.chats.length - before).toBe(3);
  expect(suggestion.items).toHaveLength(1);
  expect(suggestion.items[0]).toMatchObject({ fits: false, attempts: 3 });
  expect(suggestion.items[0].violations).toEqual(
    expect.arrayContaining([expect.objectContaining({ platform: 'MASTODON', connectionId: mastodonId, rule: 'text-too-long' })]),
  );
});

test('a thread split asks for JSON and gives parts that each fit', async () => {
  const before = openAi.chats.length;
  const suggestion = final(
    await suggest(api, { kind: 'thread', content: 'First we planned. Then we built it. Now it ships.', connectionIds: [mastodonId] }),
  );
  expect(openAi.chats[before]!.body.response_format).toEqual({ type: 'json_object' });
  expect(suggestion.items[0]).toMatchObject({
    value: { parts: ['First we planned.', 'Then we built it.', 'Now it ships.'] },
    fits: true,
    attempts: 1,
  });
});

test("the provider's 429 is retried after its Retry-After; a 401 is not retried and ends the stream with a problem", async () => {
  openAi.failNext({ status: 429, headers: { 'retry-after': '2' }, body: { error: { message: 'Rate limit reached' } } });
  const { api: other } = await signUpWithToken(stack.server.url, 'Bo');
  const before = openAi.chats.length;
  const suggestion = final(await suggest(other, { kind: 'hashtags', content: 'Our launch day.' }));
  expect(suggestion.items[0]).toMatchObject({ value: { hashtags: ['#planrrr', '#launch'] }, fits: true });
  const limited = openAi.failuresServed.at(-1)!;
  expect(limited.status).toBe(429);
  expect(openAi.chats.length - before).toBe(2);
  // the retry came no sooner than the provider asked
  expect(openAi.chats[before + 1]!.receivedAt - limited.at).toBeGreaterThanOrEqual(1_900);

  openAi.failNext({ status: 401, body: { error: { message: 'Incorrect API key provided' } } });
  const beforeRefusal = openAi.chats.length;
  const refused = await suggest(other, { kind: 'hashtags', content: 'Our launch day.' });
  expect(openAi.chats.length - beforeRefusal).toBe(1);
  expect(refused.events.at(-1)).toEqual({
    event: 'error',
    data: expect.objectContaining({ type: 'https://planrrr.dev/problems/ai-provider-failed', detail: expect.stringContaining('401') }),
  });
});

test('alt text is written by the vision model from the uploaded image', async () => {
  const { api: other } = await signUpWithToken(stack.server.url, 'Cy');
  const mediaId = await uploadMedia(other, PNG, 'square.png', 'image/png');
  const before = openAi.chats.length;
  const suggestion = final(await suggest(other, { kind: 'alt-text', mediaId }));
  expect(suggestion.items[0]).toMatchObject({ value: { text: 'A solid blue square.' }, fits: true });
  const chat = openAi.chats[before]!.body;
  expect(chat.model).toBe('fake-eyes');
  expect(JSON.stringify(chat.messages)).toContain(`data:image/png;base64,${PNG.toString('base64')}`);
});

test('ideas from a page the server reads; a page it cannot read is refused before anything is counted', async () => {
  const page: Server = createServer((req, res) => {
    if (req.url === '/gone') res.writeHead(404).end();
    else res.end('<html><body><h1>Spring sale</h1><script>x()</script><p>All plans half price.</p></body></html>');
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  try {
    const { api: other } = await signUpWithToken(stack.server.url, 'Di');
    const before = openAi.chats.length;
    const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/sale`;
    const suggestion = final(await suggest(other, { kind: 'ideas', url }));
    expect(suggestion.items[0].value.ideas).toHaveLength(2);
    const prompt = JSON.stringify(openAi.chats[before]!.body.messages);
    expect(prompt).toContain('Spring sale All plans half price.');
    expect(prompt).not.toContain('x()');

    const gone = await other.post('/api/v1/ai/suggestions', { kind: 'ideas', url: url.replace('/sale', '/gone') });
    expect(gone.status).toBe(422);
    expect(gone.body).toMatchObject({
      type: 'https://planrrr.dev/problems/page-unreadable',
      errors: [{ field: 'body.url', message: expect.stringContaining('answered 404') }],
    });
    expect((await other.get('/api/v1/ai')).body.budget.requests.used).toBe(1);
  } finally {
    await new Promise((resolve) => page.close(resolve));
  }
});

test('a request that lacks what its kind needs names the field', async () => {
  const missing = await api.post('/api/v1/ai/suggestions', { kind: 'rewrite', content: 'hi' });
  expect(missing.status).toBe(400);
  expect(missing.body.errors).toEqual([{ field: 'body.connectionIds', message: 'Choose the accounts to rewrite it for' }]);
  const foreign = await api.post('/api/v1/ai/suggestions', { kind: 'shorten', content: 'hi', connectionIds: ['nope'] });
  expect(foreign.body.errors).toEqual([{ field: 'body.connectionIds', message: 'the team has no account nope' }]);
});

test("the team's monthly budget: the next suggestion is refused with the month's reset", async () => {
  const { api: other } = await signUpWithToken(stack.server.url, 'Ed');
  for (let used = 0; used < REQUESTS_PER_TEAM; used++)
    expect(final(await suggest(other, { kind: 'ideas', topic: 'spring' }))).toBeDefined();
  const refused = await other.post('/api/v1/ai/suggestions', { kind: 'ideas', topic: 'spring' });
  expect(refused.status).toBe(429);
  const now = new Date();
  const reset = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
  expect(refused.body).toMatchObject({ type: 'https://planrrr.dev/problems/ai-budget-exhausted', resetsAt: reset });
  expect(refused.body.detail).toContain(reset);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  const status = await other.get('/api/v1/ai');
  expect(status.body).toMatchObject({
    enabled: true,
    model: 'fake-writer',
    budget: { requests: { used: REQUESTS_PER_TEAM, limit: REQUESTS_PER_TEAM }, resetsAt: reset },
  });
  expect(status.body.budget.tokens.used).toBeGreaterThan(0);
});

test('secrets never reach the prompt or the audit log; each call is in the audit log', async () => {
  await suggest(api, { kind: 'rewrite', content: 'Secrets stay home.', connectionIds: [mastodonId, demoId] });
  const sent = openAi.chats.map((chat) => chat.raw).join('\n');
  for (const secret of [FAKE_OPENAI_KEY, token, 'token-alice', stack.env.config.SESSION_SECRET, stack.env.config.ENCRYPTION_KEY]) {
    expect(sent).not.toContain(secret);
  }
  // the key travels only where the provider expects it
  expect(openAi.chats.every((chat) => chat.authorization === `Bearer ${FAKE_OPENAI_KEY}`)).toBe(true);

  const log = await session.get('/api/v1/audit-log');
  const calls = log.body.data.filter((entry: { action: string }) => entry.action === 'ai.suggestion_asked');
  expect(calls.length).toBeGreaterThanOrEqual(2);
  expect(calls[0].details).toEqual({ kind: 'rewrite', model: 'fake-writer', attempt: 0, tokens: expect.any(Number), outcome: 'answered' });
  const logged = JSON.stringify(log.body);
  for (const secret of [FAKE_OPENAI_KEY, token, 'token-alice']) expect(logged).not.toContain(secret);
});

test('without AI_BASE_URL and AI_MODEL the AI features are off, and the API names what to set', async () => {
  const server = await startApi(testEnv());
  try {
    const { api: other } = await signUpWithToken(server.url, 'Fay');
    expect((await other.get('/api/v1/ai')).body).toMatchObject({ enabled: false });
    const off = await other.post('/api/v1/ai/suggestions', { kind: 'ideas', topic: 'spring' });
    expect(off.status).toBe(503);
    expect(off.body.type).toBe('https://planrrr.dev/problems/ai-not-configured');
    expect(off.body.detail).toContain('AI_BASE_URL');
    expect(off.body.detail).toContain('AI_MODEL');
  } finally {
    await server.close();
  }
});
