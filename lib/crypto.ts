import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
/** `v1.<iv>.<tag>.<ciphertext>`: written before key rotation; names no key, so every key is tried */
const LEGACY_FORMAT = 'v1';
/** `v2.<key id>.<iv>.<tag>.<ciphertext>`: names the key that encrypted it */
const FORMAT_VERSION = 'v2';

/**
 * A short, public fingerprint of a key (not the key): lets a ciphertext say which key
 * encrypted it, so rotation knows what is left to re-encrypt.
 */
export function keyId(keyBase64: string): string {
  return createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('base64url').slice(0, 8);
}

/**
 * The keys that protect platform credentials at rest: the current key encrypts, the current
 * and the previous ones decrypt (ENCRYPTION_KEY, ENCRYPTION_KEYS_PREVIOUS).
 */
export interface KeyRing {
  current: string;
  previous: readonly string[];
}

function encryptWith(plaintext: string, keyBase64: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, Buffer.from(keyBase64, 'base64'), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT_VERSION, keyId(keyBase64), ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
}

function decryptWith(keyBase64: string, iv: string, tag: string, ciphertext: string): string {
  const decipher = createDecipheriv(ALGORITHM, Buffer.from(keyBase64, 'base64'), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/** Encrypts platform credentials at rest with AES-256-GCM under `keyBase64` (the current key). */
export function encryptSecret(plaintext: string, keyBase64: string): string {
  return encryptWith(plaintext, keyBase64);
}

/** Decrypts with whichever of the keys (a key, or a key ring) encrypted it; throws if none did. */
export function decryptSecret(encrypted: string, keys: string | KeyRing): string {
  const candidates = typeof keys === 'string' ? [keys] : [keys.current, ...keys.previous];
  const parts = encrypted.split('.');
  if (parts[0] === FORMAT_VERSION && parts.length === 5) {
    const [, id, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    const key = candidates.find((candidate) => keyId(candidate) === id);
    if (!key) throw new Error(`Encrypted secret was written with key ${id}, which is neither the current nor a previous key`);
    return decryptWith(key, iv, tag, ciphertext);
  }
  if (parts[0] === LEGACY_FORMAT && parts.length === 4) {
    const [, iv, tag, ciphertext] = parts as [string, string, string, string];
    for (const key of candidates) {
      try {
        return decryptWith(key, iv, tag, ciphertext);
      } catch {
        // GCM's tag check fails under the wrong key: try the next one
      }
    }
    throw new Error('Encrypted secret does not decrypt with the current or any previous key');
  }
  throw new Error('Encrypted secret has an unknown format');
}

/** Whether a ciphertext is already under the current key in the current format (rotation skips it). */
export function isEncryptedWithCurrentKey(encrypted: string, keys: KeyRing): boolean {
  const parts = encrypted.split('.');
  return parts[0] === FORMAT_VERSION && parts[1] === keyId(keys.current);
}

/** API token secrets are random and high-entropy, so a fast hash is enough to store them. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
