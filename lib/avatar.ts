// Account avatars: each platform's profile lookup names a picture URL, which the server
// downloads once at connect (and again at reconnect) and keeps as bytes. Platform CDN URLs
// expire (Facebook's are signed), and loading them in editors' browsers would leak their
// addresses and widen the CSP's img-src; the app serves the stored copy same-origin.
// Best effort: an account without a usable picture is shown with its initials.
import http from 'node:http';
import https from 'node:https';
import FileType from 'file-type';
import type { Logger } from './logger';
import { publicOnlyLookup, resolvePublicAddresses } from './network-address';

export const AVATAR_MAX_BYTES = 512 * 1024;
export const AVATAR_TIMEOUT_MS = 5_000;
const MAX_REDIRECTS = 3;
/** Raster formats only, recognised by their bytes: never SVG, which can carry script. */
export const AVATAR_MIME_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

export interface AvatarImage {
  bytes: Buffer;
  mimeType: string;
}

export interface AvatarDownloadOptions {
  /** loopback and private hosts (development and tests, where the platform fakes run) */
  allowPrivateUrls: boolean;
  timeoutMs?: number;
  maxBytes?: number;
}

/** Why a picture was not kept; the message names the host, never the URL's query (signed URLs carry tokens). */
export class AvatarDownloadError extends Error {
  override name = 'AvatarDownloadError';
}

interface Fetched {
  status: number;
  location?: string;
  body: Buffer;
}

/** One GET, its body cut off past `maxBytes`; redirects are returned, not followed. */
async function get(url: URL, signal: AbortSignal, options: Required<AvatarDownloadOptions>): Promise<Fetched> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AvatarDownloadError(`${url.protocol} is not a web address`);
  // NOTE: Node skips `lookup` for IP literals, so those are checked here; hostnames are
  // checked again at connect time by publicOnlyLookup.
  if (!options.allowPrivateUrls) await resolvePublicAddresses(url.hostname);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // a stalled body may never end or fail on its own: the deadline settles it
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    const request = client.get(
      url,
      { signal, headers: { accept: 'image/*' }, ...(options.allowPrivateUrls ? {} : { lookup: publicOnlyLookup }) },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.resume();
          resolve({ status, ...(response.headers.location ? { location: response.headers.location } : {}), body: Buffer.alloc(0) });
          return;
        }
        const declared = Number(response.headers['content-length']);
        if (declared > options.maxBytes) {
          response.destroy();
          reject(new AvatarDownloadError(`${url.host} sent a ${declared}-byte picture; at most ${options.maxBytes} are kept`));
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > options.maxBytes) {
            response.destroy();
            reject(new AvatarDownloadError(`${url.host} sent a picture larger than ${options.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}

/** Downloads a profile picture; throws AvatarDownloadError (or a network error) when it is not one to keep. */
export async function downloadAvatar(avatarUrl: string, options: AvatarDownloadOptions): Promise<AvatarImage> {
  const settings = { timeoutMs: AVATAR_TIMEOUT_MS, maxBytes: AVATAR_MAX_BYTES, ...options };
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let url = new URL(avatarUrl);
  for (let redirects = 0; ; redirects += 1) {
    const answer = await get(url, signal, settings).catch((error: unknown) => {
      if (signal.aborted) throw new AvatarDownloadError(`${url.host} did not send the picture within ${settings.timeoutMs} ms`);
      throw error;
    });
    if (answer.location !== undefined) {
      if (redirects >= MAX_REDIRECTS) throw new AvatarDownloadError(`${url.host} redirected more than ${MAX_REDIRECTS} times`);
      url = new URL(answer.location, url);
      continue;
    }
    if (answer.status < 200 || answer.status >= 300) throw new AvatarDownloadError(`${url.host} answered ${answer.status}`);
    const type = await FileType.fromBuffer(answer.body);
    if (!type || !(AVATAR_MIME_TYPES as readonly string[]).includes(type.mime)) {
      throw new AvatarDownloadError(
        `${url.host} sent ${type ? type.mime : 'something that is not an image'}, not a JPEG, PNG, GIF or WebP picture`,
      );
    }
    return { bytes: answer.body, mimeType: type.mime };
  }
}

/** The Connection columns that record an avatar (prisma/schema.prisma). */
export interface AvatarFields {
  avatarImage?: Uint8Array<ArrayBuffer> | null;
  avatarMimeType?: string | null;
  avatarUpdatedAt?: Date | null;
}

/**
 * What to store for the picture a platform named: its bytes; nothing at all when the
 * platform names none (an avatar removed since is removed here too); and no change when
 * the download fails, so a reconnect during a CDN hiccup keeps the picture it had.
 */
export async function captureAvatar(
  avatarUrl: string | undefined,
  context: { logger: Logger; allowPrivateUrls: boolean; platform: string },
): Promise<AvatarFields> {
  if (!avatarUrl) return { avatarImage: null, avatarMimeType: null, avatarUpdatedAt: null };
  try {
    const avatar = await downloadAvatar(avatarUrl, { allowPrivateUrls: context.allowPrivateUrls });
    return { avatarImage: new Uint8Array(avatar.bytes), avatarMimeType: avatar.mimeType, avatarUpdatedAt: new Date() };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    context.logger.warn({ platform: context.platform, reason }, 'Could not keep the account avatar; the app shows initials');
    return {};
  }
}
