import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { formText } from '../utils/forms.server';

const PAGE_SIZE = 50;

export async function loadNotifications(context: AppLoadContext, actor: Actor, url: URL) {
  const unreadOnly = url.searchParams.get('show') === 'unread';
  const page = await context.services.notifications.list(actor, { unread: unreadOnly, limit: PAGE_SIZE });
  return {
    unreadOnly,
    unreadCount: page.unreadCount,
    notifications: page.data.map((notification) => ({
      id: notification.id,
      title: notification.title,
      path: notification.path,
      read: notification.readAt !== null,
      createdAt: notification.createdAt.toISOString(),
    })),
  };
}

export async function markNotificationsRead(context: AppLoadContext, actor: Actor, formData: FormData, url: URL) {
  const intent = formText(formData, 'intent');
  if (intent === 'read-all') await context.services.notifications.markRead(actor, { all: true });
  else if (intent === 'read') await context.services.notifications.markRead(actor, { ids: [formText(formData, 'id')] });
  else throw data({ title: 'Unknown action', detail: `The notifications page cannot "${intent}".` }, { status: 400 });
  return redirect(`/notifications${url.search}`);
}
