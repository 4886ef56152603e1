// What ties planrrr's processes to Temporal: one namespace, one task queue for post
// workflows, one activity task queue per platform for publishing, and a stable workflow
// id per post.
// NOTE: imported by workflow code: this folder holds only deterministic constants, types and
// config files. Code that runs a Temporal server or talks to one lives with the processes:
// runtime/temporal-dev-server.ts, runtime/register-search-attributes.ts, lib/temporal/.
import type { Platform } from '../domain/post';

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

/**
 * The Temporal Schedule of a series (recurring post), and the id its firings' workflows
 * start from: Temporal appends each firing's time (`series-<id>-2027-03-29T07:00:00Z`).
 */
export function seriesScheduleId(seriesId: string): string {
  return `series-${seriesId}`;
}

/** The long-running workflow of an evergreen set, which refills its accounts' empty slots. */
export function evergreenWorkflowId(setId: string): string {
  return `evergreen-${setId}`;
}

/** The metrics collection of one published target: a post on one account. */
export function postMetricsWorkflowId(postId: string, connectionId: string): string {
  return `metrics-${postId}-${connectionId}`;
}

/** One workflow per webhook delivery, so a delivery emitted twice is started once. */
export function webhookDeliveryWorkflowId(deliveryId: string): string {
  return `webhook-delivery-${deliveryId}`;
}

/** One short workflow per AI suggestion the composer asks for. */
export function aiSuggestionWorkflowId(suggestionId: string): string {
  return `ai-suggestion-${suggestionId}`;
}

/** One workflow per bulk import: it checks the rows, then creates their posts. */
export function importWorkflowId(importId: string): string {
  return `import-${importId}`;
}

/** One workflow per outbox email, so an email queued twice is sent by one workflow. */
export function emailWorkflowId(emailId: string): string {
  return `email-${emailId}`;
}

/** One workflow per notification posted to a team's Slack or Discord webhook. */
export function chatNotificationWorkflowId(chatWebhookId: string, notificationKey: string): string {
  return `chat-notification-${chatWebhookId}-${notificationKey}`;
}

/**
 * Where a platform's publishing activities wait: a queue of its own, so its rate limit
 * (enforced by the server across every worker polling it) never holds up another platform.
 */
export function publishTaskQueue(taskQueue: string, platform: Platform): string {
  return `${taskQueue}-publish-${platform.toLowerCase()}`;
}

export * from './search-attributes';
