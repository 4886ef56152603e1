// When Temporal does not answer a post's start in time, the post stays saved and
// scheduled, and its workflow is started here as soon as Temporal answers again. If this
// process stops first, the reconciler (activities/reconcile-posts.ts) starts it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../lib/db';
import type { Logger } from '../../lib/logger';
import { POST_WORKFLOW_ROW_FIELDS } from '../../lib/temporal/post-workflow-start';
import type { PostWorkflowClient, WorkflowStartOptions } from './post-workflow-client';

/** Waits before each new attempt: quick at first, for a scheduler that was only slow, then about once a minute. */
export const DEFERRED_START_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000, 60_000, 60_000, 60_000] as const;

export interface DeferredStartsDeps {
  db: Db;
  workflows: Pick<PostWorkflowClient, 'start'>;
  logger: Logger;
  delaysMs?: readonly number[];
}

export type DeferredStarts = ReturnType<typeof createDeferredStarts>;

export function createDeferredStarts({ db, workflows, logger, delaysMs = DEFERRED_START_DELAYS_MS }: DeferredStartsDeps) {
  const waiting = new Set<string>();

  async function startWhenAnswered(postId: string, options: WorkflowStartOptions | undefined): Promise<void> {
    for (const [index, delayMs] of delaysMs.entries()) {
      // unref: a server shutting down does not wait for this; the reconciler takes over
      await sleep(delayMs, undefined, { ref: false });
      try {
        // a post cancelled or published meanwhile has its answer already
        const row = await db.post.findFirst({
          where: { id: postId, status: 'SCHEDULED' },
          select: { ...POST_WORKFLOW_ROW_FIELDS, stateVersion: true },
        });
        if (!row) return;
        // as the unanswered start had it; else a restored post's run continues the versions its cancelled run wrote
        if ((await workflows.start(row, options ?? { stateVersion: row.stateVersion })) === 'started') {
          logger.info({ postId, attempt: index + 2 }, 'Started a post workflow the scheduler had not answered in time');
          return;
        }
      } catch (error) {
        logger.warn({ postId, err: error }, 'A deferred post workflow start failed; trying again');
      }
    }
    logger.warn({ postId }, 'The scheduler still does not answer; the reconciler will start this post workflow');
  }

  return {
    /** Starts the post's workflow in the background, again and again until Temporal answers; `options` as the first start gave them. */
    defer(postId: string, options?: WorkflowStartOptions): void {
      if (waiting.has(postId)) return;
      waiting.add(postId);
      void startWhenAnswered(postId, options).finally(() => waiting.delete(postId));
    },
  };
}
