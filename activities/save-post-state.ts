// Mirrors the workflow's state into PostgreSQL, where lists and calendars read it, and
// announces status changes: webhook deliveries and a notification for event streams. Once
// the post has published, each published target's metrics collection starts.
import { recordedTargetOutcome, type PostState, type PostStatus, type ThreadPart } from '../domain/post';
import { targetOptionsColumn } from '../lib/db';
import type { Prisma } from '../prisma/generated/client';
import { eventForTransition } from '../domain/webhook-events';
import { startPostMetrics, type PostMetricsStartDeps } from '../lib/temporal/post-metrics-start';
import { notifyPostOutcome } from '../lib/notifications/events';
import type { NotifyDeps } from '../lib/notifications/notify';
import { notifyPostStatus, recordWebhookDeliveries, startPostDeliveries, type DeliveryStartDeps } from '../lib/post-events';

/** Replaces the post's thread parts with `thread`, linking only the team's existing media (as the post's own media). */
async function saveThread(tx: Prisma.TransactionClient, postId: string, teamId: string, thread: readonly ThreadPart[]): Promise<void> {
  const mediaIds = thread.flatMap((part) => part.mediaIds);
  const known = new Set(
    (await tx.media.findMany({ where: { id: { in: mediaIds }, teamId }, select: { id: true } })).map((media) => media.id),
  );
  await tx.postPart.deleteMany({ where: { postId } });
  for (const [index, part] of thread.entries()) {
    await tx.postPart.create({
      data: {
        postId,
        position: index + 1,
        content: part.content,
        media: {
          create: [...new Set(part.mediaIds)].filter((id) => known.has(id)).map((mediaId, position) => ({ mediaId, position })),
        },
      },
    });
  }
}

export function createSavePostState(deps: DeliveryStartDeps & PostMetricsStartDeps & NotifyDeps) {
  return async function savePostState(state: PostState): Promise<void> {
    // whether the post's outcome may be news: its status changed, or this retried save had committed already
    const mayTellOutcome = await deps.db.$transaction(async (tx) => {
      // Locked, so concurrent saves of one post see each other's status in order.
      const [previous] = await tx.$queryRaw<Array<{ status: PostStatus; stateVersion: number }>>`
        SELECT status, "stateVersion" FROM "Post" WHERE id = ${state.postId} FOR UPDATE`;
      // Writes may arrive out of order (concurrent handlers, retries): only a newer state wins.
      if (!previous || previous.stateVersion >= state.stateVersion) return previous?.stateVersion === state.stateVersion;
      const publishedAt = state.targets
        .map((target) => target.publishedAt)
        .filter((time): time is string => Boolean(time))
        .sort()
        .at(-1);
      await tx.post.update({
        where: { id: state.postId },
        data: {
          status: state.status,
          content: state.content,
          revision: state.revision,
          publishAt: new Date(state.publishAt),
          stateVersion: state.stateVersion,
          publishedAt: publishedAt ? new Date(publishedAt) : null,
          firstComment: state.firstComment ?? null,
          ...(state.threadDelaySeconds !== undefined && { threadDelaySeconds: state.threadDelaySeconds }),
        },
      });

      for (const target of state.targets) {
        // While a target is in flight the publish activity owns its row (attempts, errors);
        // the workflow writes the outcome once it has one.
        const outcome = recordedTargetOutcome(target);
        const contentOverride = target.content ?? null;
        const options = targetOptionsColumn(target.options);
        await tx.postTarget.upsert({
          where: { postId_connectionId: { postId: state.postId, connectionId: target.connectionId } },
          create: { postId: state.postId, connectionId: target.connectionId, status: target.status, contentOverride, options },
          update: { ...outcome, contentOverride, options },
        });
      }
      await tx.postTarget.deleteMany({
        where: { postId: state.postId, connectionId: { notIn: state.targets.map((target) => target.connectionId) } },
      });
      // NOTE: a state written by a worker from before media existed has no mediaIds; its post has none.
      if (state.mediaIds) {
        // An operator's edit signal is not checked like the API's edits: link only the team's
        // existing media, once each (publishing reports any other id), so this write cannot fail forever.
        const known = new Set(
          (await tx.media.findMany({ where: { id: { in: state.mediaIds }, teamId: state.teamId }, select: { id: true } })).map(
            (media) => media.id,
          ),
        );
        await tx.postMedia.deleteMany({ where: { postId: state.postId } });
        await tx.postMedia.createMany({
          data: [...new Set(state.mediaIds)]
            .filter((id) => known.has(id))
            .map((mediaId, position) => ({ postId: state.postId, mediaId, position })),
        });
      }

      // NOTE: a state from a worker from before threads has no thread; its post has none.
      if (state.thread) await saveThread(tx, state.postId, state.teamId, state.thread);

      const event = eventForTransition(previous, state.status);
      if (event) await recordWebhookDeliveries(tx, state, event);
      await notifyPostStatus(tx, state);
      return previous.status !== state.status;
    });
    await startPostDeliveries(deps, state);
    await startPostMetrics(deps, state);
    // a retried save tells the same event again, which its dedupeKey delivers once
    if (mayTellOutcome) await notifyPostOutcome(deps, state);
  };
}
