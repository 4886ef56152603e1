// Starting a session, for the API's and the web app's log-in and sign-up alike. A user with
// two-factor log-in gets a half-logged-in session first: it holds only who is waiting for
// their second factor, and no actor (api/auth/passport.ts resolves none from it), so every
// other route treats it as anonymous. The second step turns it into a session.
import type { Request } from 'express';
import 'express-session';
import { clientAddress } from '../http/client-address';
import { problems } from '../http/problem';

/** how long the second step of a log-in may take */
const SECOND_FACTOR_WINDOW_MS = 5 * 60 * 1000;

const saved = (req: Request) => new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));

/**
 * Logs the user in. Passport regenerates the session, so an id cannot be fixed beforehand;
 * saved now, not when the response ends: a streamed page lets the browser's next request
 * arrive before express-session would have saved it.
 */
export async function startSession(req: Request, userId: string): Promise<void> {
  await new Promise<void>((resolve, reject) => req.login({ id: userId }, (error) => (error ? reject(error) : resolve())));
  req.session.device = { userAgent: (req.get('user-agent') ?? '').slice(0, 512), ipAddress: clientAddress(req) };
  await saved(req);
}

/** Starts a half-logged-in session for a user whose password was right, waiting for their second factor. */
export async function awaitSecondFactor(req: Request, userId: string): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
  req.session.pendingSecondFactor = { userId, expiresAt: Date.now() + SECOND_FACTOR_WINDOW_MS };
  await saved(req);
}

/** The user this session's log-in waits on for a second factor; 401 when there is none, or it took too long. */
export function pendingSecondFactorUser(req: Request): string {
  const pending = req.session?.pendingSecondFactor;
  if (!pending || pending.expiresAt <= Date.now()) {
    throw problems.unauthenticated('No log-in is waiting for a second factor here, or it took longer than 5 minutes: log in again.');
  }
  return pending.userId;
}
