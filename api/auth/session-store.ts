// Sessions in PostgreSQL (@quixo3/prisma-session-store), with one change: touch.
// NOTE: express-session touches the session at the end of every request that did not
// change it. The library's touch reads the row and writes its data back, so a request that
// changed the session meanwhile (joining or switching a team) was overwritten with what
// the touch had read: the browser's next page showed the old team. This touch sets the
// expiry and the cookie in one statement, and never writes back data it read before.
// Each row also names its user and when it was last used, so a user can list and revoke
// their sessions (api/auth/sessions.ts).
import { PrismaSessionStore } from '@quixo3/prisma-session-store';
import { utcTimestamp, type Db } from '../../lib/db';

/** the library's lifetime of a session whose cookie has no maxAge */
const ONE_DAY_MS = 86_400_000;

export class SessionStore extends PrismaSessionStore {
  constructor(private readonly db: Db) {
    // Expired sessions are swept every 10 minutes.
    super(db, { checkPeriod: 10 * 60 * 1000, dbRecordIdIsSessionId: true, logger: false });
  }

  /** the library's set (an instance property, so not reachable through `super`) */
  private readonly writeSession = (this as PrismaSessionStore).set;

  override readonly set: PrismaSessionStore['set'] = async (sid, session, callback) => {
    try {
      await new Promise<void>((resolve, reject) => this.writeSession(sid, session, (error) => (error ? reject(error) : resolve())));
      // Passport keeps the logged-in user's id in the session data
      const userId = (session as { passport?: { user?: string } }).passport?.user ?? null;
      await this.db.session.updateMany({ where: { sid }, data: { userId, lastSeenAt: new Date() } });
      callback?.();
    } catch (error) {
      callback?.(error);
    }
  };

  override readonly touch: PrismaSessionStore['touch'] = async (sid, session, callback) => {
    const expiresAt = new Date(Date.now() + Math.floor(session.cookie?.maxAge ?? ONE_DAY_MS));
    try {
      await this.db.$executeRaw`
        UPDATE "Session"
        SET "expiresAt" = ${utcTimestamp(expiresAt)}, "lastSeenAt" = ${utcTimestamp(new Date())},
          data = jsonb_set(data::jsonb, '{cookie}', ${JSON.stringify(session.cookie)}::jsonb)::text
        WHERE sid = ${sid}`;
      callback?.();
    } catch (error) {
      callback?.(error);
    }
  };
}
