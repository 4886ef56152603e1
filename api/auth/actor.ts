// The actor of a request: which user, acting in which team, with which role. Every
// service call takes one, so every query can be scoped by team.
import type { RequestHandler } from 'express';
import 'express-session';
import { isTokenScope, roleAllows, type Permission, type Role, type TokenScope } from '../../domain/permissions';
import type { Db } from '../../lib/db';
import { problems } from '../http/problem';

export interface Actor {
  userId: string;
  teamId: string;
  role: Role;
  /**
   * evergreen: an evergreen set's rotation, writing posts for the user who created the set (activities/evergreen-refill.ts);
   * import: a bulk import, for its author (activities/import-rows.ts); preview: a client's approval through a preview link,
   * deciding for the link's maker (api/previews/service.ts)
   */
  via: 'session' | 'token' | 'evergreen' | 'import' | 'preview';
  /** for tokens: what the token may do, within the role */
  scopes?: readonly TokenScope[];
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

declare module 'express-session' {
  interface SessionData {
    /** the team the user last switched to */
    teamId?: string;
    /** what the user's list of sessions shows of this one (api/auth/sessions.ts), set at log-in */
    device?: { userAgent: string; ipAddress: string };
    /** a log-in whose password was right, waiting for the user's second factor (api/auth/session-login.ts) */
    pendingSecondFactor?: { userId: string; expiresAt: number };
  }
}

/** The user's role in a team, or undefined if they are not a member. */
export async function membershipRole(db: Db, userId: string, teamId: string): Promise<Role | undefined> {
  const membership = await db.membership.findUnique({
    where: { userId_teamId: { userId, teamId } },
    select: { role: true },
  });
  return membership?.role;
}

/** The team a session acts in: the one it switched to, else the user's oldest membership. */
export async function sessionTeam(db: Db, userId: string, preferredTeamId?: string): Promise<{ teamId: string; role: Role } | undefined> {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { teamId: true, role: true },
    orderBy: { createdAt: 'asc' },
  });
  return memberships.find((membership) => membership.teamId === preferredTeamId) ?? memberships[0];
}

export function requirePermission(req: { actor?: Actor }, permission: Permission): Actor {
  const actor = req.actor;
  if (!actor) throw problems.unauthenticated();
  if (!roleAllows(actor.role, permission)) {
    throw problems.forbidden(`Your role (${actor.role}) does not allow ${permission} in this team.`);
  }
  if (actor.via === 'token') {
    if (!isTokenScope(permission)) throw problems.forbidden(`${permission} needs a logged-in session; API tokens cannot do it.`);
    if (!actor.scopes?.includes(permission)) throw problems.forbidden(`This API token lacks the ${permission} scope.`);
  }
  return actor;
}

/** Answers 401 unless the request carries a session or an API token (see passport.ts). */
export const requireActor: RequestHandler = (req, _res, next) => {
  if (!req.actor) throw problems.unauthenticated();
  next();
};

/** For what only a logged-in person may do (switching teams, leaving, deleting the account). */
export function requireSession(req: { actor?: Actor }): Actor {
  const actor = req.actor;
  if (!actor) throw problems.unauthenticated();
  if (actor.via !== 'session') throw problems.forbidden('This needs a logged-in session; API tokens cannot do it.');
  return actor;
}
