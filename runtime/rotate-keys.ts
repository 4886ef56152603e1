// `npm run keys:rotate`: re-encrypts every connection's credentials, webhook signing secrets, chat webhook URLs, two-factor secrets (and the PKCE verifiers
// of OAuth flows in progress) under the current ENCRYPTION_KEY, reading them with it or
// any key in ENCRYPTION_KEYS_PREVIOUS. Run it after putting a new key in place; once it
// reports nothing left under an old key, the old keys can be removed (README "Rotating the
// encryption key"). Safe to run again, and beside running servers and workers.
import { ConfigError, keyRing, parseKeyRotationConfig } from '../lib/config';
import { decryptSecret, encryptSecret, isEncryptedWithCurrentKey, keyId, type KeyRing } from '../lib/crypto';
import { createDb, type Db } from '../lib/db';

const BATCH_SIZE = 200;

export interface RotationReport {
  checked: number;
  reencrypted: number;
  alreadyCurrent: number;
  /** ids whose ciphertext no configured key opens: they stay as they are */
  unreadable: string[];
}

type Row = { id: string; ciphertext: string };

/**
 * Re-encrypts each row not yet under the current key. The write only lands if the row still
 * holds what was read, so a token refresh that wrote in between (already under the current
 * key) is never overwritten with older credentials.
 */
async function rotateRows(
  keys: KeyRing,
  read: (afterId: string | undefined) => Promise<Row[]>,
  write: (row: Row, ciphertext: string) => Promise<boolean>,
  progress: (report: RotationReport) => void,
): Promise<RotationReport> {
  const report: RotationReport = { checked: 0, reencrypted: 0, alreadyCurrent: 0, unreadable: [] };
  let afterId: string | undefined;
  for (;;) {
    const rows = await read(afterId);
    if (rows.length === 0) return report;
    for (const row of rows) {
      report.checked += 1;
      if (isEncryptedWithCurrentKey(row.ciphertext, keys)) {
        report.alreadyCurrent += 1;
        continue;
      }
      let plaintext: string;
      try {
        plaintext = decryptSecret(row.ciphertext, keys);
      } catch {
        report.unreadable.push(row.id);
        continue;
      }
      if (await write(row, encryptSecret(plaintext, keys.current))) report.reencrypted += 1;
      else report.alreadyCurrent += 1; // rewritten meanwhile, under the current key
    }
    afterId = rows.at(-1)!.id;
    progress(report);
  }
}

