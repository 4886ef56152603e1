// Bluesky sessions, reused per account until shortly before their access token expires.
// A PDS limits logins: createSession is limited by handle to 30 per 5 minutes and 300 a day
// (https://docs.bsky.app/docs/advanced-guides/rate-limits; Bluesky's entryway counts 100 a
// day), while one account's publishes, thread parts, first comments, metrics readings and
// follower counts easily pass that. So the worker logs in once per account and token
// lifetime, and the posts of a burst due together share that one login.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PublishError } from '../../lib/platforms/errors';
import { createBlueskySession } from './api.server';

export type BlueskySession = Awaited<ReturnType<typeof createBlueskySession>>;

export interface BlueskyLogin {
  serviceUrl: string;
  identifier: string;
  appPassword: string;
}

/** A session is not used for new work this close to its expiry: an upload may take a while. */
export const SESSION_RENEW_BEFORE_MS = 5 * 60_000;

// The access token is a JWT; its `exp` (seconds) says when the PDS stops taking it.
const AccessTokenClaimsSchema = z.object({ exp: z.number() });

/** When the access token expires, or undefined where it cannot be read (then the session is not kept). */
export function accessTokenExpiry(accessJwt: string): number | undefined {
  try {
    const claims = AccessTokenClaimsSchema.safeParse(JSON.parse(Buffer.from(accessJwt.split('.')[1] ?? '', 'base64url').toString()));
    return claims.success ? claims.data.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

interface Entry {
  session: Promise<BlueskySession>;
  /** known once the login answered; until then the pending login is shared */
  expiresAt?: number;
}

export class BlueskySessions {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly login: (login: BlueskyLogin) => Promise<BlueskySession> = ({ serviceUrl, identifier, appPassword }) =>
      createBlueskySession(serviceUrl, identifier, appPassword),
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs `work` with the account's session. A kept session the PDS no longer takes (expired
   * early, revoked) is dropped and `work` runs once more with a new login, so only a login
   * the PDS refuses reaches the caller as AUTH_FAILED. `work` must be safe to run again
   * after such a refusal: nothing was written with the refused token.
   */
  async use<T>(login: BlueskyLogin, work: (session: BlueskySession) => Promise<T>): Promise<T> {
    const { entry, fresh } = this.entryFor(login);
    try {
      return await work(await entry.session);
    } catch (error) {
      if (fresh || !(error instanceof PublishError && error.kind === 'AUTH_FAILED')) throw error;
      this.forget(login, entry);
      return work(await this.entryFor(login).entry.session);
    }
  }

  private entryFor(login: BlueskyLogin): { entry: Entry; fresh: boolean } {
    const key = keyOf(login);
    const kept = this.entries.get(key);
    if (kept && (kept.expiresAt === undefined || kept.expiresAt - SESSION_RENEW_BEFORE_MS > this.now())) {
      return { entry: kept, fresh: false };
    }
    const entry: Entry = { session: this.login(login) };
    this.entries.set(key, entry);
    entry.session.then(
      (session) => {
        entry.expiresAt = accessTokenExpiry(session.accessJwt);
        if (entry.expiresAt === undefined) this.forget(login, entry);
      },
      () => this.forget(login, entry),
    );
    return { entry, fresh: true };
  }

  private forget(login: BlueskyLogin, entry: Entry): void {
    const key = keyOf(login);
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }
}

// A new app password (a reconnect) is a new key, so it never meets the old password's session.
function keyOf({ serviceUrl, identifier, appPassword }: BlueskyLogin): string {
  return [serviceUrl, identifier, createHash('sha256').update(appPassword).digest('base64url')].join(' ');
}
