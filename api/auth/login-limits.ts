// Limits on log-in and sign-up attempts: one policy for a credential whichever door it comes
// through (the API or the web forms), after OWASP's advice as rate-limiter-flexible's "login
// endpoint protection" example applies it:
// - attempts per IP address per minute, log-ins and sign-ups together;
// - consecutive wrong passwords per account and IP address: past the limit, that pair is
//   refused for a while; a success starts the count again;
// - wrong passwords per account from anywhere: past the limit every log-in to the account
//   waits before its password is checked, longer with each failure, capped. A slowdown and
//   not a lockout: whoever guesses from elsewhere cannot lock the owner out.
// The account's other doors are limited the same way:
// - password-reset requests per address and per email (counted whether or not the email has
//   an account, so a refusal tells nothing about it);
// - verification mails resent per user;
// - wrong second factors (TOTP or recovery codes) per user: past the limit the second step is
//   refused for a while, whoever tries.
// The counters live in PostgreSQL (RateLimiterPrisma, the RateLimitCounter table), so every
// server process counts against the same numbers.
import { setTimeout as sleep } from 'node:timers/promises';
import { ipKeyGenerator } from 'express-rate-limit';
import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../../lib/config';
import { sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { ProblemError, problems } from '../http/problem';

export type LoginLimitSettings = Pick<
  Config,
  'AUTH_RATE_LIMIT_PER_MINUTE' | 'LOGIN_FAILURES_BEFORE_BLOCK' | 'LOGIN_FAILURES_BEFORE_SLOWDOWN'
>;

const PAIR_BLOCK_SECONDS = 15 * 60;
/** how long consecutive failures of an account and address are remembered without a new one */
const PAIR_MEMORY_SECONDS = 24 * 60 * 60;
const ACCOUNT_WINDOW_SECONDS = 60 * 60;
const FIRST_SLOWDOWN_MS = 1_000;
const HOUR_SECONDS = 60 * 60;
const PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 10;
const PASSWORD_RESETS_PER_EMAIL_PER_HOUR = 3;
const VERIFICATION_MAILS_PER_USER_PER_HOUR = 3;
/** wrong second factors of a user within 15 minutes before the second step is refused for the rest of them */
const SECOND_FACTOR_FAILURES = 5;
const MAX_SLOWDOWN_MS = 10_000;

export function tooManyAttempts(msBeforeNext: number): ProblemError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ProblemError(429, 'rate-limited', 'Too many requests', `Too many attempts: try again in ${seconds} s.`, {}, seconds);
}

/**
 * NOTE: fails closed. When the counters cannot be read or written (the database is down), the
 * attempt answers 503: checking the password needs the same database, so letting it through
 * would gain the user nothing, while counting nothing would let guesses through unmetered.
 */
async function fromStore<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (error instanceof RateLimiterRes) throw tooManyAttempts(error.msBeforeNext);
    const problem = problems.unavailable('Log-in and sign-up are paused: the attempt counters cannot be reached. Try again shortly.');
    problem.cause = error;
    throw problem;
  }
}

/** The wait before a log-in to an account with this many recent failures: none below the threshold, then doubling. */
export function slowdownMs(failures: number, threshold: number): number {
  return failures < threshold ? 0 : Math.min(MAX_SLOWDOWN_MS, FIRST_SLOWDOWN_MS * 2 ** (failures - threshold));
}

/** The email as a counter key: hashed, so that the table holds no addresses. */
const accountKey = (email: string) => sha256(email.trim().toLowerCase());

