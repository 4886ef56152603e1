import type { PostStatus } from '../../domain/post';
import { statusLabel } from '../components/status-badge';

/** Only a draft or a post waiting for its time can be edited. */
const EDITABLE: ReadonlySet<PostStatus> = new Set(['DRAFT', 'SCHEDULED']);

/** Why a post that went out (or was cancelled) can no longer be edited; null while it can. */
export function noLongerEditable(status: PostStatus): string | null {
  return EDITABLE.has(status) ? null : `This post is ${statusLabel(status).toLowerCase()} now, so it can no longer be changed.`;
}
