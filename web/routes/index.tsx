import { redirect } from 'react-router';
import type { Route } from './+types/index';

export function loader({ context }: Route.LoaderArgs) {
  throw redirect(context.actor ? '/dashboard' : '/login');
}
