import { redirect } from 'react-router';
import type { Route } from './+types/logout';

export async function action({ context }: Route.ActionArgs) {
  await context.session.logout();
  throw redirect('/login');
}

/** Logging out is a POST (the header's button); a visit here just goes home. */
export function loader() {
  throw redirect('/');
}
