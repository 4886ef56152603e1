// The write limit (express-rate-limit): authenticated writes per API token or user, against
// runaway scripts. Answers 429 problem+json with Retry-After. The counters live in PostgreSQL
// (the RateLimitCounter table, which the log-in limits in api/auth/login-limits.ts fill through
// rate-limiter-flexible's Prisma store), so every server process counts against the same numbers.
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, type ClientRateLimitInfo, type Store } from 'express-rate-limit';
import type { Config } from '../../lib/config';
import { sha256 } from '../../lib/crypto';
import { prepared, type Db } from '../../lib/db';
import { ProblemError, sendProblem } from './problem';

const WINDOW_MS = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Counts one hit ($1 the key, $2 the window in ms) and answers the window's total and the ms
 * left in it. One statement, atomic under concurrency: an expired counter starts a new window
 * in the same upsert (rate-limiter-flexible's Prisma store takes a delete and an upsert, and
 * Prisma's query compiler, for every write request). Times are UTC, as Prisma writes them.
 */
export const COUNT_HIT_SQL = `INSERT INTO "RateLimitCounter" AS counter (key, points, expire)
  VALUES ($1, 1, (now() AT TIME ZONE 'UTC') + $2 * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN counter.expire <= (now() AT TIME ZONE 'UTC') THEN 1 ELSE counter.points + 1 END,
    expire = CASE WHEN counter.expire <= (now() AT TIME ZONE 'UTC') THEN EXCLUDED.expire ELSE counter.expire END
  RETURNING points, ceil(extract(epoch FROM counter.expire - (now() AT TIME ZONE 'UTC')) * 1000)::float8 AS "msLeft"`;

/**
 * express-rate-limit's counters in the RateLimitCounter table, on the pg pool under Prisma.
 * The server deletes expired counters (api/server.ts).
 */
export class SharedCounterStore implements Store {
  readonly localKeys = false;

  constructor(
    private readonly db: Db,
    readonly prefix: string,
    private readonly windowMs: number,
  ) {}

  private keyOf(key: string): string {
    return `${this.prefix}:${key}`;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { rows } = await this.db.$pool.query<{ points: number; msLeft: number }>(
      prepared(COUNT_HIT_SQL, [this.keyOf(key), this.windowMs]),
    );
    const [counted] = rows;
    return { totalHits: counted!.points, resetTime: new Date(Date.now() + counted!.msLeft) };
  }

  async decrement(key: string): Promise<void> {
    await this.db.$pool.query(
      prepared(`UPDATE "RateLimitCounter" SET points = points - 1 WHERE key = $1 AND expire > (now() AT TIME ZONE 'UTC')`, [
        this.keyOf(key),
      ]),
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.db.$pool.query(prepared('DELETE FROM "RateLimitCounter" WHERE key = $1', [this.keyOf(key)]));
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
