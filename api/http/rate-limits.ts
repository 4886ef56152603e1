// The write limit (express-rate-limit): authenticated writes per API token or user, against
// runaway scripts. Answers 429 problem+json with Retry-After. Log-in and sign-up attempts
// have limits of their own, shared by every server process: api/auth/login-limits.ts.
// NOTE: these counters live in each server process's memory; behind several server
// instances each allows the full rate.
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../../lib/config';
import { sha256 } from '../../lib/crypto';
import { ProblemError, sendProblem } from './problem';

const WINDOW_MS = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function tooManyRequests(req: Request, res: Response): void {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const retryAfter = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : WINDOW_MS / 1000;
  sendProblem(res, new ProblemError(429, 'rate-limited', 'Too many requests', `Slow down: try again in ${retryAfter} s.`, {}, retryAfter));
}

/** The caller a write counts against: its API token, else its user (session). */
function writerKey(req: Request): string {
  return req.headers.authorization ? `token:${sha256(req.headers.authorization)}` : `user:${req.actor?.userId}`;
}

export function createWriteRateLimit(config: Pick<Config, 'WRITE_RATE_LIMIT_PER_MINUTE'>): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: tooManyRequests,
    limit: config.WRITE_RATE_LIMIT_PER_MINUTE,
    keyGenerator: writerKey,
    // unauthenticated writes are sign-up and log-in (login-limits.ts) or answered 401
    skip: (req) => SAFE_METHODS.has(req.method) || !req.actor,
  });
}
