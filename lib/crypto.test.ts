import { createCipheriv, randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret, isEncryptedWithCurrentKey, keyId, type KeyRing } from './crypto';

const key = randomBytes(32).toString('base64');
const newKey = () => randomBytes(32).toString('base64');

/** A ciphertext exactly as lib/crypto.ts wrote them before key ids existed (format v1). */
function encryptV1(plaintext: string, keyBase64: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyBase64, 'base64'), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

test('credentials round-trip through AES-256-GCM with a fresh IV each time', () => {
  const secret = JSON.stringify({ accessToken: 'abc' });
  const first = encryptSecret(secret, key);
  const second = encryptSecret(secret, key);
  expect(first).not.toBe(second);
  expect(first).not.toContain('abc');
  expect(decryptSecret(first, key)).toBe(secret);
});

test('tampering or a wrong key is detected', () => {
  const encrypted = encryptSecret('secret', key);
  const parts = encrypted.split('.');
  parts[4] = Buffer.from('tampered').toString('base64url');
  expect(() => decryptSecret(parts.join('.'), key)).toThrow();
  expect(() => decryptSecret(encrypted, newKey())).toThrow(/neither the current nor a previous key/);
});

test('a ciphertext names the key that wrote it, and only by a fingerprint', () => {
  const encrypted = encryptSecret('secret', key);
  const [version, id] = encrypted.split('.');
  expect(version).toBe('v2');
  expect(id).toBe(keyId(key));
  expect(encrypted).not.toContain(key);
  expect(keyId(key)).not.toBe(keyId(newKey()));
});

test('after rotation, ciphertexts under a previous key still decrypt, and new ones use the current key', () => {
  const old = key;
  const ring: KeyRing = { current: newKey(), previous: [newKey(), old] };
  const underOld = encryptSecret('{"accessToken":"old"}', old);
  expect(decryptSecret(underOld, ring)).toBe('{"accessToken":"old"}');
  expect(isEncryptedWithCurrentKey(underOld, ring)).toBe(false);

  const underCurrent = encryptSecret('{"accessToken":"new"}', ring.current);
  expect(isEncryptedWithCurrentKey(underCurrent, ring)).toBe(true);
  expect(decryptSecret(underCurrent, ring)).toBe('{"accessToken":"new"}');
  // a ring that dropped the old key can no longer read what it wrote
  expect(() => decryptSecret(underOld, { current: ring.current, previous: [] })).toThrow();
});

test('ciphertexts in the format written before key ids (v1) still decrypt, under the current or a previous key', () => {
  const legacy = encryptV1('{"accessToken":"legacy"}', key);
  expect(decryptSecret(legacy, key)).toBe('{"accessToken":"legacy"}');
  const ring: KeyRing = { current: newKey(), previous: [key] };
  expect(decryptSecret(legacy, ring)).toBe('{"accessToken":"legacy"}');
  expect(isEncryptedWithCurrentKey(legacy, ring)).toBe(false);
  expect(() => decryptSecret(legacy, newKey())).toThrow(/current or any previous key/);
  expect(() => decryptSecret('v9.a.b.c', key)).toThrow(/unknown format/);
});
