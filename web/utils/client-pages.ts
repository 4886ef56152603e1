// Pages for people without an account: a client opening a preview link. They show nothing
// of the app's session, not even to a team member who happens to be logged in, so what a
// client sees is what the link shows (web/routes/preview.tsx).
import { PREVIEW_PAGE_PATH } from '../../domain/preview-links';

const CLIENT_PAGE_PREFIX = `${PREVIEW_PAGE_PATH}/`;

/** For the path of a page or of its data request (`/preview/<token>.data`). */
export function isClientPage(pathname: string): boolean {
  return pathname.startsWith(CLIENT_PAGE_PREFIX);
}
