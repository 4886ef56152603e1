import type { ReactNode } from 'react';
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
  useRouteLoaderData,
  type ShouldRevalidateFunctionArgs,
} from 'react-router';
import type { Route } from './+types/root';
import { loadCurrentUser } from './root.server';
import stylesheetUrl from './styles.css?url';

const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#3730a3"/><path d="M10 24V8h7a5 5 0 0 1 0 10h-7" fill="none" stroke="#fff" stroke-width="3"/></svg>',
)}`;

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheetUrl },
  { rel: 'icon', href: FAVICON, type: 'image/svg+xml' },
];

export const meta: Route.MetaFunction = () => [{ title: 'planrrr' }];

export async function loader({ context }: Route.LoaderArgs) {
  return { user: await loadCurrentUser(context) };
}

/** The header's user does not change while a page reloads its data for post status changes. */
export function shouldRevalidate({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  if (!formMethod && currentUrl.href === nextUrl.href) return false;
  return defaultShouldRevalidate;
}

function Header() {
  const user = useRouteLoaderData<typeof loader>('root')?.user;
  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link to={user ? '/posts' : '/login'} className="brand">
          planrrr
        </Link>
        {user ? (
          <>
            <nav aria-label="Main">
              <NavLink to="/posts">Posts</NavLink>
              <NavLink to="/connections">Connections</NavLink>
              <NavLink to="/team">Team</NavLink>
            </nav>
            <div className="user-menu">
              <span className="user-name" title={user.email}>
                {user.name}
                {user.teamName ? <span className="team-name"> · {user.teamName}</span> : null}
              </span>
              <Form method="post" action="/logout">
                <button type="submit" className="button-link">
                  Log out
                </button>
              </Form>
            </div>
          </>
        ) : (
          <nav aria-label="Account">
            <NavLink to="/login">Log in</NavLink>
            <NavLink to="/signup">Sign up</NavLink>
          </nav>
        )}
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <Header />
        <main id="main" className="container">
          {children}
        </main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
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
