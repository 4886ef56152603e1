// Starts a workflow whose id names the one piece of work it does (an email, a chat message, a
// post's metrics on one account): a second start, while it runs or after it finished, is refused
// by Temporal and is no error.
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

export async function startWorkflowOnce<T extends Workflow>(
  temporal: Client,
  workflowType: string,
  options: WorkflowStartOptions<T>,
): Promise<void> {
  try {
    await temporal.workflow.start<T>(workflowType, { ...options, workflowIdReusePolicy: 'REJECT_DUPLICATE' });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
