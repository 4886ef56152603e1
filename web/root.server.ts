import type { AppLoadContext } from 'react-router';

/** The logged-in user and team for the header, or null. */
export async function loadCurrentUser(context: AppLoadContext) {
  if (!context.actor) return null;
  const { user, teams } = await context.services.auth.me(context.actor.userId, context.actor.teamId);
  const team = teams.find((candidate) => candidate.id === context.actor?.teamId);
  return { name: user.name, email: user.email, teamName: team?.name ?? null };
}
