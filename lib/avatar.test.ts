import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { solidPng } from '../tests/fakes/http';
import { AvatarDownloadError, captureAvatar, downloadAvatar } from './avatar';

const png = solidPng([200, 30, 90]);
let server: http.Server;
let base: string;
/** the timers of stalled answers, cleared when the server stops */
const stalled: NodeJS.Timeout[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    switch (req.url) {
      case '/avatar.png':
        return void res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      case '/moved':
        return void res.writeHead(302, { location: '/avatar.png' }).end();
      case '/loop':
        return void res.writeHead(302, { location: '/loop' }).end();
      case '/large-declared':
        return void res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(600 * 1024) }).end();
      case '/large-streamed':
        // no content-length: the cap has to count the bytes as they come
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(png);
        return void res.end(Buffer.alloc(600 * 1024));
      case '/page.html':
        // the header claims an image; the bytes decide
        return void res.writeHead(200, { 'content-type': 'image/png' }).end('<html><script>alert(1)</script></html>');
      case '/vector.svg':
        return void res
          .writeHead(200, { 'content-type': 'image/svg+xml' })
          .end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      case '/slow':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(png.subarray(0, 8));
        stalled.push(setTimeout(() => res.end(png.subarray(8)), 5_000));
        return;
      default:
        return void res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  stalled.forEach(clearTimeout);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const local = { allowPrivateUrls: true };

test('a PNG comes back with its bytes and the type its bytes show', async () => {
  const avatar = await downloadAvatar(`${base}/avatar.png`, local);
  expect(avatar.mimeType).toBe('image/png');
  expect(avatar.bytes.equals(png)).toBe(true);
});

test('redirects are followed, a few times at most', async () => {
  expect((await downloadAvatar(`${base}/moved`, local)).bytes.equals(png)).toBe(true);
  await expect(downloadAvatar(`${base}/loop`, local)).rejects.toThrow(/redirected more than 3 times/);
});

test('a picture over the size cap is refused, whether its length is declared or not', async () => {
  await expect(downloadAvatar(`${base}/large-declared`, local)).rejects.toThrow(/614400-byte picture; at most 524288/);
  await expect(downloadAvatar(`${base}/large-streamed`, local)).rejects.toThrow(/larger than 524288 bytes/);
  await expect(downloadAvatar(`${base}/avatar.png`, { ...local, maxBytes: png.length - 1 })).rejects.toThrow(AvatarDownloadError);
});

test('only raster images count, by their bytes: not HTML sent as image/png, not SVG', async () => {
  await expect(downloadAvatar(`${base}/page.html`, local)).rejects.toThrow(/not an image/);
  await expect(downloadAvatar(`${base}/vector.svg`, local)).rejects.toThrow(/not an image|not a JPEG, PNG, GIF or WebP/);
});

test('a picture that does not arrive in time is given up', async () => {
  const started = Date.now();
  await expect(downloadAvatar(`${base}/slow`, { ...local, timeoutMs: 300 })).rejects.toThrow(/within 300 ms/);
  expect(Date.now() - started).toBeLessThan(3_000);
});

test('a missing picture is an error naming the answer', async () => {
  await expect(downloadAvatar(`${base}/gone.png`, local)).rejects.toThrow(/answered 404/);
});

test('loopback and private hosts are refused unless allowed (a platform cannot point the server at its own network)', async () => {
  await expect(downloadAvatar(`${base}/avatar.png`, { allowPrivateUrls: false })).rejects.toThrow(/non-public address/);
  await expect(downloadAvatar('file:///etc/passwd', local)).rejects.toThrow(/not a web address/);
});

describe('captureAvatar', () => {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  const context = { logger, allowPrivateUrls: true, platform: 'MASTODON' };

  test('stores the bytes, their type and when', async () => {
    const fields = await captureAvatar(`${base}/avatar.png`, context);
    expect(Buffer.from(fields.avatarImage!).equals(png)).toBe(true);
    expect(fields.avatarMimeType).toBe('image/png');
    expect(fields.avatarUpdatedAt).toBeInstanceOf(Date);
  });

  test('no picture named: the stored one is cleared', async () => {
    expect(await captureAvatar(undefined, context)).toEqual({ avatarImage: null, avatarMimeType: null, avatarUpdatedAt: null });
  });

  test('a failed download changes nothing and logs a warning without the signed URL', async () => {
    lines.length = 0;
    expect(await captureAvatar(`${base}/gone.png?oh=secret-signature`, context)).toEqual({});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('answered 404');
    expect(lines[0]).not.toContain('secret-signature');
  });
});
