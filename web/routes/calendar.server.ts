import { data, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { ReschedulePostSchema } from '../../api/posts/schemas';
import { roleAllows } from '../../domain/permissions';
import { CALENDAR_VIEWS, gridDays, gridRange, isIsoDate, todayIn, type CalendarView } from '../utils/calendar';
import { formText, isProblemError, parseForm, rethrowAsResponse } from '../utils/forms.server';
import { FALLBACK_TIME_ZONE } from '../utils/time';

const PAGE_SIZE = 200;
/** A calendar shows at most six weeks; this many pages is far more than a team posts in that time. */
const MAX_PAGES = 10;
const SHOWN_STATUSES = new Set(['SCHEDULED', 'PUBLISHING', 'PUBLISHED', 'PARTIALLY_PUBLISHED', 'FAILED']);

export async function loadCalendar(context: AppLoadContext, actor: Actor, url: URL) {
  const params = url.searchParams;
  const view: CalendarView = CALENDAR_VIEWS.find((candidate) => candidate === params.get('view')) ?? 'month';
  const profile = await context.services.profile.get(actor.userId);
  const date = params.get('date');
  const anchor = isIsoDate(date) ? date : todayIn(profile.timeZone ?? FALLBACK_TIME_ZONE);
  const accountId = params.get('account') || null;

  const { from, to } = gridRange(gridDays(view, anchor));
  const [connections, posts] = await Promise.all([context.services.connections.list(actor), listAll(context, actor, from, to)]);
  return {
    view,
    anchor,
    accountId,
    accounts: connections.map(({ id, displayName, platform }) => ({ id, displayName, platform })),
    posts: posts
      .filter((post) => SHOWN_STATUSES.has(post.status))
      .filter((post) => !accountId || post.targets.some((target) => target.connectionId === accountId))
      .map((post) => ({
        id: post.id,
        content: post.content,
        status: post.status,
        publishAt: post.publishAt,
        accounts: post.targets.map((target) => target.displayName),
      })),
    canReschedule: roleAllows(actor.role, 'posts:write'),
  };
}

async function listAll(context: AppLoadContext, actor: Actor, from: Date, to: Date) {
  const posts = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await context.services.posts.list(actor, { from, to, cursor, limit: PAGE_SIZE }).catch(rethrowAsResponse);
    posts.push(...result.data);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return posts;
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
