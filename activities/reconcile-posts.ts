// Self-healing: compares the database with Temporal and repairs what disagrees, so a
// crash between writing a post and starting its workflow (or an operator terminating a
// workflow) can never lose a post. Run every few minutes by a Temporal Schedule
// (lib/temporal/reconciler-schedule.ts).
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { isDated, type PostState } from '../domain/post';
import type { Db } from '../lib/db';
import { POST_WORKFLOW_ROW_FIELDS, postWorkflowStartOptions, workflowInputFromRow } from '../lib/temporal/post-workflow-start';
import { postWorkflowId, StatusAttribute } from '../temporal-config';
import { rescheduleSignal, statusQuery } from '../workflows/post-messages';
import type { postWorkflow } from '../workflows/post-workflow';

export interface ReconcileOptions {
  /** posts written this recently (but not in the last minute) are checked for a workflow */
  recentWindowMs: number;
  /** posts still SCHEDULED or PUBLISHING this long after their time are checked too */
  overdueAfterMs: number;
}

const RECONCILE_FINDINGS = ['ok', 'restarted', 'status_corrected', 'unverified'] as const;
export type ReconcileFinding = (typeof RECONCILE_FINDINGS)[number];

export interface ReconcileReport {
  checked: number;
  restarted: string[];
  corrected: string[];
  /** running workflows whose state could not be read (no worker answered the query) */
  unverified: string[];
}

/** A post is only judged once the API has had time to start its workflow. */
const START_GRACE_MS = 60_000;
const QUERY_TIMEOUT_MS = 5_000;
const BATCH = 500;

export function createReconcilePosts(deps: {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** config PUBLISH_LEAD_SECONDS, in milliseconds, for the workflows it restarts */
  publishLeadMs: number;
  savePostState: (state: PostState) => Promise<void>;
}) {
  const { db, temporal } = deps;

  async function restart(post: Awaited<ReturnType<typeof findSuspects>>[number], reason: string): Promise<void> {
    await temporal.workflow.signalWithStart<typeof postWorkflow, [{ publishAt: string }]>('postWorkflow', {
      ...postWorkflowStartOptions(
        // the restarted run's writes must win over the ones the row already has
        workflowInputFromRow(post, { publishLeadMs: deps.publishLeadMs, stateVersion: post.stateVersion }),
        deps.taskQueue,
      ),
      // A closed run (terminated, failed) is replaced; a running one only receives the signal.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      signal: rescheduleSignal,
      signalArgs: [{ publishAt: post.publishAt.toISOString() }],
    });
    Context.current().log.warn('Reconciler restarted a post workflow', {
      postId: post.id,
      reason,
      publishAt: post.publishAt.toISOString(),
    });
  }

  async function findSuspects(options: ReconcileOptions, now: number) {
    const posts = await db.post.findMany({
      where: {
        status: { in: ['SCHEDULED', 'PUBLISHING'] },
        // updated, not created: a draft scheduled (or a post restored) today may have been written long ago
        updatedAt: { lt: new Date(now - START_GRACE_MS) },
        OR: [{ updatedAt: { gte: new Date(now - options.recentWindowMs) } }, { publishAt: { lt: new Date(now - options.overdueAfterMs) } }],
      },
      select: { ...POST_WORKFLOW_ROW_FIELDS, status: true, stateVersion: true },
      orderBy: { publishAt: 'asc' },
      take: BATCH,
    });
    // scheduled and publishing posts always have a time; only a draft may lack one
    return posts.filter(isDated);
  }

  return async function reconcilePosts(options: ReconcileOptions): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, restarted: [], corrected: [], unverified: [] };
    const findings = Context.current().metricMeter.createCounter(
      'planrrr_reconciler_findings',
      'posts',
      'Posts the reconciler checked, by finding',
    );
    // Every series exists from the first pass, so increase() and alerts see the first repair.
    for (const finding of RECONCILE_FINDINGS) findings.add(0, { finding });
    for (const post of await findSuspects(options, Date.now())) {
      Context.current().heartbeat(post.id);
      report.checked += 1;
      const handle = temporal.workflow.getHandle<typeof postWorkflow>(postWorkflowId(post.id));
      let finding: ReconcileFinding = 'ok';
      try {
        const { status, typedSearchAttributes } = await handle.describe();
        // A running workflow keeps PlanrrrStatus current: only a disagreement needs its full state.
        const agrees = status.name === 'RUNNING' && typedSearchAttributes.get(StatusAttribute) === post.status;
        if (agrees) {
          finding = 'ok';
        } else if (status.name === 'RUNNING' || status.name === 'COMPLETED') {
          const state = await (status.name === 'RUNNING'
            ? temporal.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(statusQuery)).catch(() => undefined)
            : handle.result());
          if (!state) {
            finding = 'unverified';
            Context.current().log.warn('Reconciler could not read a running post workflow (is a worker polling?)', { postId: post.id });
          } else if (status.name === 'COMPLETED' && state.stateVersion <= post.stateVersion) {
            // the row is newer than the closed run (a cancelled post restored): its own run never started
            await restart(post, 'scheduled again after its run closed');
            finding = 'restarted';
          } else if (state.status !== post.status) {
            await deps.savePostState(state);
            finding = 'status_corrected';
            Context.current().log.warn('Reconciler corrected a post status', { postId: post.id, was: post.status, now: state.status });
          }
        } else {
          await restart(post, `workflow ${status.name}`);
          finding = 'restarted';
        }
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        await restart(post, 'workflow missing');
        finding = 'restarted';
      }
      if (finding === 'restarted') report.restarted.push(post.id);
      if (finding === 'status_corrected') report.corrected.push(post.id);
      if (finding === 'unverified') report.unverified.push(post.id);
      findings.add(1, { finding });
    }
    return report;
  };
}
