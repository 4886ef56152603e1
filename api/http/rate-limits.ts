// The write limit (express-rate-limit): authenticated writes per API token or user, against
// runaway scripts. Answers 429 problem+json with Retry-After. The counters live in PostgreSQL
// (rate-limiter-flexible's Prisma store on the RateLimitCounter table, as the log-in limits in
// api/auth/login-limits.ts), so every server process counts against the same numbers.
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, type ClientRateLimitInfo, type Store } from 'express-rate-limit';
import { RateLimiterPrisma } from 'rate-limiter-flexible';
import type { Config } from '../../lib/config';
import { sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { ProblemError, sendProblem } from './problem';

const WINDOW_MS = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * express-rate-limit's counters in the RateLimitCounter table. A hit is a penalty point: it is
 * counted whatever the total, and express-rate-limit compares the total with the limit.
 * The server deletes expired counters (api/server.ts).
 */
export class SharedCounterStore implements Store {
  readonly localKeys = false;
  private readonly counters: RateLimiterPrisma;

  constructor(
    db: Db,
    readonly prefix: string,
    windowMs: number,
  ) {
    // points is the library's required ceiling for consume(), which this store never calls
    this.counters = new RateLimiterPrisma({
      storeClient: db,
      tableName: 'rateLimitCounter',
      clearExpiredByTimeout: false,
      keyPrefix: prefix,
      points: 1,
      duration: windowMs / 1000,
    });
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const counted = await this.counters.penalty(key);
    return { totalHits: counted.consumedPoints, resetTime: new Date(Date.now() + counted.msBeforeNext) };
  }

  async decrement(key: string): Promise<void> {
    await this.counters.reward(key);
  }

  async resetKey(key: string): Promise<void> {
    await this.counters.delete(key);
  }
}

function tooManyRequests(req: Request, res: Response): void {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const retryAfter = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : WINDOW_MS / 1000;
  sendProblem(res, new ProblemError(429, 'rate-limited', 'Too many requests', `Slow down: try again in ${retryAfter} s.`, {}, retryAfter));
}

/** The caller a write counts against: its API token, else its user (session). */
function writerKey(req: Request): string {
  return req.headers.authorization ? `token:${sha256(req.headers.authorization)}` : `user:${req.actor?.userId}`;
}

export function createWriteRateLimit(deps: { db: Db; config: Pick<Config, 'WRITE_RATE_LIMIT_PER_MINUTE'> }): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: tooManyRequests,
    limit: deps.config.WRITE_RATE_LIMIT_PER_MINUTE,
    keyGenerator: writerKey,
    store: new SharedCounterStore(deps.db, 'writes-by-caller', WINDOW_MS),
    // unauthenticated writes are sign-up and log-in (login-limits.ts) or answered 401
    skip: (req) => SAFE_METHODS.has(req.method) || !req.actor,
  });
}
