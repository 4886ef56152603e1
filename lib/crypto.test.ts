import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret } from './crypto';

const key = randomBytes(32).toString('base64');

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
  parts[3] = Buffer.from('tampered').toString('base64url');
  expect(() => decryptSecret(parts.join('.'), key)).toThrow();
  expect(() => decryptSecret(encrypted, randomBytes(32).toString('base64'))).toThrow();
});
