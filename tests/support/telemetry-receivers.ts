// Where a test's processes send their traces and error reports: an OTLP/HTTP receiver (the
// JSON encoding planrrr's exporter sends) and a Sentry ingestion endpoint (envelopes), each a
// real local HTTP server that keeps what it received.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A local HTTP server that answers 200 to every POST and hands each body to `receive`. */
abstract class RecordingServer {
  url = '';
  private server?: Server;

  protected abstract receive(path: string, body: Buffer): void;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        this.receive(req.url ?? '/', body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

export interface ReceivedSpan {
  /** the resource's service.name: planrrr-api or planrrr-worker */
  service: string;
  traceId: string;
  spanId: string;
  /** empty for a trace's root */
  parentSpanId: string;
  name: string;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}

interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}

interface OtlpTraces {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{
      spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: OtlpAttribute[] }>;
    }>;
  }>;
}

function plain(value: OtlpValue): unknown {
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  return value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue;
}

const attributesOf = (attributes: OtlpAttribute[] = []) => Object.fromEntries(attributes.map(({ key, value }) => [key, plain(value)]));

/** Receives OTLP/HTTP JSON exports at /v1/traces. */
export class OtlpReceiver extends RecordingServer {
  readonly spans: ReceivedSpan[] = [];
  /** every export as received, to look for what must not be in a trace */
  readonly rawExports: string[] = [];

  protected receive(path: string, body: Buffer): void {
    if (path !== '/v1/traces') return;
    this.rawExports.push(body.toString('utf8'));
    const traces = JSON.parse(body.toString('utf8')) as OtlpTraces;
    for (const { resource, scopeSpans } of traces.resourceSpans ?? []) {
      const service = String(attributesOf(resource?.attributes)['service.name']);
      for (const { spans } of scopeSpans ?? [])
        for (const span of spans ?? [])
          this.spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            attributes: attributesOf(span.attributes),
          });
    }
  }
}

export interface SentryEvent {
  tags?: Record<string, string>;
  exception?: { values?: Array<{ type?: string; value?: string }> };
  environment?: string;
  request?: unknown;
  user?: unknown;
  /** the rest of the event, as sent */
  [field: string]: unknown;
}

/** Receives Sentry envelopes (POST /api/<project>/envelope/) and keeps their events. */
export class SentryReceiver extends RecordingServer {
  readonly events: SentryEvent[] = [];

  /** The DSN that sends here, for SENTRY_DSN. */
  get dsn(): string {
    const { host } = new URL(this.url);
    return `http://publickey@${host}/1`;
  }

  protected receive(path: string, body: Buffer): void {
    if (!/^\/api\/1\/envelope\/?/.test(path)) return;
    // an envelope: a header line, then an item header line and its payload line per item
    const [, ...items] = body.toString('utf8').split('\n');
    for (let index = 0; index + 1 < items.length; index += 2) {
      const header = JSON.parse(items[index]!) as { type?: string };
      if (header.type === 'event') this.events.push(JSON.parse(items[index + 1]!) as SentryEvent);
    }
  }
}
