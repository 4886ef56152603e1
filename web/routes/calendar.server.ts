import { data, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import type { PostPageFilter } from '../../api/posts/page-query';
import { ReschedulePostSchema } from '../../api/posts/schemas';
import { roleAllows } from '../../domain/permissions';
import { withAvatars } from '../utils/account-avatars.server';
import { CALENDAR_VIEWS, gridDays, gridRange, isIsoDate, todayIn, type CalendarView } from '../utils/calendar';
import { formText, isProblemError, parseForm, rethrowAsResponse } from '../utils/forms.server';
import { FALLBACK_TIME_ZONE } from '../utils/time';

const PAGE_SIZE = 200;
/** A calendar shows at most six weeks; this many pages is far more than a team posts in that time. */
const MAX_PAGES = 10;
const SHOWN_STATUSES = new Set(['DRAFT', 'SCHEDULED', 'PUBLISHING', 'PUBLISHED', 'PARTIALLY_PUBLISHED', 'FAILED']);

/** A post as the calendar places and previews it. */
export type CalendarPost = Awaited<ReturnType<typeof loadCalendar>>['posts'][number];

/** The posts' filters the calendar's links and form carry: `label` and `account` ids. */
type CalendarFilter = Pick<PostPageFilter, 'labelId' | 'connectionId'>;

export async function loadCalendar(context: AppLoadContext, actor: Actor, url: URL) {
  const params = url.searchParams;
  const view: CalendarView = CALENDAR_VIEWS.find((candidate) => candidate === params.get('view')) ?? 'month';
  const profile = await context.services.profile.get(actor.userId);
  const date = params.get('date');
  const anchor = isIsoDate(date) ? date : todayIn(profile.timeZone ?? FALLBACK_TIME_ZONE);
  const filter: CalendarFilter = { labelId: params.get('label') || undefined, connectionId: params.get('account') || undefined };

  const { from, to } = gridRange(gridDays(view, anchor));
  const [connections, labels, posts, undatedDrafts] = await Promise.all([
    context.services.connections.list(actor),
    context.services.labels.list(actor),
    listAll(context, actor, { ...filter, from, to }),
    countUndatedDrafts(context, actor, filter),
  ]);
  return {
    view,
    anchor,
    accountId: filter.connectionId ?? null,
    labelId: filter.labelId ?? null,
    accounts: connections.map(({ id, displayName, handle, platform }) => ({ id, displayName, handle, platform })),
    labels: labels.map(({ id, name, colour }) => ({ id, name, colour })),
    posts: posts
      .filter((post) => SHOWN_STATUSES.has(post.status))
      .filter(isDated)
      .map((post) => {
        const image = post.media.find((media) => media.kind === 'IMAGE');
        return {
          id: post.id,
          content: post.content,
          status: post.status,
          publishAt: post.publishAt,
          timeZone: post.timeZone,
          accounts: withAvatars(post.targets, connections).map(({ connectionId, platform, handle, displayName, avatarUrl }) => ({
            connectionId,
            platform,
            handle,
            displayName,
            avatarUrl,
          })),
          thumbnail: image ? { url: image.contentUrl, altText: image.altText } : null,
          labels: post.labels,
        };
      }),
    undatedDrafts,
    canReschedule: roleAllows(actor.role, 'posts:write'),
  };
}

/** Only posts with a time have a place on the calendar: a draft may be an idea without one. */
function isDated<Post extends { publishAt: string | null }>(post: Post): post is Post & { publishAt: string } {
  return post.publishAt !== null;
}

async function listAll(context: AppLoadContext, actor: Actor, filter: CalendarFilter & { from: Date; to: Date }) {
  const posts = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await context.services.posts.list(actor, { ...filter, cursor, limit: PAGE_SIZE }).catch(rethrowAsResponse);
    posts.push(...result.data);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return posts;
}

/** The drafts (within the filter) that have no time, and so no day: the calendar says where they are. */
async function countUndatedDrafts(context: AppLoadContext, actor: Actor, filter: CalendarFilter): Promise<number> {
  // Newest time first puts the posts without one (NULL) at the top of the page.
  const { data: drafts } = await context.services.posts
    .list(actor, { ...filter, status: 'DRAFT', sort: '-publishAt', limit: PAGE_SIZE })
    .catch(rethrowAsResponse);
  return drafts.filter((draft) => !isDated(draft)).length;
}

/**
 * A post dropped on another day or slot: the same workflow Update as the API's
 * reschedule. A refusal (409 once publishing started, a time in the past) comes back
 * with its reason, and the calendar puts the post back where it was.
 */
export async function reschedulePost(context: AppLoadContext, actor: Actor, formData: FormData) {
  const postId = formText(formData, 'postId');
  const submission = parseForm(ReschedulePostSchema, { publishAt: formText(formData, 'publishAt') });
  if (!submission.ok)
    return data(
      { ok: false as const, postId, error: submission.errors.publishAt?.join(' ') ?? 'That time is not valid.' },
      { status: 400 },
    );
  try {
    await context.services.posts.reschedule(actor, postId, submission.data.publishAt);
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return data({ ok: false as const, postId, error: error.detail ?? error.title }, { status: error.status });
  }
  return { ok: true as const, postId, error: null };
}
