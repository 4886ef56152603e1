// The page's Content-Security-Policy: scripts from the app's own origin, and inline scripts
// only when they carry the response's nonce. React Router inlines its hydration data and
// module loader; web/entry.server.tsx and web/root.tsx give those scripts the nonce, which
// reaches them through the load context (web/load-context.ts).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import type { HelmetOptions } from 'helmet';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** this response's CSP nonce (base64), for the inline scripts the web app renders */
      cspNonce: string;
    }
  }
}

/** A fresh nonce per response: a nonce an attacker could learn beforehand would allow their scripts too. */
export const assignCspNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
};

export const contentSecurityPolicy: NonNullable<HelmetOptions['contentSecurityPolicy']> = {
  directives: {
    'script-src': ["'self'", (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as Response).locals.cspNonce}'`],
    // the composer previews chosen images and video thumbnails as blob: URLs before they are uploaded
    'img-src': ["'self'", 'data:', 'blob:'],
  },
};
