// The email outbox. A message is a row first (EmailMessage), then a workflow `email-<id>`
// whose activity sends it (activities/send-email.ts), retried by Temporal. Each step is
// idempotent: the row's dedupeKey makes queueing twice write one row, the workflow id makes
// starting twice run one workflow, and the activity skips a message whose sentAt is set.
// A row whose workflow could not be started (Temporal unreachable) is started by the
// reconciler's next pass.
import type { Client } from '@temporalio/client';
import { emailWorkflowId } from '../../temporal-config';
import type { emailWorkflow } from '../../workflows/email-workflow';
import type { Db } from '../db';
import { startWorkflowOnce } from '../temporal/start-once';
import { isTemporalUnavailable } from '../temporal/unanswered';

export interface OutboxDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
}

export interface QueuedEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** what the message is about, unique per message: an email queued again with it is not sent again */
  dedupeKey: string;
}

/** How long queueing waits for Temporal to start the message's workflow before leaving it to the reconciler. */
const START_DEADLINE_MS = 5_000;

/** Starts the workflow that sends a pending message; one started before (running or done) is no error. */
export async function startEmailWorkflow(deps: OutboxDeps, emailId: string): Promise<void> {
  await startWorkflowOnce<typeof emailWorkflow>(deps.temporal, 'emailWorkflow', {
    workflowId: emailWorkflowId(emailId),
    taskQueue: deps.taskQueue,
    args: [{ emailId }],
  });
}

/**
 * Writes the message to the outbox and starts its workflow: 'deferred' when Temporal did not
 * answer in time, in which case the row waits and the reconciler starts it
 * (activities/send-email.ts startPendingEmails), so that what queued it (a sign-up, an
 * invitation) does not fail for want of the scheduler.
 */
export async function queueEmail(deps: OutboxDeps, message: QueuedEmail): Promise<'queued' | 'deferred'> {
  await deps.db.emailMessage.createMany({ data: [message], skipDuplicates: true });
  const email = await deps.db.emailMessage.findUniqueOrThrow({
    where: { dedupeKey: message.dedupeKey },
    select: { id: true, status: true },
  });
  // a pending one is started again: a start that failed after the row was written is made good
  if (email.status !== 'PENDING') return 'queued';
  try {
    await deps.temporal.withDeadline(Date.now() + START_DEADLINE_MS, () => startEmailWorkflow(deps, email.id));
  } catch (error) {
    if (isTemporalUnavailable(error)) return 'deferred';
    throw error;
  }
  return 'queued';
}
