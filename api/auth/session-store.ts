// Sessions in PostgreSQL (@quixo3/prisma-session-store), with one change: touch.
// NOTE: express-session touches the session at the end of every request that did not
// change it. The library's touch reads the row and writes its data back, so a request that
// changed the session meanwhile (joining or switching a team) was overwritten with what
// the touch had read: the browser's next page showed the old team. This touch sets the
// expiry and the cookie in one statement, and never writes back data it read before.
import { PrismaSessionStore } from '@quixo3/prisma-session-store';
import { utcTimestamp, type Db } from '../../lib/db';

/** the library's lifetime of a session whose cookie has no maxAge */
const ONE_DAY_MS = 86_400_000;

export class SessionStore extends PrismaSessionStore {
  constructor(private readonly db: Db) {
    // Expired sessions are swept every 10 minutes.
    super(db, { checkPeriod: 10 * 60 * 1000, dbRecordIdIsSessionId: true, logger: false });
  }

  override readonly touch: PrismaSessionStore['touch'] = async (sid, session, callback) => {
    const expiresAt = new Date(Date.now() + Math.floor(session.cookie?.maxAge ?? ONE_DAY_MS));
    try {
      await this.db.$executeRaw`
        UPDATE "Session"
        SET "expiresAt" = ${utcTimestamp(expiresAt)}, data = jsonb_set(data::jsonb, '{cookie}', ${JSON.stringify(session.cookie)}::jsonb)::text
        WHERE sid = ${sid}`;
      callback?.();
    } catch (error) {
      callback?.(error);
    }
  };
}
