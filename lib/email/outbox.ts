// The email outbox. A message is a row first (EmailMessage), then a workflow `email-<id>`
// whose activity sends it (activities/send-email.ts), retried by Temporal. Each step is
// idempotent: the row's dedupeKey makes queueing twice write one row, the workflow id makes
// starting twice run one workflow, and the activity skips a message whose sentAt is set.
import type { Client } from '@temporalio/client';
import { emailWorkflowId } from '../../temporal-config';
import type { emailWorkflow } from '../../workflows/email-workflow';
import type { Db } from '../db';
import { startWorkflowOnce } from '../temporal/start-once';

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

export async function queueEmail(deps: OutboxDeps, message: QueuedEmail): Promise<void> {
  await deps.db.emailMessage.createMany({ data: [message], skipDuplicates: true });
  const email = await deps.db.emailMessage.findUniqueOrThrow({
    where: { dedupeKey: message.dedupeKey },
    select: { id: true, status: true },
  });
  // a pending one is started again: a start that failed after the row was written is made good
  if (email.status === 'PENDING') {
    await startWorkflowOnce<typeof emailWorkflow>(deps.temporal, 'emailWorkflow', {
      workflowId: emailWorkflowId(email.id),
      taskQueue: deps.taskQueue,
      args: [{ emailId: email.id }],
    });
  }
}
