// A post's view names each target's account, not its picture: the team's connection list
// (which the pages load anyway) supplies it, without a query per target.

/** Each target with its account's avatarUrl (null: none, shown with initials). */
export function withAvatars<Target extends { connectionId: string }>(
  targets: readonly Target[],
  connections: ReadonlyArray<{ id: string; avatarUrl: string | null }>,
): Array<Target & { avatarUrl: string | null }> {
  const avatars = new Map(connections.map((connection) => [connection.id, connection.avatarUrl]));
  return targets.map((target) => ({ ...target, avatarUrl: avatars.get(target.connectionId) ?? null }));
}

type SummaryField = 'id' | 'platform' | 'handle' | 'displayName' | 'status' | 'avatarUrl';

/** What a page shows of a connected account: who it is, whether it works, its picture. */
export function accountSummary<Connection extends Record<SummaryField, unknown>>(connection: Connection): Pick<Connection, SummaryField> {
  const { id, platform, handle, displayName, status, avatarUrl } = connection;
  return { id, platform, handle, displayName, status, avatarUrl };
}
