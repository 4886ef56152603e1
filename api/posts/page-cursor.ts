// Keyset paging over a team's posts: a page starts after the last post of the one before,
// named by its sort key and id (the tie-breaker), so a post is listed exactly once however
// many share a time, and posts created while a client pages do not shift the pages.
import { z } from 'zod';
import { problems } from '../http/problem';

export const POST_SORTS = ['publishAt', '-publishAt', 'createdAt', '-createdAt'] as const;
export type PostSort = (typeof POST_SORTS)[number];
/** Oldest publish time first: the order lists had before `sort` existed. */
export const DEFAULT_POST_SORT: PostSort = 'publishAt';

/** The column a sort orders by, and whether newest first. */
export function sortOrder(sort: PostSort): { field: 'publishAt' | 'createdAt'; descending: boolean } {
  return { field: sort.endsWith('publishAt') ? 'publishAt' : 'createdAt', descending: sort.startsWith('-') };
}

export interface PostPageCursor {
  sort: PostSort;
  /** the sort column's value on the last post of the previous page; null for a draft without a time */
  at: Date | null;
  id: string;
}

const Timestamp = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const CursorSchema = z.union([
  z.object({ sort: z.enum(POST_SORTS), at: Timestamp.nullable(), id: z.string().min(1) }),
  // NOTE: cursors from before `sort` existed, which a client may still be paging with
  z
    .object({ publishAt: Timestamp, id: z.string().min(1) })
    .transform(({ publishAt, id }) => ({ sort: 'publishAt' as const, at: publishAt, id })),
]);

export function encodePostPageCursor(cursor: PostPageCursor): string {
  return Buffer.from(JSON.stringify({ sort: cursor.sort, at: cursor.at?.toISOString() ?? null, id: cursor.id })).toString('base64url');
}

/** The cursor `value` names, for a page in `sort` order; 400 naming query.cursor when it is not one this API returned for that order. */
export function decodePostPageCursor(value: string, sort: PostSort): PostPageCursor {
  let parsed: ReturnType<typeof CursorSchema.safeParse> | undefined;
  try {
    parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    // not JSON: answered below
  }
  if (!parsed?.success) throw problems.validation([{ field: 'query.cursor', message: 'is not a cursor this API returned' }]);
  if (parsed.data.sort !== sort) {
    throw problems.validation([
      {
        field: 'query.cursor',
        message: `was returned for sort=${parsed.data.sort}: send the same sort to page on, or no cursor to start over`,
      },
    ]);
  }
  return parsed.data;
}
