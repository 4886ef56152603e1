import type { Request } from 'express';

/**
 * The caller's IP address as Express sees it: behind a reverse proxy (TRUST_PROXY), the one
 * the proxy forwards. '' when the connection is already gone: such callers share one count.
 */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? '';
}
