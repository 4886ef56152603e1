// Asks for an AI suggestion from the browser (POST /api/v1/ai/suggestions, with the
// session's CSRF token) and reads the server-sent events it answers as they arrive.
import type { Suggestion } from '../../../api/ai/service';
import type { SuggestionRequest } from '../../../api/ai/schemas';
import { fetchCsrfToken } from './upload-media';

export interface StreamedText {
  connectionId?: string;
  attempt: number;
  text: string;
}

/** Streams one suggestion: `onText` gets each piece as it is written; resolves with the checked suggestion. */
export async function streamSuggestion(request: SuggestionRequest, onText: (piece: StreamedText) => void): Promise<Suggestion> {
  const response = await fetch('/api/v1/ai/suggestions', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-csrf-token': await fetchCsrfToken() },
    body: JSON.stringify(request),
  });
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
    throw new Error(problem.detail ?? problem.title ?? `The suggestion failed (HTTP ${response.status})`);
  }
  // a reader rather than `for await`: Safari cannot iterate a ReadableStream
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffered += read.value;
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (!data) continue;
      if (event === 'text') onText(JSON.parse(data) as StreamedText);
      if (event === 'suggestion') return JSON.parse(data) as Suggestion;
      if (event === 'error') throw new Error((JSON.parse(data) as { detail?: string }).detail ?? 'The AI provider did not answer');
    }
  }
  throw new Error('The suggestion stopped before it was finished; try again.');
}
