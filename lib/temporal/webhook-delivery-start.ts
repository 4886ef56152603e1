// How a webhook delivery's workflow is started: by the activity that saves a post's state,
// for each delivery the change recorded, and by the API for a ping. The workflow id is the
// delivery's, so a second start of the same delivery is refused by Temporal.
import type { Client } from '@temporalio/client';
import { webhookDeliveryWorkflowId } from '../../temporal-config';
import type { webhookDeliveryWorkflow } from '../../workflows/webhook-delivery-workflow';
import { startWorkflowOnce } from './start-once';

export interface DeliveryWorkflowDeps {
  temporal: Client;
  taskQueue: string;
  webhookRetryInitialInterval: string;
}

export async function startDelivery(deps: DeliveryWorkflowDeps, deliveryId: string): Promise<void> {
  // a finished delivery is not sent again either
  await startWorkflowOnce<typeof webhookDeliveryWorkflow>(deps.temporal, 'webhookDeliveryWorkflow', {
    workflowId: webhookDeliveryWorkflowId(deliveryId),
    taskQueue: deps.taskQueue,
    args: [{ deliveryId, initialRetryInterval: deps.webhookRetryInitialInterval }],
  });
}
