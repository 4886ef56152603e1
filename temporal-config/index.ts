// What ties planrrr's processes to Temporal: one namespace, one task queue for post
// workflows and their activities, and a stable workflow id per post.
export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_TASK_QUEUE = 'planrrr-posts';
/**
 * How long Temporal keeps a finished post's history for operators to read: a week covers
 * "why didn't Tuesday's post go out?". Applied to the dev server at start-up and to the
 * compose cluster (DEFAULT_NAMESPACE_RETENTION, checked by tests/deployment).
 */
export const NAMESPACE_RETENTION_DAYS = 7;

/** One workflow per post; starting a second one for the same post is refused by Temporal. */
export function postWorkflowId(postId: string): string {
  return `post-${postId}`;
}

/** One workflow per webhook delivery, so a delivery emitted twice is started once. */
export function webhookDeliveryWorkflowId(deliveryId: string): string {
  return `webhook-delivery-${deliveryId}`;
}

export * from './search-attributes';
