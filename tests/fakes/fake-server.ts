// What every platform fake shares: a real local HTTP server, an ordered log of the calls
// it received (to check flow order), and scripted failures for named routes.
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delayAnswer } from './http';

/** What the next matching request answers instead of success. */
export interface ScriptedFailure<Route extends string = string> {
  /** the fake's route name; each fake says which route its failures hit by default */
  route?: Route;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** answer only after this long (a slow platform: the publisher's timeout should fire) */
  delayMs?: number;
}

export abstract class FakePlatformServer<Route extends string> {
  /** every request that reached a route, in order, e.g. "media.finalize" */
  readonly calls: Route[] = [];
  /** every request received, refused ones included, as "METHOD /path" */
  readonly requests: string[] = [];
  /** the scripted failures answered so far, and when */
  readonly failuresServed: Array<{ route: Route; status: number; at: number }> = [];
  url = '';
  private readonly failures: ScriptedFailure<Route>[] = [];
  private server?: Server;

  protected abstract readonly defaultFailureRoute: Route;
  protected abstract routes(app: express.Express): void;

  failNext(...failures: ScriptedFailure<Route>[]): void {
    this.failures.push(...failures);
  }

  /** Records the call, then answers a scripted failure for it if one is queued. Returns true when it answered. */
  protected async scripted(route: Route, res: express.Response): Promise<boolean> {
    this.calls.push(route);
    const index = this.failures.findIndex((failure) => (failure.route ?? this.defaultFailureRoute) === route);
    if (index < 0) return false;
    const [failure] = this.failures.splice(index, 1);
    this.failuresServed.push({ route, status: failure!.status, at: Date.now() });
    if (failure!.delayMs) await delayAnswer(res, failure!.delayMs);
    if (!res.destroyed)
      res
        .status(failure!.status)
        .set(failure!.headers ?? {})
        .json(failure!.body ?? { error: `scripted ${failure!.status}` });
    return true;
  }

  async start(): Promise<this> {
    const app = express();
    app.use((req, _res, next) => {
      this.requests.push(`${req.method} ${req.path}`);
      next();
    });
    this.routes(app);
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The bearer token of a request, if any. */
export function bearerToken(req: express.Request): string | undefined {
  return /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
}

/** Parses a multipart/form-data body the way a platform would, with the runtime's own parser. */
export async function formDataOf(req: express.Request): Promise<FormData | undefined> {
  if (!req.is('multipart/form-data') || !Buffer.isBuffer(req.body)) return undefined;
  try {
    return await new Response(new Uint8Array(req.body), { headers: { 'content-type': req.headers['content-type']! } }).formData();
  } catch {
    return undefined;
  }
}
