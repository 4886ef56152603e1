import type { AppLoadContext } from 'react-router';

/** The logged-in user and team for the layout, and the bell's unread count, or null. */
export async function loadCurrentUser(context: AppLoadContext) {
  if (!context.actor) return null;
  const [{ user, teams }, profile, unreadNotifications] = await Promise.all([
    context.services.auth.me(context.actor.userId, context.actor.teamId),
    context.services.profile.get(context.actor.userId),
    context.services.notifications.unreadCount(context.actor),
  ]);
  const team = teams.find((candidate) => candidate.id === context.actor?.teamId);
  return {
    name: user.name,
    email: user.email,
    emailVerified: user.emailVerified,
    teamName: team?.name ?? null,
    timeZone: profile.timeZone,
    unreadNotifications,
  };
}
