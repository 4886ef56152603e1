import { Router } from 'express';
import { requireSession } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { clientAddress } from '../http/client-address';
import { parseRequest } from '../http/validate';
import { DisableTwoFactorSchema, SecondFactorSchema } from '../auth/schemas';
import { json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { DeleteAccountSchema, SessionIdParams } from './schemas';

export const accountEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/me/export',
    operationId: 'exportMyData',
    tags: ['account'],
    summary: 'Everything planrrr holds about the logged-in user, as a JSON download (GDPR)',
    security: security.session,
    responses: { 200: json('AccountExport', 'The export (Content-Disposition: attachment)') },
    problems: { 401: '', 403: 'needs a session' },
    async handler(req, res, services) {
      const actor = requireSession(req);
      res.attachment('planrrr-export.json').json(await services.account.exportData(actor.userId));
    },
  },
  {
    method: 'delete',
    path: '/me',
    operationId: 'deleteMyAccount',
    tags: ['account'],
    summary: 'Delete the account (GDPR): teams the user was alone in go with it; posts in shared teams stay, without an author',
    security: security.session,
    request: { body: jsonBody(DeleteAccountSchema) },
    responses: { 204: noContent('Deleted; the session ends') },
    problems: {
      400: 'the password is wrong',
      401: '',
      403: 'needs a session',
      409: 'a shared team would be left without an owner (`last-owner`, with `teamIds`)',
    },
    async handler(req, res, services) {
      const actor = requireSession(req);
      const { password } = parseRequest(DeleteAccountSchema, req, 'body');
      await services.account.deleteAccount(actor.userId, password);
      await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
      res.clearCookie('planrrr.sid').status(204).end();
    },
  },
  {
    method: 'get',
    path: '/me/2fa',
    operationId: 'getTwoFactor',
    tags: ['account'],
    summary: 'Whether two-factor log-in is on, and how many recovery codes are left',
    security: security.session,
    responses: { 200: json('TwoFactorStatus', 'The state') },
    problems: { 401: '', 403: 'needs a session' },
    async handler(req, res, services) {
      res.json(await services.twoFactor.status(requireSession(req).userId));
    },
  },
  {
    method: 'post',
    path: '/me/2fa/enroll',
    operationId: 'enrollTwoFactor',
    tags: ['account'],
    summary:
      'Start two-factor log-in: a new TOTP secret for an authenticator app (text, otpauth URL and QR code); it is off until confirmed',
    security: security.session,
    responses: { 200: json('TwoFactorEnrolment', 'The secret, shown this once') },
    problems: { 401: '', 403: 'needs a session', 409: 'two-factor log-in is on already (`two-factor-enabled`)' },
    async handler(req, res, services) {
      res.json(await services.twoFactor.enroll(requireSession(req).userId));
    },
  },
  {
    method: 'post',
    path: '/me/2fa/confirm',
    operationId: 'confirmTwoFactor',
    tags: ['account'],
    summary: 'Turn two-factor log-in on with the first code of the enrolled secret; answers 10 single-use recovery codes, once',
    security: security.session,
    request: { body: jsonBody(SecondFactorSchema) },
    responses: { 200: json('RecoveryCodes', 'On; keep the recovery codes somewhere safe: they are not shown again') },
    problems: {
      400: 'the code is not the current one (`body.code`)',
      401: '',
      403: 'needs a session',
      409: 'nothing enrolled (`not-enrolled`), or two-factor log-in is on already (`two-factor-enabled`)',
    },
    async handler(req, res, services) {
      const { code } = parseRequest(SecondFactorSchema, req, 'body');
      res.json(await services.twoFactor.confirm(requireSession(req).userId, code));
    },
  },
  {
    method: 'post',
    path: '/me/2fa/disable',
    operationId: 'disableTwoFactor',
    tags: ['account'],
    summary: 'Turn two-factor log-in off, confirmed with the password or a code (TOTP or recovery)',
    security: security.session,
    request: { body: jsonBody(DisableTwoFactorSchema) },
    responses: { 204: noContent('Off; the secret and recovery codes are deleted') },
    problems: {
      400: 'neither given, or the password or code is wrong',
      401: '',
      403: 'needs a session',
      429: 'too many wrong codes (`rate-limited`, with Retry-After)',
      503: 'the attempt counters cannot be reached',
    },
    async handler(req, res, services) {
      const actor = requireSession(req);
      await services.twoFactor.disable(actor.userId, parseRequest(DisableTwoFactorSchema, req, 'body'), clientAddress(req));
      res.status(204).end();
    },
  },
  {
    method: 'get',
    path: '/me/sessions',
    operationId: 'listMySessions',
    tags: ['account'],
    summary: "The user's active sessions, most recently used first; `current` marks this one",
    security: security.session,
    responses: { 200: json('SessionList', 'The sessions') },
    problems: { 401: '', 403: 'needs a session' },
    async handler(req, res, services) {
      res.json({ data: await services.sessions.list(requireSession(req).userId, req.sessionID) });
    },
  },
  {
    method: 'delete',
    path: '/me/sessions',
    operationId: 'endMyOtherSessions',
    tags: ['account'],
    summary: 'Sign out everywhere else: end every session of the user but this one',
    security: security.session,
    responses: { 204: noContent('Ended') },
    problems: { 401: '', 403: 'needs a session' },
    async handler(req, res, services) {
      await services.sessions.endAllBut(requireSession(req).userId, req.sessionID);
      res.status(204).end();
    },
  },
  {
    method: 'delete',
    path: '/me/sessions/:id',
    operationId: 'endMySession',
    tags: ['account'],
    summary: "End one of the user's sessions (ending this one logs out)",
    security: security.session,
    request: { params: SessionIdParams },
    responses: { 204: noContent('Ended') },
    problems: { 401: '', 403: 'needs a session', 404: 'no active session of the user has this id' },
    async handler(req, res, services) {
      const { id } = parseRequest(SessionIdParams, req, 'params');
      await services.sessions.end(requireSession(req).userId, id);
      res.status(204).end();
    },
  },
]);

export function accountRoutes(services: Services): Router {
  return addRoutes(Router(), accountEndpoints, services);
}
