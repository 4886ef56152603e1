// The events a webhook can subscribe to: which post status causes each, and the metrics event.
// NOTE: imported by workflow code, so this file must stay deterministic and free of
// Node APIs.
import type { PostStatus } from './post';

/** The events a post's change of status announces. */
export const WEBHOOK_EVENTS = ['post.scheduled', 'post.published', 'post.failed', 'post.partially_published', 'post.cancelled'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Sent when the metrics workflow stores a sample of a published post on one account. */
export const METRICS_UPDATED_EVENT = 'post.metrics_updated';

/** Every event a webhook can subscribe to. */
export const SUBSCRIBABLE_EVENTS = [...WEBHOOK_EVENTS, METRICS_UPDATED_EVENT] as const;
export type SubscribableEvent = (typeof SUBSCRIBABLE_EVENTS)[number];

/** Sent by POST /api/v1/webhooks/:id/test; every webhook receives it. */
export const PING_EVENT = 'ping';

const EVENT_BY_STATUS: Partial<Record<PostStatus, WebhookEvent>> = {
  SCHEDULED: 'post.scheduled',
  PUBLISHED: 'post.published',
  FAILED: 'post.failed',
  PARTIALLY_PUBLISHED: 'post.partially_published',
  CANCELLED: 'post.cancelled',
};

/**
 * The event a post's move from `previous` to `next` status announces, if any. A post is
 * written SCHEDULED by the API before its workflow runs, so "scheduled" is its first state
 * (stateVersion 1: the workflow's first write, or for a new post the API's, which the API
 * announces itself), not a change of status; a reschedule announces nothing.
 */
export function eventForTransition(previous: { status: PostStatus; stateVersion: number }, next: PostStatus): WebhookEvent | undefined {
  if (next === 'SCHEDULED') return previous.stateVersion === 0 ? 'post.scheduled' : undefined;
  return previous.status === next ? undefined : EVENT_BY_STATUS[next];
}
