// A user's active sessions: listed with what they were started from, ended one by one or
// all but the current one. A session's id in the API is a hash of its session id: the
// session id itself never leaves the cookie.
import { sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import { problems } from '../http/problem';

/** The id the API shows for a session (the cookie's session id stays secret). */
export const publicSessionId = (sid: string) => sha256(sid).slice(0, 32);

/** The device a session's data recorded at log-in (api/auth/session-login.ts), if any. */
function deviceOf(data: string): { userAgent: string | null; ipAddress: string | null } {
  try {
    const device = (JSON.parse(data) as { device?: { userAgent?: unknown; ipAddress?: unknown } }).device;
    return {
      userAgent: typeof device?.userAgent === 'string' && device.userAgent ? device.userAgent : null,
      ipAddress: typeof device?.ipAddress === 'string' && device.ipAddress ? device.ipAddress : null,
    };
  } catch {
    return { userAgent: null, ipAddress: null };
  }
}

export function createSessionService(deps: { db: Db }) {
  const { db } = deps;

  const activeSessions = (userId: string) =>
    db.session.findMany({
      where: { userId, expiresAt: { gt: new Date() } },
      select: { sid: true, data: true, createdAt: true, lastSeenAt: true },
      orderBy: { lastSeenAt: 'desc' },
    });

  return {
    /** The user's sessions, most recently used first; `current` marks the one of `currentSessionId`. */
    async list(userId: string, currentSessionId: string) {
      return (await activeSessions(userId)).map((session) => ({
        id: publicSessionId(session.sid),
        current: session.sid === currentSessionId,
        createdAt: session.createdAt,
        lastSeenAt: session.lastSeenAt,
        ...deviceOf(session.data),
      }));
    },

    /** Ends one of the user's sessions (404 for an id that is not one of theirs). */
    async end(userId: string, id: string): Promise<void> {
      const session = (await activeSessions(userId)).find((candidate) => publicSessionId(candidate.sid) === id);
      if (!session) throw problems.notFound('Session', id);
      await db.session.deleteMany({ where: { sid: session.sid, userId } });
    },

    /** Ends every session of the user but `keepSessionId` (all of them without one); answers how many. */
    async endAllBut(userId: string, keepSessionId?: string): Promise<number> {
      const { count } = await db.session.deleteMany({ where: { userId, ...(keepSessionId ? { sid: { not: keepSessionId } } : {}) } });
      return count;
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
