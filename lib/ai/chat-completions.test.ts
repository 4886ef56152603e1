import { FAKE_OPENAI_KEY, FakeOpenAi } from '../../tests/fakes/openai';
import { PublishError } from '../platforms/errors';
import { aiSettingsOf, streamChatCompletion } from './chat-completions';

const openAi = new FakeOpenAi();
beforeAll(() => openAi.start());
afterAll(() => openAi.stop());

const provider = () => ({ baseUrl: `${openAi.url}/v1`, apiKey: FAKE_OPENAI_KEY });
const ask = (content: string) => ({ model: 'fake-writer', messages: [{ role: 'user' as const, content }] });

test('an answer is streamed piece by piece, with the tokens the provider counted', async () => {
  const pieces: string[] = [];
  const answer = await streamChatCompletion(provider(), ask('Rewrite:\n"""\nHello there, world.\n"""'), (piece) => {
    pieces.push(piece);
  });
  expect(answer.text).toBe('Fresh take: Hello there, world.');
  expect(pieces.length).toBeGreaterThan(1);
  expect(pieces.join('')).toBe(answer.text);
  expect(answer.tokens).toBeGreaterThan(40);
  expect(openAi.chats.at(-1)!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  expect(openAi.chats.at(-1)!.body.response_format).toBeUndefined();
});

test('JSON output is asked with response_format', async () => {
  const answer = await streamChatCompletion(
    provider(),
    { ...ask('Answer with a JSON object {"hashtags": []}'), json: true },
    () => undefined,
  );
  expect(JSON.parse(answer.text)).toEqual({ hashtags: ['#planrrr', 'launch'] });
  expect(openAi.chats.at(-1)!.body.response_format).toEqual({ type: 'json_object' });
});

test("a 429 is retryable after the provider's Retry-After; a wrong key and a bad request are not retryable", async () => {
  openAi.failNext({ status: 429, headers: { 'retry-after': '7' }, body: { error: { message: 'Rate limit reached' } } });
  const limited = await streamChatCompletion(provider(), ask('hi'), () => undefined).catch((error: unknown) => error);
  expect(limited).toBeInstanceOf(PublishError);
  expect(limited).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 7000, retryable: true });
  expect((limited as Error).message).toContain('Rate limit reached');

  const unauthorised = await streamChatCompletion({ ...provider(), apiKey: 'sk-wrong' }, ask('hi'), () => undefined).catch(
    (error: unknown) => error,
  );
  expect(unauthorised).toMatchObject({ kind: 'AUTH_FAILED', retryable: false });
  expect((unauthorised as Error).message).not.toContain('sk-wrong');

  openAi.failNext({ status: 400, body: { error: { message: 'model not found' } } });
  expect(await streamChatCompletion(provider(), ask('hi'), () => undefined).catch((error: unknown) => error)).toMatchObject({
    kind: 'CONTENT_REJECTED',
    retryable: false,
  });
  openAi.failNext({ status: 503 });
  expect(await streamChatCompletion(provider(), ask('hi'), () => undefined).catch((error: unknown) => error)).toMatchObject({
    kind: 'PLATFORM_UNAVAILABLE',
    retryable: true,
  });
});

test('the AI features are off without a base URL or a model; the vision model defaults to the model', () => {
  expect(aiSettingsOf({ AI_BASE_URL: undefined, AI_API_KEY: undefined, AI_MODEL: 'm', AI_VISION_MODEL: undefined })).toBeUndefined();
  expect(
    aiSettingsOf({ AI_BASE_URL: 'http://localhost:11434/v1', AI_API_KEY: undefined, AI_MODEL: undefined, AI_VISION_MODEL: undefined }),
  ).toBeUndefined();
  expect(
    aiSettingsOf({ AI_BASE_URL: 'http://localhost:11434/v1', AI_API_KEY: undefined, AI_MODEL: 'llama3.2', AI_VISION_MODEL: undefined }),
  ).toEqual({
    provider: { baseUrl: 'http://localhost:11434/v1', apiKey: undefined },
    model: 'llama3.2',
    visionModel: 'llama3.2',
  });
});
