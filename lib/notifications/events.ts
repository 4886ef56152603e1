// The events planrrr notices by itself, with no person behind them: a post's publishing
// ending badly, and an account the platform no longer accepts. Both go to the team's admins
// and owners (and a post's author); both may be noticed again by a retried activity, and
// their dedupeKeys make that one event.
import type { PostState } from '../../domain/post';
import { notify, teamAdminIds, type NotifyDeps } from './notify';

const POST_OUTCOME_KINDS = { FAILED: 'post_failed', PARTIALLY_PUBLISHED: 'post_partly_published' } as const;

/** Tells the author and the admins when the post's publishing ended failed or partly published. */
export async function notifyPostOutcome(deps: NotifyDeps, state: PostState): Promise<void> {
  if (state.status !== 'FAILED' && state.status !== 'PARTIALLY_PUBLISHED') return;
  const kind = POST_OUTCOME_KINDS[state.status];
  const post = await deps.db.post.findUnique({ where: { id: state.postId }, select: { authorId: true } });
  const admins = await teamAdminIds(deps.db, state.teamId);
  await notify(deps, {
    kind,
    teamId: state.teamId,
    postId: state.postId,
    recipientUserIds: post?.authorId ? [post.authorId, ...admins] : admins,
    dedupeKey: `${kind}:${state.postId}:${state.stateVersion}`,
  });
}

/** Tells the admins that an account needs reconnecting, once per time it turned to NEEDS_RECONNECT. */
export async function notifyNeedsReconnect(deps: NotifyDeps, connectionId: string): Promise<void> {
  const connection = await deps.db.connection.findUnique({
    where: { id: connectionId },
    select: { teamId: true, status: true, needsReconnectSince: true },
  });
  if (connection?.status !== 'NEEDS_RECONNECT') return;
  await notify(deps, {
    kind: 'connection_needs_reconnect',
    teamId: connection.teamId,
    connectionId,
    recipientUserIds: await teamAdminIds(deps.db, connection.teamId),
    dedupeKey: `connection_needs_reconnect:${connectionId}:${connection.needsReconnectSince?.toISOString() ?? 'unknown'}`,
  });
}
