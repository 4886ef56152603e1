// Notifications: what happened that the user should know of (a failed post, an approval to
// give, an account to reconnect), newest first, each linking to its page. The bell in the
// header counts the unread ones; marking them read here clears it.
import { Form, Link, useNavigation } from 'react-router';
import { LocalTime } from '../components/local-time';
import { requireActor } from '../utils/auth.server';
import type { Route } from './+types/notifications';
import { loadNotifications, markNotificationsRead } from './notifications.server';

export const meta: Route.MetaFunction = () => [{ title: 'Notifications · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadNotifications(context, requireActor(context, request), new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  return markNotificationsRead(context, requireActor(context, request), await request.formData(), new URL(request.url));
}

export default function Notifications({ loaderData }: Route.ComponentProps) {
  const { notifications, unreadCount, unreadOnly } = loaderData;
  const navigation = useNavigation();
  return (
    <>
      <h1>Notifications</h1>
      <div className="actions">
        <p role="status">{unreadCount === 0 ? 'Nothing unread.' : unreadCount === 1 ? '1 unread' : `${unreadCount} unread`}</p>
        <nav aria-label="Which notifications" className="hint">
          {unreadOnly ? <Link to="/notifications">Show all</Link> : <Link to="/notifications?show=unread">Show unread only</Link>}
        </nav>
        {unreadCount > 0 ? (
          <Form method="post">
            <button type="submit" name="intent" value="read-all" className="button button-secondary" disabled={navigation.state !== 'idle'}>
              Mark all read
            </button>
          </Form>
        ) : null}
      </div>
      {notifications.length === 0 ? (
        <p className="card">
          {unreadOnly ? 'No unread notifications.' : 'No notifications yet. Failures, approvals and mentions show up here.'}
        </p>
      ) : (
        <ul className="notification-list">
          {notifications.map((notification) => (
            <li key={notification.id} className="notification" data-unread={!notification.read || undefined}>
              <Link to={notification.path} className="notification-title">
                {notification.read ? null : <span className="visually-hidden">Unread: </span>}
                {notification.title}
              </Link>
              <span className="hint">
                <LocalTime iso={notification.createdAt} />
              </span>
              {notification.read ? null : (
                <Form method="post">
                  <input type="hidden" name="id" value={notification.id} />
                  <button
                    type="submit"
                    name="intent"
                    value="read"
                    className="button button-secondary button-small"
                    aria-label={`Mark read: ${notification.title}`}
                  >
                    Mark read
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="hint">
        Choose what you are told in the app and by email in <Link to="/settings#notifications">your settings</Link>.
      </p>
    </>
  );
}
