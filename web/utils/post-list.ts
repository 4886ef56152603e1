// The posts list's orders, shared by its loader and its form.
import type { ListPostsQuery } from '../../api/posts/schemas';

/** The orders the list offers (by publish time, or creation), the first its default: planning looks at what is newest first. */
export const POST_LIST_SORTS = [
  { sort: '-publishAt', label: 'Newest first' },
  { sort: 'publishAt', label: 'Oldest first' },
  { sort: '-createdAt', label: 'Recently created' },
] as const satisfies ReadonlyArray<{ sort: NonNullable<ListPostsQuery['sort']>; label: string }>;

export const DEFAULT_POST_LIST_SORT = POST_LIST_SORTS[0].sort;
