import { useEffect, useState, type ReactNode } from 'react';
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
  type ShouldRevalidateFunctionArgs,
} from 'react-router';
import { z } from 'zod';
import type { Route } from './+types/root';
import { loadCurrentUser } from './root.server';
import stylesheetUrl from './styles.css?url';
import { isClientPage } from './utils/client-pages';
import { useCspNonce } from './utils/csp-nonce';
import { useHydrated } from './utils/use-hydrated';

// The composer checks platform rules (and their zod schemas) in the browser, whose CSP has no
// 'unsafe-eval': zod must not try to compile its parsers with new Function there.
if (typeof document !== 'undefined') z.config({ jitless: true });

const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#3730a3"/><path d="M10 24V8h7a5 5 0 0 1 0 10h-7" fill="none" stroke="#fff" stroke-width="3"/></svg>',
)}`;

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheetUrl },
  { rel: 'icon', href: FAVICON, type: 'image/svg+xml' },
];

export const meta: Route.MetaFunction = () => [{ title: 'planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return { user: isClientPage(new URL(request.url).pathname) ? null : await loadCurrentUser(context) };
}

/** The header (its user, the bell's count) does not change while a page reloads its data for post status changes. */
export function shouldRevalidate({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  if (!formMethod && currentUrl.href === nextUrl.href) return false;
  return defaultShouldRevalidate;
}

const NAVIGATION = [
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/compose', label: 'Compose' },
  { to: '/calendar', label: 'Calendar' },
  { to: '/queue', label: 'Queue' },
  { to: '/posts', label: 'Posts' },
  { to: '/previews', label: 'Previews' },
  { to: '/templates', label: 'Templates' },
  { to: '/imports', label: 'Import' },
  { to: '/labels', label: 'Labels' },
  { to: '/series', label: 'Series' },
  { to: '/evergreen', label: 'Evergreen' },
  { to: '/analytics', label: 'Analytics' },
  { to: '/connections', label: 'Connections' },
  { to: '/team', label: 'Team' },
  { to: '/settings', label: 'Settings' },
] as const;

/** The bell: the unread notifications' count, on every page and at every width, leading to the list. */
function NotificationBell({ unread }: { unread: number }) {
  return (
    <Link to="/notifications" className="bell" aria-label={unread === 0 ? 'Notifications' : `Notifications: ${unread} unread`}>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M12 3a5 5 0 0 0-5 5v3.5L5.5 15v1.5h13V15L17 11.5V8a5 5 0 0 0-5-5Zm-2 15a2 2 0 0 0 4 0"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinejoin="round"
        />
      </svg>
      {unread > 0 ? (
        <span className="bell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}

/**
 * The app's frame for a logged-in user: the main navigation, who they are and in which
 * team, and log out. On a phone the navigation folds behind a Menu button once
 * JavaScript runs (before that it stays open, so it always works).
 */
function AppHeader({ user }: { user: NonNullable<Route.ComponentProps['loaderData']['user']> }) {
  const hydrated = useHydrated();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  return (
    <header className="app-header">
      <div className="app-bar">
        <Link to="/dashboard" className="brand">
          planrrr
        </Link>
        <div className="app-bar-actions">
          <NotificationBell unread={user.unreadNotifications} />
          {hydrated ? (
            <button
              type="button"
              className="menu-button"
              aria-expanded={menuOpen}
              aria-controls="main-navigation"
              onClick={() => setMenuOpen((open) => !open)}
            >
              Menu
            </button>
          ) : null}
        </div>
      </div>
      <nav
        id="main-navigation"
        aria-label="Main"
        className="app-nav"
        data-collapsible={hydrated || undefined}
        data-open={menuOpen || undefined}
      >
        <ul>
          {NAVIGATION.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to}>{item.label}</NavLink>
            </li>
          ))}
        </ul>
        <div className="user-menu">
          <p className="user-name">
            <span className="visually-hidden">Signed in as </span>
            <strong title={user.email}>{user.name}</strong>
            {user.teamName ? (
              <>
                <span className="visually-hidden">, team </span>
                <span className="team-name">{user.teamName}</span>
              </>
            ) : null}
          </p>
          <Form method="post" action="/logout">
            <button type="submit" className="button button-secondary button-small">
              Log out
            </button>
          </Form>
        </div>
      </nav>
    </header>
  );
}

function VisitorHeader() {
  return (
    <header className="visitor-header">
      <Link to="/login" className="brand">
        planrrr
      </Link>
      <nav aria-label="Account">
        <NavLink to="/login">Log in</NavLink>
        <NavLink to="/signup">Sign up</NavLink>
      </nav>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useCspNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        {/* stylesheets need no nonce (style-src allows 'self'); an empty one keeps React Router from adding the server's, which the browser would not match */}
        <Links nonce="" />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <Shell>{children}</Shell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const user = useRouteLoaderData<typeof loader>('root')?.user;
  const { pathname } = useLocation();
  if (isClientPage(pathname)) {
    // a client's page has no app around it: no navigation, no log-in links
    return (
      <div className="client-shell">
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    );
  }
  return (
    <div className={user ? 'app-shell' : 'visitor-shell'}>
      {user ? <AppHeader user={user} /> : <VisitorHeader />}
      <main id="main" tabIndex={-1}>
        {user && !user.emailVerified ? <VerificationBanner email={user.email} /> : null}
        {children}
      </main>
    </div>
  );
}

/**
 * Until the user opens their verification link: a reminder, and the link sent again on request
 * (the settings page's action). Not a labelled region: its label would share the word "email"
 * with the email fields of the pages below it.
 */
function VerificationBanner({ email }: { email: string }) {
  return (
    <div className="verification-banner">
      <span>Confirm your email: open the link we sent to {email}.</span>
      <Form method="post" action="/settings">
        <button type="submit" name="intent" value="resend-verification" className="button button-small">
          Send it again
        </button>
      </Form>
    </div>
  );
}

export default function App() {
  return <Outlet />;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'That request was not valid.',
  403: 'You are not allowed to see this.',
  404: 'There is nothing here. It may have been deleted, or belong to another team.',
};

/** Friendly words only: details of unexpected errors stay in the server's log. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  let title = 'Something went wrong';
  let message = 'Something went wrong on our side. The error was logged; please try again.';
  if (isRouteErrorResponse(error)) {
    const problem = error.data as { title?: string; detail?: string } | undefined;
    title = problem?.title ?? (error.status === 404 ? 'Page not found' : error.statusText || title);
    message = problem?.detail ?? STATUS_MESSAGES[error.status] ?? message;
  }
  return (
    <section className="error-page">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">Back to planrrr</Link>
      </p>
    </section>
  );
}
