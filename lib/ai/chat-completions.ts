// A client for the OpenAI-compatible chat-completions API (OpenAI, Azure OpenAI, Ollama, vLLM,
// LM Studio, OpenRouter): POST {baseUrl}/chat/completions with `stream: true`, read as
// server-sent events. Errors are the publishers' PublishError taxonomy (lib/platforms/errors.ts),
// so a 429 carries its Retry-After and a 4xx is not retried.
// https://platform.openai.com/docs/api-reference/chat/create
import { z } from 'zod';
import type { Config } from '../config';
import { PublishError } from '../platforms/errors';
import { firstString, platformFetch, type PlatformApi } from '../platforms/http';

export interface AiProvider {
  baseUrl: string;
  /** absent for local servers that take none (Ollama, LM Studio) */
  apiKey?: string | undefined;
}

/** The provider and models, or undefined while AI_BASE_URL or AI_MODEL is unset (the AI features are off). */
export interface AiSettings {
  provider: AiProvider;
  model: string;
  /** reads images (alt text) */
  visionModel: string;
}

export function aiSettingsOf(config: Pick<Config, 'AI_BASE_URL' | 'AI_API_KEY' | 'AI_MODEL' | 'AI_VISION_MODEL'>): AiSettings | undefined {
  if (!config.AI_BASE_URL || !config.AI_MODEL) return undefined;
  return {
    provider: { baseUrl: config.AI_BASE_URL, apiKey: config.AI_API_KEY },
    model: config.AI_MODEL,
    visionModel: config.AI_VISION_MODEL ?? config.AI_MODEL,
  };
}

export type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ChatContentPart[];
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** asks for a JSON object (`response_format: {type: 'json_object'}`); the prompt must say which */
  json?: boolean;
}

export interface ChatAnswer {
  text: string;
  /** prompt and completion tokens as the provider counted them; 0 when it did not say */
  tokens: number;
}

/** How long one streamed answer may take in all. */
const ANSWER_DEADLINE_MS = 120_000;

const providerApi: PlatformApi = {
  name: 'The AI provider',
  errorDetail: (body) =>
    firstString(body, (json) => {
      const error = (json as { error?: { message?: unknown } | string }).error;
      return typeof error === 'string' ? error : typeof error?.message === 'string' ? error.message : undefined;
    }),
};

const UsageSchema = z.object({ total_tokens: z.number().int().nonnegative() }).nullish();

const ChunkSchema = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).nullish() })).default([]),
  // the last chunk's, when `stream_options.include_usage` is honoured
  usage: UsageSchema,
});

/** The `data:` payloads of a server-sent event stream, as they arrive. */
async function* eventData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffered += decoder.decode(read.value, { stream: true });
    const lines = buffered.split(/\r?\n/);
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('data:')) yield line.slice(5).trim();
  }
  if (buffered.startsWith('data:')) yield buffered.slice(5).trim();
}

/** Streams one answer, handing each piece of text to `onText` as it is written. */
export async function streamChatCompletion(
  provider: AiProvider,
  request: ChatRequest,
  onText: (text: string) => Promise<void> | void,
): Promise<ChatAnswer> {
  const response = await platformFetch(
    providerApi,
    `${provider.baseUrl.replace(/\/$/, '')}/chat/completions`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(provider.apiKey ? { authorization: `Bearer ${provider.apiKey}` } : {}) },
      body: JSON.stringify({
        model: request.model,
        messages: request.messages,
        stream: true,
        stream_options: { include_usage: true },
        ...(request.json ? { response_format: { type: 'json_object' } } : {}),
      }),
    },
    ANSWER_DEADLINE_MS,
  );
  if (!response.body) throw new PublishError('INVALID_RESPONSE', 'The AI provider answered without a body');
  let text = '';
  let tokens = 0;
  for await (const data of eventData(response.body)) {
    if (data === '[DONE]') break;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      throw new PublishError('INVALID_RESPONSE', 'The AI provider streamed an event that is not JSON');
    }
    const chunk = ChunkSchema.safeParse(json);
    if (!chunk.success) throw new PublishError('INVALID_RESPONSE', 'The AI provider streamed an unexpected chunk');
    tokens = chunk.data.usage?.total_tokens ?? tokens;
    const piece = chunk.data.choices[0]?.delta?.content;
    if (piece) {
      text += piece;
      await onText(piece);
    }
  }
  return { text, tokens };
}