export async function rotateEncryptionKeys(db: Db, keys: KeyRing, log: (line: string) => void = console.log) {
  const page = { take: BATCH_SIZE, orderBy: { id: 'asc' as const } };
  const after = (afterId: string | undefined) => (afterId ? { id: { gt: afterId } } : {});

  const total = await db.connection.count();
  log(`Re-encrypting ${total} connection(s) under key ${keyId(keys.current)} ...`);
  const connections = await rotateRows(
    keys,
    async (afterId) =>
      (await db.connection.findMany({ ...page, where: after(afterId), select: { id: true, encryptedCredentials: true } })).map((row) => ({
        id: row.id,
        ciphertext: row.encryptedCredentials,
      })),
    async (row, ciphertext) =>
      (
        await db.connection.updateMany({
          where: { id: row.id, encryptedCredentials: row.ciphertext },
          data: { encryptedCredentials: ciphertext },
        })
      ).count === 1,
    (report) =>
      log(
        `  ${report.checked}/${total} checked: ${report.reencrypted} re-encrypted, ${report.alreadyCurrent} already current, ${report.unreadable.length} unreadable`,
      ),
  );

  const flows = await rotateRows(
    keys,
    async (afterId) =>
      (await db.oAuthAuthorization.findMany({ ...page, where: after(afterId), select: { id: true, encryptedCodeVerifier: true } })).map(
        (row) => ({
          id: row.id,
          ciphertext: row.encryptedCodeVerifier,
        }),
      ),
    async (row, ciphertext) =>
      (
        await db.oAuthAuthorization.updateMany({
          where: { id: row.id, encryptedCodeVerifier: row.ciphertext },
          data: { encryptedCodeVerifier: ciphertext },
        })
      ).count === 1,
    () => undefined,
  );

  const webhooks = await rotateRows(
    keys,
    async (afterId) =>
      (await db.webhook.findMany({ ...page, where: after(afterId), select: { id: true, encryptedSecret: true } })).map((row) => ({
        id: row.id,
        ciphertext: row.encryptedSecret,
      })),
    async (row, ciphertext) =>
      (await db.webhook.updateMany({ where: { id: row.id, encryptedSecret: row.ciphertext }, data: { encryptedSecret: ciphertext } }))
        .count === 1,
    () => undefined,
  );
  const chatWebhooks = await rotateRows(
    keys,
    async (afterId) =>
      (await db.chatWebhook.findMany({ ...page, where: after(afterId), select: { id: true, encryptedUrl: true } })).map((row) => ({
        id: row.id,
        ciphertext: row.encryptedUrl,
      })),
    async (row, ciphertext) =>
      (await db.chatWebhook.updateMany({ where: { id: row.id, encryptedUrl: row.ciphertext }, data: { encryptedUrl: ciphertext } }))
        .count === 1,
    () => undefined,
  );
  const twoFactorSecrets = await rotateRows(
    keys,
    async (afterId) =>
      (
        await db.user.findMany({ ...page, where: { ...after(afterId), totpSecret: { not: null } }, select: { id: true, totpSecret: true } })
      ).map((row) => ({ id: row.id, ciphertext: row.totpSecret! })),
    async (row, ciphertext) =>
      (await db.user.updateMany({ where: { id: row.id, totpSecret: row.ciphertext }, data: { totpSecret: ciphertext } })).count === 1,
    () => undefined,
  );
  log(
    `Done. Connections: ${connections.checked} checked, ${connections.reencrypted} re-encrypted, ${connections.alreadyCurrent} already current, ${connections.unreadable.length} unreadable. ` +
      `OAuth flows in progress: ${flows.reencrypted} re-encrypted. ` +
      `Webhook secrets: ${webhooks.reencrypted} re-encrypted, ${webhooks.unreadable.length} unreadable. ` +
      `Chat webhook URLs: ${chatWebhooks.reencrypted} re-encrypted, ${chatWebhooks.unreadable.length} unreadable. ` +
      `Two-factor secrets: ${twoFactorSecrets.reencrypted} re-encrypted, ${twoFactorSecrets.unreadable.length} unreadable.`,
  );
  if (connections.unreadable.length > 0) {
    log(
      `No configured key opens these connections (add the key that wrote them to ENCRYPTION_KEYS_PREVIOUS, or reconnect them): ${connections.unreadable.join(', ')}`,
    );
  }
  if (webhooks.unreadable.length > 0) {
    log(
      `No configured key opens these webhooks' secrets (add the key to ENCRYPTION_KEYS_PREVIOUS, or recreate them): ${webhooks.unreadable.join(', ')}`,
    );
  }
  if (chatWebhooks.unreadable.length > 0) {
    log(
      `No configured key opens these chat webhooks' URLs (add the key to ENCRYPTION_KEYS_PREVIOUS, or add them again): ${chatWebhooks.unreadable.join(', ')}`,
    );
  }
  if (twoFactorSecrets.unreadable.length > 0) {
    log(
      `No configured key opens the two-factor secrets of these users (add the key to ENCRYPTION_KEYS_PREVIOUS; otherwise they log in with a recovery code and set two-factor log-in up again): ${twoFactorSecrets.unreadable.join(', ')}`,
    );
  }
  return { connections, flows, webhooks, chatWebhooks, twoFactorSecrets };
}

async function main(): Promise<void> {
  const config = parseKeyRotationConfig();
  const db = createDb(config.DATABASE_URL);
  try {
    const { connections, webhooks, chatWebhooks, twoFactorSecrets } = await rotateEncryptionKeys(db, keyRing(config));
    if ([connections, webhooks, chatWebhooks, twoFactorSecrets].some((report) => report.unreadable.length > 0)) process.exitCode = 1;
  } finally {
    await db.$disconnect();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