export function createLoginLimits(deps: { db: Db; settings: LoginLimitSettings }) {
  const { settings } = deps;
  // NOTE: the library's own clean-up timer is off: it logs to the console and outlives the
  // server. The server deletes expired counters itself (deleteExpired, api/server.ts).
  const store = { storeClient: deps.db, tableName: 'rateLimitCounter', clearExpiredByTimeout: false };
  const attemptsByAddress = new RateLimiterPrisma({
    ...store,
    keyPrefix: 'auth-attempts-by-ip',
    points: settings.AUTH_RATE_LIMIT_PER_MINUTE,
    duration: 60,
  });
  const failuresByAccountAndAddress = new RateLimiterPrisma({
    ...store,
    keyPrefix: 'login-failures-by-account-and-ip',
    points: settings.LOGIN_FAILURES_BEFORE_BLOCK,
    duration: PAIR_MEMORY_SECONDS,
  });
  const failuresByAccount = new RateLimiterPrisma({
    ...store,
    keyPrefix: 'login-failures-by-account',
    points: settings.LOGIN_FAILURES_BEFORE_SLOWDOWN,
    duration: ACCOUNT_WINDOW_SECONDS,
  });

  const passwordResetsByAddress = new RateLimiterPrisma({
    ...store,
    keyPrefix: 'password-resets-by-ip',
    points: PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
    duration: HOUR_SECONDS,
  });
  const passwordResetsByAccount = new RateLimiterPrisma({
    ...store,
    keyPrefix: 'password-resets-by-account',
    points: PASSWORD_RESETS_PER_EMAIL_PER_HOUR,
    duration: HOUR_SECONDS,
  });
  const verificationMailsByUser = new RateLimiterPrisma({
    ...store,
    keyPrefix: 'verification-mails-by-user',
    points: VERIFICATION_MAILS_PER_USER_PER_HOUR,
    duration: HOUR_SECONDS,
  });
  const secondFactorFailures = new RateLimiterPrisma({
    ...store,
    keyPrefix: 'second-factor-failures-by-user',
    points: SECOND_FACTOR_FAILURES,
    duration: 15 * 60,
  });

  /** Counts a log-in or sign-up attempt against its address; over the limit it is refused (429). */
  async function countAttempt(ip: string): Promise<void> {
    // IPv6 addresses by their /56 network: one host holds many of them
    await fromStore(attemptsByAddress.consume(ipKeyGenerator(ip)));
  }

  return {
    countAttempt,

    /** Counts a password-reset request against its address and its email (429 past either limit). */
    async countPasswordReset(email: string, ip: string): Promise<void> {
      await fromStore(passwordResetsByAddress.consume(ipKeyGenerator(ip)));
      await fromStore(passwordResetsByAccount.consume(accountKey(email)));
    },

    /** Counts a verification mail sent to a user (429 past the limit). */
    async countVerificationMail(userId: string): Promise<void> {
      await fromStore(verificationMailsByUser.consume(userId));
    },

    /**
     * One second-factor attempt of a user, from the address `ip`: `verify` checks the code
     * unless the address or the user's recent failures refuse it first (429).
     */
    async secondFactor(userId: string, ip: string, verify: () => Promise<boolean>): Promise<boolean> {
      await countAttempt(ip);
      const failures = await fromStore(secondFactorFailures.get(userId));
      if (failures && failures.consumedPoints >= SECOND_FACTOR_FAILURES) throw tooManyAttempts(failures.msBeforeNext);
      if (await verify()) return true;
      await fromStore(secondFactorFailures.penalty(userId));
      return false;
    },

    /** Deletes the counters of every limit whose time has passed; answers how many. */
    async deleteExpired(): Promise<number> {
      const { count } = await deps.db.rateLimitCounter.deleteMany({ where: { expire: { lt: new Date() } } });
      return count;
    },

    /**
     * One log-in attempt under the limits: `verify` checks the password unless the address, or
     * this account from this address, is refused first (429). Resolves to what `verify` found.
     */
    async logIn<User>(email: string, ip: string, verify: () => Promise<User | null>): Promise<User | null> {
      await countAttempt(ip);
      const account = accountKey(email);
      const pair = `${account}:${ipKeyGenerator(ip)}`;
      const [pairFailures, accountFailures] = await fromStore(
        Promise.all([failuresByAccountAndAddress.get(pair), failuresByAccount.get(account)]),
      );
      if (pairFailures && pairFailures.consumedPoints >= settings.LOGIN_FAILURES_BEFORE_BLOCK) {
        throw tooManyAttempts(pairFailures.msBeforeNext);
      }
      const wait = slowdownMs(accountFailures?.consumedPoints ?? 0, settings.LOGIN_FAILURES_BEFORE_SLOWDOWN);
      if (wait > 0) await sleep(wait);

      const user = await verify();
      if (user) {
        // The account's own count is left to expire: a success does not end an attack on it.
        await fromStore(failuresByAccountAndAddress.delete(pair));
        return user;
      }
      const [failures] = await fromStore(Promise.all([failuresByAccountAndAddress.penalty(pair), failuresByAccount.penalty(account)]));
      if (failures.consumedPoints >= settings.LOGIN_FAILURES_BEFORE_BLOCK) {
        await fromStore(failuresByAccountAndAddress.block(pair, PAIR_BLOCK_SECONDS));
      }
      return null;
    },
  };
}

export type LoginLimits = ReturnType<typeof createLoginLimits>;
