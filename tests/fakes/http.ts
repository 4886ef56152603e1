// Shared plumbing for the platform fakes: reading request bodies (JSON, url-encoded or
// multipart, parsed by the same WHATWG FormData parser fetch uses), scripted failures, and
// starting an Express app on a free local port.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';

/** What the next matching request answers instead of success; `delayMs` alone makes it slow. */
export interface ScriptedFailure {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** answer this much later (a slow platform); with no status, then carry on normally */
  delayMs?: number;
}

export async function readRawBody(req: express.Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A url-encoded or multipart body as FormData (files as File objects with their bytes). */
export async function readForm(req: express.Request): Promise<FormData> {
  const raw = await readRawBody(req);
  return new Response(new Uint8Array(raw), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
}

export async function fileBytes(value: FormDataEntryValue | null): Promise<Buffer | undefined> {
  return value instanceof Blob ? Buffer.from(await value.arrayBuffer()) : undefined;
}

/** Plays a scripted failure if one is queued: true when it answered the request. */
export async function playFailure(queue: ScriptedFailure[], res: express.Response, defaultBody: (status: number) => unknown): Promise<boolean> {
  const failure = queue.shift();
  if (!failure) return false;
  if (failure.delayMs) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
  if (failure.status === undefined) return false;
  res.status(failure.status).set(failure.headers ?? {}).json(failure.body ?? defaultBody(failure.status));
  return true;
}

export async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function close(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
