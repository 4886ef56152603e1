import type { PostStatus } from '../../domain/post';
import { acceptsChanges } from '../../domain/post-lifecycle';
import { statusLabel } from '../components/status-badge';

/** A draft or a post waiting for its time or a decision is edited; a failed one is fixed, then retried. */
const EDITABLE: ReadonlySet<PostStatus> = new Set(['DRAFT', 'PENDING_APPROVAL', 'SCHEDULED', 'FAILED', 'PARTIALLY_PUBLISHED']);

/** Whether the editor fixes the post and publishes it again, rather than saving it. */
export function isRetry(status: PostStatus): boolean {
  return status === 'FAILED' || status === 'PARTIALLY_PUBLISHED';
}

/**
 * Why a post can no longer be edited as the editor opened it (`openedAs`, its status then):
 * it went out, was cancelled, or moved on meanwhile; null while it can.
 */
export function noLongerEditable(status: PostStatus, openedAs: PostStatus = status): string | null {
  // a draft scheduled from another tab is still edited here, as a scheduled post; and a post
  // approved, or sent back for approval, meanwhile is still the post waiting for its time
  const movedOn = status !== openedAs && !((openedAs === 'DRAFT' || acceptsChanges(openedAs)) && acceptsChanges(status));
  return EDITABLE.has(status) && !movedOn ? null : `This post is ${statusLabel(status).toLowerCase()} now, so it can no longer be changed.`;
}
