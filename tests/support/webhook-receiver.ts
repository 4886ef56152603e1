// A webhook receiver for tests: a real local HTTP server that records every request with
// its raw body, answers with scripted statuses, and verifies signatures the way the
// README tells receivers to (independently of planrrr's own signing code).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** the request path: give each webhook its own, to tell their requests apart */
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  receivedAt: number;
}

/** The README's receiver check: HMAC-SHA256 of "<t>.<raw body>", and a recent timestamp. */
export function verifyPlanrrrSignature(header: string | undefined, rawBody: string, secret: string, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=') as [string, string]));
  const timestamp = Number(parts.t);
  if (!parts.v1 || !Number.isInteger(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripted = new Map<string, number[]>();
  private server?: Server;
  url = '';

  /** The next requests to this URL's path answer these statuses, in order; then 200 again. */
  answerNext(url: string, ...statuses: number[]): void {
    const path = new URL(url).pathname;
    this.scripted.set(path, [...(this.scripted.get(path) ?? []), ...statuses]);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = undefined;
        }
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, rawBody, body, receivedAt: Date.now() });
        res.writeHead(this.scripted.get(path)?.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Requests to one webhook URL, in arrival order. */
  requestsTo(url: string): ReceivedWebhook[] {
    const path = new URL(url).pathname;
    return this.received.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
