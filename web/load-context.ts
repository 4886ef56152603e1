// What every loader and action receives as `context`: the services the API uses, the
// request's actor, the session, the few settings pages link with, and the response's CSP
// nonce. Built per request by web/handler.ts from what Express (session, Passport,
// resolveActor, the CSP nonce) already set.
import type { Request, Response } from 'express';
import type { AppLoadContext } from 'react-router';
import type { Actor } from '../api/auth/actor';
import { awaitSecondFactor, pendingSecondFactorUser, startSession } from '../api/auth/session-login';
import { clientAddress } from '../api/http/client-address';
import type { Services } from '../api/services';
import type { Config } from '../lib/config';

export interface WebSession {
  /** this session's id, which the list of the user's sessions marks as the current one */
  id: string;
  /** Logs the user in; Passport regenerates the session id, so it cannot be fixed beforehand. */
  login(userId: string): Promise<void>;
  /** Makes this a half-logged-in session, waiting for the user's second factor (api/auth/session-login.ts). */
  awaitSecondFactor(userId: string): Promise<void>;
  /** The user whose log-in waits for a second factor here; throws 401 when none does. */
  pendingSecondFactorUser(): string;
  logout(): Promise<void>;
  /** Acts in another of the user's teams from the next request on. */
  switchTeam(teamId: string): Promise<void>;
}

export interface WebSettings {
  /** the Temporal Web UI, for operators' links */
  temporalUiUrl: string;
  namespace: string;
  /** where the docs/ folder is published, if the operator says (DOCS_URL) */
  docsUrl: string | null;
}

declare module 'react-router' {
  interface AppLoadContext {
    services: Services;
    /** null for anonymous visitors */
    actor: Actor | null;
    session: WebSession;
    settings: WebSettings;
    /** the caller's IP address, which log-in and sign-up attempts count against */
    clientAddress: string;
    /** this response's Content-Security-Policy nonce, for the inline scripts the page renders (web/entry.server.tsx) */
    cspNonce: string;
  }
}

export function loadContextFactory(deps: { services: Services; config: Config }): (req: Request, res: Response) => AppLoadContext {
  const settings: WebSettings = {
    temporalUiUrl: deps.config.TEMPORAL_UI_URL,
    namespace: deps.config.TEMPORAL_NAMESPACE,
    docsUrl: deps.config.DOCS_URL?.replace(/\/$/, '') ?? null,
  };
  return (req, res) => ({
    services: deps.services,
    actor: req.actor ?? null,
    session: {
      id: req.sessionID,
      login: (userId) => startSession(req, userId),
      awaitSecondFactor: (userId) => awaitSecondFactor(req, userId),
      pendingSecondFactorUser: () => pendingSecondFactorUser(req),
      logout: () => new Promise<void>((resolve, reject) => req.logout((error: unknown) => (error ? reject(error) : resolve()))),
      // NOTE: saved now, not when the response ends: a streamed answer lets the browser's
      // next request arrive before express-session would have saved it.
      switchTeam: (teamId) =>
        new Promise<void>((resolve, reject) => {
          req.session.teamId = teamId;
          req.session.save((error: unknown) => (error ? reject(error) : resolve()));
        }),
    },
    settings,
    clientAddress: clientAddress(req),
    cspNonce: res.locals.cspNonce,
  });
}
