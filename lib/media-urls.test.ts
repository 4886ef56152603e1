import { signedMediaUrl, verifyMediaSignature } from './media-urls';

const secret = 'a-session-secret-of-at-least-32-characters';
const now = Date.parse('2026-12-01T09:00:00Z');

function parts(url: string) {
  const parsed = new URL(url);
  return { path: parsed.pathname, expires: Number(parsed.searchParams.get('expires')), signature: parsed.searchParams.get('signature')! };
}

test('a signed URL names the media, expires when asked, and verifies only for that id until then', () => {
  const url = signedMediaUrl({
    publicUrl: 'https://planrrr.example/',
    sessionSecret: secret,
    mediaId: 'media-1',
    expiresInSeconds: 600,
    now,
  });
  const { path, expires, signature } = parts(url);
  expect(url.startsWith('https://planrrr.example/media/media-1?')).toBe(true);
  expect(path).toBe('/media/media-1');
  expect(expires).toBe(now / 1000 + 600);
  expect(verifyMediaSignature({ sessionSecret: secret, mediaId: 'media-1', expires, signature, now })).toBe(true);
  expect(verifyMediaSignature({ sessionSecret: secret, mediaId: 'media-2', expires, signature, now })).toBe(false);
  expect(verifyMediaSignature({ sessionSecret: secret, mediaId: 'media-1', expires: expires + 1, signature, now })).toBe(false);
  expect(verifyMediaSignature({ sessionSecret: `${secret}x`, mediaId: 'media-1', expires, signature, now })).toBe(false);
  expect(verifyMediaSignature({ sessionSecret: secret, mediaId: 'media-1', expires, signature, now: now + 601_000 })).toBe(false);
});
