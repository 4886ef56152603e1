// Reads a server-sent event stream with fetch, as an API client would, and collects
// its events (id, event, data) until closed.
export interface ServerSentEvent {
  id?: string;
  event?: string;
  data: string;
}

export class EventStreamReader {
  readonly events: ServerSentEvent[] = [];
  readonly comments: string[] = [];
  private reading?: Promise<void>;

  private constructor(
    readonly response: Response,
    private readonly controller: AbortController,
  ) {}

  /** GET by default; `init` sends another method and a body (a stream answered to a POST). */
  static async open(url: string, headers: Record<string, string>, init: RequestInit = {}): Promise<EventStreamReader> {
    const controller = new AbortController();
    const response = await fetch(url, { ...init, headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
    const reader = new EventStreamReader(response, controller);
    if (response.ok && response.body) reader.reading = reader.read(response.body);
    return reader;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: ServerSentEvent = { data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) this.events.push({ ...event, data: data.join('\n') });
        }
      }
    } catch (error) {
      if (!this.controller.signal.aborted) throw error;
    }
  }

  /** Resolves once the server ended the stream. */
  async ended(): Promise<void> {
    await this.reading;
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.reading?.catch(() => undefined);
  }
}
