// Two-factor log-in with TOTP (RFC 6238, otplib) and single-use recovery codes.
// - Enrolment stores a new secret, encrypted with ENCRYPTION_KEY (lib/crypto.ts); the first
//   right code turns two-factor log-in on and answers 10 recovery codes, once (only their
//   hashes are kept).
// - A code is accepted within one 30-second step either side of now, and only for a step
//   after the last one accepted: the update that records the step is the check, so a code
//   cannot be used twice, even by two requests at once.
import { randomInt } from 'node:crypto';
import { authenticator } from 'otplib';
import QRCode from 'qrcode';
import { decryptSecret, encryptSecret, sha256, type KeyRing } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { problems } from '../http/problem';
import type { LoginLimits } from './login-limits';
import type { AuthService } from './service';

const ISSUER = 'planrrr';
const STEP_SECONDS = 30;
const RECOVERY_CODE_COUNT = 10;
const TOTP_CODE = /^\d{6}$/;

/** Recovery codes are typed by people: lower-case letters and digits, dashes and spaces ignored. */
const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/** A recovery code: 10 characters (50 bits) in two groups of five, e.g. `k3v9q-x7m2a`. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const characters = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return `${characters.slice(0, 5)}-${characters.slice(5)}`;
}

/** The time step a code belongs to, if it is right within a step either side of now. */
function matchingStep(secret: string, code: string): number | undefined {
  const now = Date.now();
  const delta = authenticator.clone({ window: 1, epoch: now }).checkDelta(code, secret);
  return delta === null ? undefined : Math.floor(now / 1000 / STEP_SECONDS) + delta;
}

/** What an authenticator app is given: the secret as text, as an otpauth:// URL, and as a QR code of that URL (a PNG data URL). */
async function enrolment(email: string, secret: string) {
  const otpauthUrl = authenticator.keyuri(email, ISSUER, secret);
  return { secret, otpauthUrl, qrCode: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 240 }) };
}

export interface TwoFactorDeps {
  db: Db;
  keys: KeyRing;
  auth: Pick<AuthService, 'verifyCredentials'>;
  limits: Pick<LoginLimits, 'secondFactor'>;
}

export function createTwoFactorService(deps: TwoFactorDeps) {
  const { db, keys } = deps;

  const userSecrets = (userId: string) =>
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, totpSecret: true, twoFactorEnabledAt: true } });

  /** Accepts a TOTP code once: records its step unless that step (or a later one) was used already. */
  async function useTotpCode(userId: string, secret: string, code: string): Promise<boolean> {
    const step = matchingStep(secret, code);
    if (step === undefined) return false;
    const { count } = await db.user.updateMany({
      where: { id: userId, OR: [{ totpLastUsedStep: null }, { totpLastUsedStep: { lt: step } }] },
      data: { totpLastUsedStep: step },
    });
    return count === 1;
  }

  async function useRecoveryCode(userId: string, code: string): Promise<boolean> {
    const { count } = await db.recoveryCode.updateMany({
      where: { userId, codeHash: sha256(normalizeRecoveryCode(code)), usedAt: null },
      data: { usedAt: new Date() },
    });
    return count === 1;
  }

  /**
   * Whether `code` (a current TOTP code, or an unused recovery code) is right for the user,
   * sent from the address `ip`; uses it up. Wrong codes count against the user (429 past the limit).
   */
  function verifyCode(userId: string, code: string, ip: string): Promise<boolean> {
    return deps.limits.secondFactor(userId, ip, async () => {
      const user = await userSecrets(userId);
      if (!user.twoFactorEnabledAt || !user.totpSecret) return false;
      const trimmed = code.trim();
      return TOTP_CODE.test(trimmed)
        ? useTotpCode(userId, decryptSecret(user.totpSecret, keys), trimmed)
        : useRecoveryCode(userId, trimmed);
    });
  }

  return {
    verifyCode,

    async isEnabled(userId: string): Promise<boolean> {
      return Boolean((await userSecrets(userId)).twoFactorEnabledAt);
    },

    async status(userId: string) {
      const [user, recoveryCodesLeft] = await Promise.all([
        userSecrets(userId),
        db.recoveryCode.count({ where: { userId, usedAt: null } }),
      ]);
      return { enabled: Boolean(user.twoFactorEnabledAt), recoveryCodesLeft: user.twoFactorEnabledAt ? recoveryCodesLeft : 0 };
    },

    /** A new secret for an authenticator app (replacing one not yet confirmed); 409 while two-factor log-in is on. */
    async enroll(userId: string) {
      const user = await userSecrets(userId);
      if (user.twoFactorEnabledAt) throw problems.conflict('two-factor-enabled', 'Two-factor log-in is on already: turn it off first.');
      const secret = authenticator.generateSecret(20);
      await db.user.update({ where: { id: userId }, data: { totpSecret: encryptSecret(secret, keys.current), totpLastUsedStep: null } });
      return enrolment(user.email, secret);
    },

    /** The enrolment waiting for its first code, for the settings page to show again until it is confirmed; null when none waits. */
    async pendingEnrolment(userId: string) {
      const user = await userSecrets(userId);
      if (user.twoFactorEnabledAt || !user.totpSecret) return null;
      return enrolment(user.email, decryptSecret(user.totpSecret, keys));
    },

    /** Turns two-factor log-in on with the first right code of the enrolled secret; answers the recovery codes, once. */
    async confirm(userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
      const user = await userSecrets(userId);
      if (user.twoFactorEnabledAt) throw problems.conflict('two-factor-enabled', 'Two-factor log-in is on already.');
      if (!user.totpSecret)
        throw problems.conflict('not-enrolled', 'Start with POST /api/v1/me/2fa/enroll: there is no secret to confirm.');
      if (!(await useTotpCode(userId, decryptSecret(user.totpSecret, keys), code.trim()))) {
        throw problems.validation([{ field: 'body.code', message: 'is not the current code of your authenticator app' }]);
      }
      const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      await db.$transaction([
        db.recoveryCode.deleteMany({ where: { userId } }),
        db.recoveryCode.createMany({
          data: recoveryCodes.map((recoveryCode) => ({ userId, codeHash: sha256(normalizeRecoveryCode(recoveryCode)) })),
        }),
        db.user.update({ where: { id: userId }, data: { twoFactorEnabledAt: new Date() } }),
      ]);
      return { recoveryCodes };
    },

    /** Turns two-factor log-in off, confirmed with the password or a code (400 when neither is right). */
    async disable(userId: string, proof: { password?: string; code?: string }, ip: string): Promise<void> {
      const user = await userSecrets(userId);
      const confirmed = proof.password
        ? Boolean(await deps.auth.verifyCredentials({ email: user.email, password: proof.password }))
        : Boolean(proof.code && (await verifyCode(userId, proof.code, ip)));
      if (!confirmed) {
        throw problems.validation([
          proof.password
            ? { field: 'body.password', message: 'is not your current password' }
            : { field: 'body.code', message: 'is not a current code or an unused recovery code' },
        ]);
      }
      await db.$transaction([
        db.recoveryCode.deleteMany({ where: { userId } }),
        db.user.update({ where: { id: userId }, data: { totpSecret: null, twoFactorEnabledAt: null, totpLastUsedStep: null } }),
      ]);
    },
  };
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
