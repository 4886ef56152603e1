// `npm run keys:rotate` against a real PostgreSQL: connections written under an old key
// (and in the format from before key ids) are re-encrypted under the new one, and read
// the same afterwards, and so are chat webhook URLs. A database of its own: the command rotates every connection it finds.
import { createCipheriv, randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret, isEncryptedWithCurrentKey, keyId } from '../../lib/crypto';
import { createDb, type Db } from '../../lib/db';
import { runCommand } from '../../runtime/run-command';
import { createTestDatabase } from '../support/harness';

jest.setTimeout(180_000);

const newKey = () => randomBytes(32).toString('base64');
const oldKey = newKey();
const olderKey = newKey();
const currentKey = newKey();
let databaseUrl: string;
let db: Db;

/** A ciphertext as lib/crypto.ts wrote them before key ids existed (format v1). */
function encryptV1(plaintext: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase('rotation');
  db = createDb(databaseUrl);
});

afterAll(async () => {
  await db?.$disconnect();
});

function rotate(keys: { current: string; previous: string[] }) {
  return runCommand('npm', ['run', '--silent', 'keys:rotate'], {
    env: { DATABASE_URL: databaseUrl, ENCRYPTION_KEY: keys.current, ENCRYPTION_KEYS_PREVIOUS: keys.previous.join(',') },
  });
}

test('keys:rotate re-encrypts every connection under the current key, and reports what it did', async () => {
  const team = await db.team.create({ data: { name: 'Rotation' } });
  const secret = (n: number) => JSON.stringify({ accessToken: `token-${n}` });
  const seeded = [
    encryptSecret(secret(0), oldKey),
    encryptSecret(secret(1), olderKey),
    encryptV1(secret(2), oldKey), // written before key ids
    encryptSecret(secret(3), currentKey),
  ];
  const ids: string[] = [];
  for (const [index, encryptedCredentials] of seeded.entries()) {
    const created = await db.connection.create({
      data: { teamId: team.id, platform: 'DEMO', handle: `demo-${index}`, displayName: 'Demo', encryptedCredentials },
    });
    ids.push(created.id);
  }
  const untouched = (await db.connection.findUniqueOrThrow({ where: { id: ids[3]! } })).encryptedCredentials;

  const output = await rotate({ current: currentKey, previous: [oldKey, olderKey] });
  expect(output).toContain(`Re-encrypting 4 connection(s) under key ${keyId(currentKey)}`);
  expect(output).toContain('4/4 checked');
  expect(output).toContain('Connections: 4 checked, 3 re-encrypted, 1 already current, 0 unreadable');

  const rows = await db.connection.findMany({ where: { id: { in: ids } }, orderBy: { handle: 'asc' } });
  for (const [index, row] of rows.entries()) {
    expect(isEncryptedWithCurrentKey(row.encryptedCredentials, { current: currentKey, previous: [] })).toBe(true);
    // readable with the current key alone: the old keys can go
    expect(decryptSecret(row.encryptedCredentials, currentKey)).toBe(secret(index));
  }
  expect(rows[3]!.encryptedCredentials).toBe(untouched);

  // running it again finds nothing to do
  expect(await rotate({ current: currentKey, previous: [] })).toContain(
    'Connections: 4 checked, 0 re-encrypted, 4 already current, 0 unreadable',
  );
});

test('a connection no configured key opens is reported by id, left as it is, and fails the command', async () => {
  const team = await db.team.create({ data: { name: 'Lost key' } });
  const lost = await db.connection.create({
    data: { teamId: team.id, platform: 'DEMO', handle: 'lost', displayName: 'Lost', encryptedCredentials: encryptSecret('{}', newKey()) },
  });
  const failure = await rotate({ current: currentKey, previous: [] }).catch((error: Error) => error);
  expect(failure).toBeInstanceOf(Error);
  expect((failure as Error).message).toContain('1 unreadable');
  expect((failure as Error).message).toContain(lost.id);
  expect((await db.connection.findUniqueOrThrow({ where: { id: lost.id } })).encryptedCredentials).toBe(lost.encryptedCredentials);
});

test("a team's chat webhook URLs are re-encrypted with the connections", async () => {
  const team = await db.team.create({ data: { name: 'Chat' } });
  const url = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx';
  const hook = await db.chatWebhook.create({
    data: {
      teamId: team.id,
      platform: 'SLACK',
      name: '#social',
      kinds: ['post_failed'],
      urlHint: 'x',
      encryptedUrl: encryptSecret(url, oldKey),
    },
  });
  // the connection left unreadable by the test before still fails the command
  const failure = await rotate({ current: currentKey, previous: [oldKey] }).catch((error: Error) => error);
  expect((failure as Error).message).toContain('Chat webhook URLs: 1 re-encrypted, 0 unreadable');
  const row = await db.chatWebhook.findUniqueOrThrow({ where: { id: hook.id } });
  expect(decryptSecret(row.encryptedUrl, currentKey)).toBe(url);
});
