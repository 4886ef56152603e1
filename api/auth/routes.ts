import { Router } from 'express';
import { clientAddress } from '../http/client-address';
import { csrfTokenFor } from '../http/csrf';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { problems } from '../http/problem';
import { parseRequest } from '../http/validate';
import { json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { requireActor, requireSession } from './actor';
import type { PassportInstance } from './passport';
import { LoginSchema, SignupSchema } from './schemas';

interface AuthDeps {
  services: Services;
  passport: PassportInstance;
}

export const authEndpoints = defineRoutes<AuthDeps>(API_BASE, [
  {
    method: 'post',
    path: '/auth/signup',
    operationId: 'signup',
    tags: ['auth'],
    summary: 'Create a user and a personal team, and start a session',
    security: security.open,
    request: { body: jsonBody(SignupSchema) },
    responses: { 201: json('User', 'Signed up; the response sets the `planrrr.sid` session cookie') },
    problems: {
      400: 'a field is not valid, or the password is too easy to guess',
      409: 'an account with this email exists (`email-taken`)',
      429: 'too many sign-up or log-in attempts from this address (`rate-limited`, with Retry-After)',
      503: 'the attempt counters cannot be reached',
    },
    async handler(req, res, { services }) {
      const input = parseRequest(SignupSchema, req, 'body');
      const user = await services.auth.signup(input, clientAddress(req));
      await new Promise<void>((resolve, reject) => req.login({ id: user.id }, (error) => (error ? reject(error) : resolve())));
      res.status(201).json({ user, csrfToken: csrfTokenFor(req) });
    },
  },
  {
    method: 'post',
    path: '/auth/login',
    operationId: 'login',
    tags: ['auth'],
    summary: 'Log in with email and password, starting a session',
    security: security.open,
    request: { body: jsonBody(LoginSchema) },
    responses: { 200: json('User', 'Logged in; the response sets the `planrrr.sid` session cookie') },
    problems: {
      400: '',
      401: 'the email or password is wrong',
      429: 'too many attempts from this address, or too many wrong passwords for this account from it (`rate-limited`, with Retry-After)',
      503: 'the attempt counters cannot be reached',
    },
    async handler(req, res, { services, passport }) {
      parseRequest(LoginSchema, req, 'body');
      const user = await new Promise<Express.User | false>((resolve, reject) =>
        passport.authenticate('local', { session: false }, (error: unknown, found: Express.User | false) =>
          error ? reject(error) : resolve(found),
        )(req, res, () => undefined),
      );
      if (!user) throw problems.unauthenticated('The email or password is wrong.');
      // Passport regenerates the session on login, so a session id cannot be fixed beforehand.
      await new Promise<void>((resolve, reject) => req.login(user, (error) => (error ? reject(error) : resolve())));
      res.json({ user: (await services.auth.me(user.id, '')).user, csrfToken: csrfTokenFor(req) });
    },
  },
  {
    method: 'post',
    path: '/auth/logout',
    operationId: 'logout',
    tags: ['auth'],
    summary: 'End the session',
    security: security.open,
    responses: { 204: noContent('Logged out (also when there was no session)') },
    async handler(req, res) {
      await new Promise<void>((resolve, reject) => req.logout((error) => (error ? reject(error) : resolve())));
      res.status(204).end();
    },
  },
  {
    method: 'get',
    path: '/auth/csrf',
    operationId: 'getCsrfToken',
    tags: ['auth'],
    summary: "The session's CSRF token, for writes made with the session cookie (X-CSRF-Token)",
    security: security.session,
    responses: { 200: json('CsrfToken', 'The token') },
    problems: { 401: '', 403: 'API tokens need no CSRF token' },
    handler(req, res) {
      requireSession(req);
      res.json({ csrfToken: csrfTokenFor(req) });
    },
  },
  {
    method: 'get',
    path: '/me',
    operationId: 'getMe',
    tags: ['auth'],
    summary: 'The user, their teams and roles, and the team this request acts in',
    security: security.sessionOrToken,
    responses: { 200: json('Me', 'The current user') },
    problems: { 401: '' },
    before: [requireActor],
    async handler(req, res, { services }) {
      res.json(await services.auth.me(req.actor!.userId, req.actor!.teamId));
    },
  },
]);

export function authRoutes(services: Services, passport: PassportInstance): Router {
  return addRoutes(Router(), authEndpoints, { services, passport });
}
