// A contract fake of the Mastodon API parts planrrr calls, as a real local HTTP server:
// POST /api/v1/statuses (with Idempotency-Key semantics) and
// GET /api/v1/accounts/verify_credentials. https://docs.joinmastodon.org/methods/statuses/
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface FakeStatus {
  id: string;
  content: string;
  idempotencyKey: string | undefined;
  accessToken: string;
  receivedAt: number;
}

/** What the next POST /statuses answers instead of success. */
export type ScriptedFailure = { status: number; body?: unknown; headers?: Record<string, string> };

export class FakeMastodon {
  readonly statuses: FakeStatus[] = [];
  /** every POST /statuses request, including replays and failures */
  postRequests = 0;
  readonly validTokens = new Set<string>(['token-alice']);
  private readonly failures: ScriptedFailure[] = [];
  /** statuses by account and Idempotency-Key, so a burst of thousands stays O(1) per request */
  private readonly byIdempotencyKey = new Map<string, FakeStatus>();
  private server?: Server;
  url = '';

  failNext(...failures: ScriptedFailure[]): void {
    this.failures.push(...failures);
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.json());

    const authenticate = (req: express.Request, res: express.Response): string | undefined => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !this.validTokens.has(token)) {
        res.status(401).json({ error: 'The access token is invalid' });
        return undefined;
      }
      return token;
    };

    app.get('/api/v1/accounts/verify_credentials', (req, res) => {
      const token = authenticate(req, res);
      if (!token) return;
      res.json({ id: '1', username: 'alice', acct: 'alice', display_name: 'Alice', url: `${this.url}/@alice` });
    });

    app.post('/api/v1/statuses', (req, res) => {
      this.postRequests += 1;
      const token = authenticate(req, res);
      if (!token) return;
      const failure = this.failures.shift();
      if (failure) {
        res.status(failure.status).set(failure.headers ?? {}).json(failure.body ?? { error: `scripted ${failure.status}` });
        return;
      }
      const content: unknown = req.body?.status;
      if (typeof content !== 'string' || content.length === 0) {
        res.status(422).json({ error: "Validation failed: Text can't be blank" });
        return;
      }
      if (content.length > 500) {
        res.status(422).json({ error: 'Validation failed: Text character limit of 500 exceeded' });
        return;
      }
      const idempotencyKey = req.header('idempotency-key');
      // Mastodon answers a repeated key (per account) with the status it already created.
      const existing = idempotencyKey ? this.byIdempotencyKey.get(`${token} ${idempotencyKey}`) : undefined;
      const status = existing || {
        id: String(109_000_000_000 + this.statuses.length + 1),
        content,
        idempotencyKey,
        accessToken: token,
        receivedAt: Date.now(),
      };
      if (!existing) {
        this.statuses.push(status);
        if (idempotencyKey) this.byIdempotencyKey.set(`${token} ${idempotencyKey}`, status);
      }
      res.json({
        id: status.id,
        uri: `${this.url}/users/alice/statuses/${status.id}`,
        url: `${this.url}/@alice/${status.id}`,
        content: `<p>${status.content}</p>`,
        created_at: new Date(status.receivedAt).toISOString(),
      });
    });

    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
