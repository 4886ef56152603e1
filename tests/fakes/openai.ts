// A contract fake of the OpenAI-compatible chat-completions API (POST /v1/chat/completions),
// as a real local HTTP server: the bearer key (401 otherwise), the request's shape (400),
// `stream: true` answered as server-sent events (`data: {chunk}` lines, the usage in the
// last chunk when `stream_options.include_usage` is set, then `data: [DONE]`), a plain JSON
// completion otherwise, and `response_format: {type: "json_object"}`. Its "model" writes
// from the prompt: the post's text for rewrites, a JSON object of parts, hashtags or ideas
// where asked, one sentence for an image. Behaviours tests choose: a model that ignores the
// length limit in its first answers (`ignoresLimitTimes`), one that never fits, and 429s
// with Retry-After (`failNext`).
// https://platform.openai.com/docs/api-reference/chat/create https://platform.openai.com/docs/api-reference/chat-streaming
import express from 'express';
import { z } from 'zod';
import { bearerToken, FakePlatformServer } from './fake-server';

export const FAKE_OPENAI_KEY = 'sk-fake-openai-0123456789';
/** Longer than any platform's limit that the tests' accounts have (X 280, Mastodon 500). */
export const TOO_LONG = 'This answer goes on and on. '.repeat(40).trim();

const PartSchema = z.union([
  z.strictObject({ type: z.literal('text'), text: z.string() }),
  z.strictObject({ type: z.literal('image_url'), image_url: z.strictObject({ url: z.string() }) }),
]);

const ChatRequestSchema = z.strictObject({
  model: z.string().min(1),
  messages: z
    .array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.union([z.string(), z.array(PartSchema)]) }))
    .min(1),
  stream: z.boolean().optional(),
  stream_options: z.strictObject({ include_usage: z.boolean() }).optional(),
  response_format: z.strictObject({ type: z.enum(['text', 'json_object']) }).optional(),
});
export type FakeChatRequest = z.infer<typeof ChatRequestSchema>;

export interface FakeChatCall {
  authorization: string | undefined;
  body: FakeChatRequest;
  /** the whole request body as sent, for checks that nothing secret is in it */
  raw: string;
  receivedAt: number;
}

const textOf = (content: FakeChatRequest['messages'][number]['content']) =>
  typeof content === 'string' ? content : content.map((part) => (part.type === 'text' ? part.text : '[image]')).join(' ');

/** The post between the prompt's `"""` fences. */
function postOf(prompt: string): string {
  return /"""\n([\s\S]*?)\n"""/.exec(prompt)?.[1] ?? prompt;
}

export class FakeOpenAi extends FakePlatformServer<'chat'> {
  protected readonly defaultFailureRoute = 'chat';
  readonly chats: FakeChatCall[] = [];
  /** how many more answers ignore the length limit (each conversation's first ones) */
  ignoresLimitTimes = 0;
  /** every answer ignores the limit */
  neverFits = false;

  /** What the model writes for this conversation. */
  private answer(request: FakeChatRequest): string {
    const question = textOf(request.messages.find((message) => message.role === 'user')!.content);
    const tooLong = this.neverFits || this.ignoresLimitTimes-- > 0;
    if (question.includes('"parts"')) {
      const sentences = postOf(question).split(/(?<=\.)\s+/);
      return JSON.stringify({ parts: tooLong ? [TOO_LONG] : sentences });
    }
    if (question.includes('"hashtags"'))
      return JSON.stringify({ hashtags: tooLong ? Array.from({ length: 30 }, (_, i) => `#tag${i}`) : ['#planrrr', 'launch'] });
    if (question.includes('"ideas"'))
      return JSON.stringify({ ideas: tooLong ? [TOO_LONG] : ['Idea one: show the calendar.', 'Idea two: a customer story.'] });
    if (question.includes('alt text')) return 'A solid blue square.';
    return tooLong ? TOO_LONG : `Fresh take: ${postOf(question).slice(0, 100)}`;
  }

  protected routes(app: express.Express): void {
    app.post('/v1/chat/completions', express.json({ limit: '30mb' }), async (req, res) => {
      if (bearerToken(req) !== FAKE_OPENAI_KEY) {
        res.status(401).json({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
        return;
      }
      const parsed = ChatRequestSchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({ error: { message: z.prettifyError(parsed.error), type: 'invalid_request_error' } });
        return;
      }
      this.chats.push({
        authorization: req.headers.authorization,
        body: parsed.data,
        raw: JSON.stringify(req.body),
        receivedAt: Date.now(),
      });
      if (await this.scripted('chat', res)) return;
      const text = this.answer(parsed.data);
      const usage = { prompt_tokens: 40, completion_tokens: Math.ceil(text.length / 4), total_tokens: 40 + Math.ceil(text.length / 4) };
      const base = { id: `chatcmpl-${this.chats.length}`, created: Math.floor(Date.now() / 1000), model: parsed.data.model };
      if (!parsed.data.stream) {
        res.json({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
          usage,
        });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const chunk = (delta: object, finish: string | null, extra: object = {}) =>
        res.write(
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`,
        );
      chunk({ role: 'assistant', content: '' }, null);
      for (let at = 0; at < text.length; at += 12) chunk({ content: text.slice(at, at + 12) }, null);
      chunk({}, 'stop');
      if (parsed.data.stream_options?.include_usage)
        res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  }
}
