// How a webhook delivery's workflow is started: by the activity that saves a post's state,
// for each delivery the change recorded, and by the API for a ping. The workflow id is the
// delivery's, so a second start of the same delivery is refused by Temporal.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { webhookDeliveryWorkflowId } from '../../temporal-config';
import type { webhookDeliveryWorkflow } from '../../workflows/webhook-delivery-workflow';

export interface DeliveryWorkflowDeps {
  temporal: Client;
  taskQueue: string;
  webhookRetryInitialInterval: string;
}

export async function startDelivery(deps: DeliveryWorkflowDeps, deliveryId: string): Promise<void> {
  try {
    await deps.temporal.workflow.start<typeof webhookDeliveryWorkflow>('webhookDeliveryWorkflow', {
      workflowId: webhookDeliveryWorkflowId(deliveryId),
      taskQueue: deps.taskQueue,
      args: [{ deliveryId, initialRetryInterval: deps.webhookRetryInitialInterval }],
      // a finished delivery is not sent again either
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
