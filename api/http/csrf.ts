// Cross-site request forgery defences for what a browser's cookies authenticate.
// 1. Fetch Metadata / Origin: a browser says where a request comes from; a write from
//    another site is refused (unless that origin is allowed by CORS_ORIGINS or the
//    request authenticates with a bearer token, which no browser sends on its own).
//    This covers the web app's forms as well as the API.
// 2. A synchronizer token (csrf-sync) for API writes authenticated by the session
//    cookie: the token lives in the session and must come back in X-CSRF-Token.
import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler } from 'express';
import { ProblemError } from './problem';

export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const synchronizer = csrfSync({ getTokenFromRequest: (req) => req.get(CSRF_HEADER) });

/** The session's CSRF token, made on first use. */
export function csrfTokenFor(req: Request): string {
  return synchronizer.generateToken(req);
}

function requestOrigin(req: Request): string | undefined {
  const origin = req.get('origin');
  return origin && origin !== 'null' ? origin : undefined;
}

/** The host an Origin header names, or undefined when it is not a URL (no browser sends such a header). */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function crossSiteRequest(req: Request, from: string): ProblemError {
  return new ProblemError(403, 'cross-site-request', 'Cross-site request refused', `${req.method} requests from ${from} are not accepted.`);
}

export function refuseCrossSiteWrites(allowedOrigins: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = requestOrigin(req);
    // Refused before anything else reads it: React Router's action check, for one, fails with a 500 on it.
    const host = origin === undefined ? undefined : originHost(origin);
    if (origin !== undefined && host === undefined) throw crossSiteRequest(req, 'a malformed Origin header');
    if (req.headers.authorization) return next();
    if (origin && allowedOrigins.includes(origin)) return next();
    const site = req.get('sec-fetch-site');
    const crossSite = site ? site !== 'same-origin' && site !== 'none' : host !== undefined && host !== req.get('host');
    if (crossSite) throw crossSiteRequest(req, origin ?? 'another site');
    next();
  };
}

/** For /api/v1: session-authenticated writes carry the session's token. */
export const requireCsrfToken: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method) || req.actor?.via !== 'session') return next();
  if (!synchronizer.isRequestValid(req)) {
    throw new ProblemError(
      403,
      'csrf-token-invalid',
      'CSRF token missing or wrong',
      'Writes with the session cookie need the X-CSRF-Token header: take the token from GET /api/v1/auth/csrf (it is also in the signup and login responses).',
    );
  }
  next();
};
