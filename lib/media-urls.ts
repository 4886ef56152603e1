// Time-limited public URLs for media files, for platforms that fetch media themselves
// (Instagram's Graph API takes image_url / video_url). The signature is an HMAC over the
// media id and the expiry under a key derived from SESSION_SECRET, so no new secret is
// needed and nobody can forge or extend a link.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNED_MEDIA_PATH = '/media';

function signingKey(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('planrrr signed media URLs').digest();
}

function signature(sessionSecret: string, mediaId: string, expiresAtSeconds: number): string {
  return createHmac('sha256', signingKey(sessionSecret)).update(`${mediaId}.${expiresAtSeconds}`).digest('base64url');
}

export function signedMediaUrl(options: {
  publicUrl: string;
  sessionSecret: string;
  mediaId: string;
  expiresInSeconds: number;
  now?: number;
}): string {
  const expires = Math.floor((options.now ?? Date.now()) / 1000) + options.expiresInSeconds;
  const url = new URL(`${SIGNED_MEDIA_PATH}/${encodeURIComponent(options.mediaId)}`, options.publicUrl);
  url.searchParams.set('expires', String(expires));
  url.searchParams.set('signature', signature(options.sessionSecret, options.mediaId, expires));
  return url.toString();
}

/** Whether `signatureValue` was made by signedMediaUrl for this id and has not expired. */
export function verifyMediaSignature(options: {
  sessionSecret: string;
  mediaId: string;
  expires: number;
  signature: string;
  now?: number;
}): boolean {
  if (options.expires * 1000 < (options.now ?? Date.now())) return false;
  const expected = Buffer.from(signature(options.sessionSecret, options.mediaId, options.expires));
  const given = Buffer.from(options.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
