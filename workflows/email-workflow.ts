// Sends one outbox email (lib/email/outbox.ts): the sendEmail activity hands it to the SMTP
// server, and Temporal retries it with backoff while the server asks for later (4xx, such
// as greylisting) or cannot be reached, for up to three days. A refusal for good (5xx) is
// not retried; either way the message ends FAILED with its reason.
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';

type Activities = ReturnType<typeof createActivities>;

export interface EmailWorkflowInput {
  emailId: string;
}

const { sendEmail } = proxyActivities<Activities>({
  // the transport gives up on a silent server sooner (lib/email/mailer.ts)
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '3 days',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

const { markEmailFailed } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function emailWorkflow(input: EmailWorkflowInput): Promise<void> {
  try {
    await sendEmail(input.emailId);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    await markEmailFailed(input.emailId, error.cause?.message ?? error.message);
  }
}
