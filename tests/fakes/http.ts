// Shared plumbing for the platform fakes: reading request bodies (JSON, url-encoded or
// multipart, parsed by the same WHATWG FormData parser fetch uses), scripted failures, and
// starting an Express app on a free local port.
import type { Server } from 'node:http';
import zlib from 'node:zlib';
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
export async function playFailure(
  queue: ScriptedFailure[],
  res: express.Response,
  defaultBody: (status: number) => unknown,
): Promise<boolean> {
  const failure = queue.shift();
  if (!failure) return false;
  if (failure.delayMs) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
  if (failure.status === undefined) return false;
  res
    .status(failure.status)
    .set(failure.headers ?? {})
    .json(failure.body ?? defaultBody(failure.status));
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

/**
 * A real PNG, `size` pixels square in one colour: what the fakes serve as profile pictures.
 * Built here (IHDR, one zlib-compressed IDAT, IEND, each with its CRC) so that browsers and
 * file-type read it as the PNG it is. https://www.w3.org/TR/png/#5DataRep
 */
export function solidPng(rgb: readonly [number, number, number], size = 8): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  // every scanline: filter type 0, then the pixels
  const scanline = Buffer.concat([Buffer.from([0]), ...Array.from({ length: size }, () => Buffer.from(rgb))]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: size }, () => scanline)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Serves `png` at `path` as a CDN would: no auth, an image content type. */
export function servePng(app: express.Express, path: string, png: Buffer): void {
  app.get(path, (_req, res) => {
    res.type('image/png').send(png);
  });
}

/**
 * A published post's counts as the fakes serve them: they grow with the seconds since the
 * post was published, the same for the same elapsed time, so a series of samples grows.
 */
export function engagementSince(publishedAtMs: number, now = Date.now()) {
  const seconds = Math.max(0, Math.floor((now - publishedAtMs) / 1000));
  return {
    impressions: seconds * 20,
    likes: seconds * 3,
    reposts: seconds,
    replies: Math.floor(seconds / 2),
    quotes: Math.floor(seconds / 4),
    bookmarks: Math.floor(seconds / 5),
  };
}

/**
 * An account's follower count as the fakes serve it: it grows with the seconds since the
 * fake started (a few more each second), so a series of daily counts grows.
 */
export function followersSince(startedAtMs: number, now = Date.now()): number {
  return 100 + Math.max(0, Math.floor((now - startedAtMs) / 1000)) * 2;
}

/** A platform's read budget per token: `limit` reads per window, then 429 until the window ends. */
export class ReadBudget {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    public limit: number,
    readonly windowMs: number,
  ) {}

  /** Spends one read; answers undefined within the budget, else when the window ends (epoch ms). */
  spend(token: string, now = Date.now()): number | undefined {
    let window = this.windows.get(token);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(token, window);
    }
    if (window.used >= this.limit) return window.start + this.windowMs;
    window.used += 1;
    return undefined;
  }
}
