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
import {
  LoginSchema,
  PasswordResetConfirmSchema,
  PasswordResetRequestSchema,
  SecondFactorSchema,
  SignupSchema,
  VerifyEmailSchema,
} from './schemas';
import { awaitSecondFactor, pendingSecondFactorUser, startSession } from './session-login';

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
      await startSession(req, user.id);
      res.status(201).json({ user, csrfToken: csrfTokenFor(req) });
    },
  },
  {
    method: 'post',
    path: '/auth/login',
    operationId: 'login',
    tags: ['auth'],
    summary: 'Log in with email and password, starting a session (or, with two-factor log-in on, its second step)',
    security: security.open,
    request: { body: jsonBody(LoginSchema) },
    responses: {
      200: json('User', 'Logged in; the response sets the `planrrr.sid` session cookie'),
      202: json(
        'SecondFactorRequired',
        'The password is right and the user has two-factor log-in: send a code to `POST /auth/login/second-factor` with the cookie this response sets, within 5 minutes',
      ),
    },
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
      if (await services.twoFactor.isEnabled(user.id)) {
        await awaitSecondFactor(req, user.id);
        res.status(202).json({ twoFactorRequired: true });
        return;
      }
      await startSession(req, user.id);
      res.json({ user: await services.auth.profileOf(user.id), csrfToken: csrfTokenFor(req) });
    },
  },
  {
    method: 'post',
    path: '/auth/login/second-factor',
    operationId: 'loginSecondFactor',
    tags: ['auth'],
    summary:
      "The second step of a log-in with two-factor log-in on: a code of the user's authenticator app, or one of their recovery codes",
    security: security.open,
    request: { body: jsonBody(SecondFactorSchema) },
    responses: { 200: json('User', 'Logged in; the response sets a new `planrrr.sid` session cookie') },
    problems: {
      400: '',
      401: 'the code is wrong or was used already, or no log-in waits for a second factor in this session (or it took over 5 minutes)',
      429: 'too many wrong codes for this user, or too many attempts from this address (`rate-limited`, with Retry-After)',
      503: 'the attempt counters cannot be reached',
    },
    async handler(req, res, { services }) {
      const { code } = parseRequest(SecondFactorSchema, req, 'body');
      const userId = pendingSecondFactorUser(req);
      if (!(await services.twoFactor.verifyCode(userId, code, clientAddress(req)))) {
        throw problems.unauthenticated('The code is wrong, or it was used already: wait for the next one, or use a recovery code.');
      }
      await startSession(req, userId);
      res.json({ user: await services.auth.profileOf(userId), csrfToken: csrfTokenFor(req) });
    },
  },
  {
    method: 'post',
    path: '/auth/verify-email',
    operationId: 'verifyEmail',
    tags: ['auth'],
    summary: "Verify the user's email with the token of the link mailed to them (single use, valid 24 hours)",
    security: security.open,
    request: { body: jsonBody(VerifyEmailSchema) },
    responses: { 204: noContent('Verified') },
    problems: { 400: '', 422: 'the token is unknown, used or expired (`token-invalid`)' },
    async handler(req, res, { services }) {
      await services.emailVerification.verify(parseRequest(VerifyEmailSchema, req, 'body').token);
      res.status(204).end();
    },
  },
  {
    method: 'post',
    path: '/auth/verify-email/resend',
    operationId: 'resendVerificationEmail',
    tags: ['auth'],
    summary: 'Mail the logged-in user a new verification link (3 an hour at most)',
    security: security.session,
    responses: { 202: noContent('Queued for sending') },
    problems: {
      401: '',
      403: 'needs a session',
      409: 'the email is verified already (`already-verified`)',
      429: 'three links were sent within the hour (`rate-limited`, with Retry-After)',
      503: 'the attempt counters cannot be reached',
    },
    async handler(req, res, { services }) {
      await services.emailVerification.resend(requireSession(req).userId);
      res.status(202).end();
    },
  },
  {
    method: 'post',
    path: '/auth/password-reset',
    operationId: 'requestPasswordReset',
    tags: ['auth'],
    summary: 'Mail a password-reset link (single use, valid one hour) if the email has an account; the answer is the same either way',
    security: security.open,
    request: { body: jsonBody(PasswordResetRequestSchema) },
    responses: { 202: noContent('Accepted: a link is on its way if the email has an account') },
    problems: {
      400: '',
      429: 'too many requests from this address, or for this email (`rate-limited`, with Retry-After)',
      503: 'the attempt counters cannot be reached',
    },
    async handler(req, res, { services }) {
      const { email } = parseRequest(PasswordResetRequestSchema, req, 'body');
      await services.passwordReset.request(email, clientAddress(req));
      res.status(202).end();
    },
  },
  {
    method: 'post',
    path: '/auth/password-reset/confirm',
    operationId: 'confirmPasswordReset',
    tags: ['auth'],
    summary: "Set a new password with the token of a reset link; ends the user's other sessions",
    security: security.open,
    request: { body: jsonBody(PasswordResetConfirmSchema) },
    responses: { 204: noContent('The password is changed: log in with it') },
    problems: {
      400: 'a field is not valid, or the password is too easy to guess (the link keeps working)',
      422: 'the token is unknown, used or expired (`token-invalid`)',
    },
    async handler(req, res, { services }) {
      const input = parseRequest(PasswordResetConfirmSchema, req, 'body');
      await services.passwordReset.confirm(input, req.user ? req.sessionID : undefined);
      res.status(204).end();
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
