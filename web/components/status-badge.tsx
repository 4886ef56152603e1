import type { PostStatus, TargetStatus } from '../../domain/post';

const LABELS: Record<PostStatus | TargetStatus, string> = {
  DRAFT: 'Draft',
  PENDING_APPROVAL: 'Awaiting approval',
  SCHEDULED: 'Scheduled',
  PENDING: 'Pending',
  PUBLISHING: 'Publishing',
  PUBLISHED: 'Published',
  PARTIALLY_PUBLISHED: 'Partially published',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

/** A status in words, e.g. "Partially published". */
export function statusLabel(status: PostStatus | TargetStatus): string {
  return LABELS[status];
}

/** A post's or a target's status, in words (the colour only repeats them). */
export function StatusBadge({ status }: { status: PostStatus | TargetStatus }) {
  return <span className={`badge status-${status.toLowerCase().replace('_', '-')}`}>{LABELS[status]}</span>;
}

/** Statuses a post can still leave on its own: pages refresh while one is shown. */
export function isLive(status: PostStatus): boolean {
  // a pending post leaves on a decider's approval or rejection
  return status === 'PENDING_APPROVAL' || status === 'SCHEDULED' || status === 'PUBLISHING';
}
