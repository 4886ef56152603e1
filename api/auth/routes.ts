import { Router } from 'express';
import { csrfTokenFor } from '../http/csrf';
import { problems } from '../http/problem';
import { parseRequest } from '../http/validate';
import type { Services } from '../services';
import { requireActor, requireSession } from './actor';
import type { PassportInstance } from './passport';
import { LoginSchema, SignupSchema } from './schemas';

export function authRoutes(services: Services, passport: PassportInstance): Router {
  const router = Router();

  router.post('/auth/signup', async (req, res) => {
    const input = parseRequest(SignupSchema, req, 'body');
    const user = await services.auth.signup(input);
    await new Promise<void>((resolve, reject) => req.login({ id: user.id }, (error) => (error ? reject(error) : resolve())));
    res.status(201).json({ user, csrfToken: csrfTokenFor(req) });
  });

  router.post('/auth/login', async (req, res) => {
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
  });

  router.post('/auth/logout', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.logout((error) => (error ? reject(error) : resolve())));
    res.status(204).end();
  });

  router.get('/auth/csrf', (req, res) => {
    requireSession(req);
    res.json({ csrfToken: csrfTokenFor(req) });
  });

  router.get('/me', requireActor, async (req, res) => {
    res.json(await services.auth.me(req.actor!.userId, req.actor!.teamId));
  });

  return router;
}
