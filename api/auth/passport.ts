// Authentication with Passport: email and password into a server-side session, or a
// bearer API token for clients.
import type { RequestHandler } from 'express';
import { Passport } from 'passport';
import 'express-session';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { Strategy as LocalStrategy } from 'passport-local';
import { TOKEN_SCOPES, type Role, type TokenScope } from '../../domain/permissions';
import { sha256 } from '../../lib/crypto';
import { prepared, type Db } from '../../lib/db';
import { problems } from '../http/problem';
import { clientAddress } from '../http/client-address';
import { sessionTeam } from './actor';
import type { AuthService } from './service';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface User {
      id: string;
    }
  }
}

interface TokenInfo {
  teamId: string;
  scopes: TokenScope[];
  /** the token's user's role in its team; null once they left it */
  role: Role | null;
}

interface BearerTokenRow {
  id: string;
  userId: string;
  teamId: string;
  scopes: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  role: Role | null;
}

/** The token with a given hash ($1), and its user's role in its team (null once they left it); timestamps as UTC instants, as Prisma reads its DateTime columns. */
export const BEARER_TOKEN_SQL = `SELECT token.id, token."userId", token."teamId", token.scopes,
  token."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt", token."lastUsedAt" AT TIME ZONE 'UTC' AS "lastUsedAt", member.role::text AS role
  FROM "ApiToken" AS token
  LEFT JOIN "Membership" AS member ON member."userId" = token."userId" AND member."teamId" = token."teamId"
  WHERE token."tokenHash" = $1`;

/**
 * The token with this secret, and its user's role in its team, in one statement. Every API
 * call runs it, so it runs with pg alone (lib/db.ts `$pool`) rather than as two Prisma reads.
 */
async function findBearerToken(db: Db, token: string): Promise<BearerTokenRow | undefined> {
  const { rows } = await db.$pool.query<BearerTokenRow>(prepared(BEARER_TOKEN_SQL, [sha256(token)]));
  return rows[0];
}

/** A token's last-used time is written at most this often, to keep reads cheap. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type PassportInstance = InstanceType<typeof Passport>;

export function createPassport(db: Db, auth: Pick<AuthService, 'logIn'>): PassportInstance {
  const passport = new Passport();

  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, email, password, done) => {
      auth
        .logIn({ email, password }, clientAddress(req))
        .then((user) => done(null, user ?? false))
        .catch(done);
    }),
  );

  passport.use(
    new BearerStrategy((token, done) => {
      findBearerToken(db, token)
        .then(async (apiToken) => {
          if (!apiToken || (apiToken.expiresAt && apiToken.expiresAt <= new Date())) return done(null, false);
          if (!apiToken.lastUsedAt || Date.now() - apiToken.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
            await db.apiToken.update({ where: { id: apiToken.id }, data: { lastUsedAt: new Date() } });
          }
          const scopes = TOKEN_SCOPES.filter((scope) => apiToken.scopes.includes(scope));
          const info: TokenInfo = { teamId: apiToken.teamId, scopes, role: apiToken.role };
          return done(null, { id: apiToken.userId }, info as never);
        })
        .catch(done);
    }),
  );

  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: string, done) => {
    db.user
      .findUnique({ where: { id }, select: { id: true } })
      .then((user) => done(null, user ?? false))
      .catch(done);
  });

  return passport;
}

/**
 * Sets `req.actor` from an `Authorization: Bearer` token if one is sent (a bad token is
 * a 401, never a silent fallback to the session), else from the session.
 */
export function resolveActor(passport: PassportInstance, db: Db): RequestHandler {
  return (req, res, next) => {
    if (req.headers.authorization) {
      passport.authenticate('bearer', { session: false }, (error: unknown, user: Express.User | false, info: TokenInfo | undefined) => {
        if (error) return next(error);
        if (!user || !info?.teamId) return next(problems.unauthenticated('The API token is invalid, revoked or expired.'));
        if (!info.role) return next(problems.unauthenticated('The API token belongs to a team its user has left.'));
        req.actor = { userId: user.id, teamId: info.teamId, role: info.role, via: 'token', scopes: info.scopes };
        next();
      })(req, res, next);
      return;
    }
    if (!req.user) return next();
    const userId = req.user.id;
    sessionTeam(db, userId, req.session.teamId)
      .then((team) => {
        if (team) req.actor = { userId, teamId: team.teamId, role: team.role, via: 'session' };
        next();
      })
      .catch(next);
  };
}
