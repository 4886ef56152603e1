// The worker bundles this file: every workflow planrrr runs is exported here.
export { evergreenWorkflow } from './evergreen-workflow';
export { followersWorkflow } from './followers-workflow';
export { postMetricsWorkflow } from './post-metrics-workflow';
export { postWorkflow } from './post-workflow';
export { reconcilerWorkflow } from './reconciler-workflow';
export { seriesOccurrenceWorkflow } from './series-workflow';
export { webhookDeliveryWorkflow } from './webhook-delivery-workflow';
export { aiSuggestionWorkflow } from './ai-suggestion-workflow';
export { importWorkflow } from './import-workflow';
export { emailWorkflow } from './email-workflow';
export { chatNotificationWorkflow } from './chat-notification-workflow';
