// Who may see a page, named by intent (after the Epic Stack's requireUserId and friends).
// Permissions are checked with the same matrix as the API (domain/permissions.ts).
import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { roleAllows, type Permission } from '../../domain/permissions';

/** The actor of the request; anonymous visitors are sent to log in and brought back. */
export function requireActor(context: AppLoadContext, request: Request): Actor {
  if (context.actor) return context.actor;
  const { pathname, search } = new URL(request.url);
  const back = `${pathname}${search}`;
  throw redirect(back === '/' ? '/login' : `/login?${new URLSearchParams({ redirectTo: back })}`);
}

/** The actor, if their role allows `permission`; otherwise the page answers 403. */
export function requirePermission(context: AppLoadContext, request: Request, permission: Permission): Actor {
  const actor = requireActor(context, request);
  if (!roleAllows(actor.role, permission)) {
    throw data(
      { title: 'Not allowed', detail: `Your role in this team (${actor.role.toLowerCase()}) does not allow this.` },
      { status: 403 },
    );
  }
  return actor;
}

/** Login and signup pages are for visitors: a logged-in user goes to the dashboard. */
export function requireAnonymous(context: AppLoadContext): void {
  if (context.actor) throw redirect('/dashboard');
}
