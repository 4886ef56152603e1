import type { AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { ListPostsQuerySchema, type ListPostsQuery } from '../../api/posts/schemas';
import { roleAllows } from '../../domain/permissions';
import { isTimeZone } from '../../domain/time-zone';
import { formText, isProblemError, parseForm, problemErrors } from '../utils/forms.server';
import type { FieldErrors } from '../utils/forms';
import { accountSummary, withAvatars } from '../utils/account-avatars.server';
import { isIsoDate } from '../utils/calendar';
import { DEFAULT_POST_LIST_SORT } from '../utils/post-list';
import { FALLBACK_TIME_ZONE, instantFromLocal } from '../utils/time';

const PAGE_SIZE = 50;

/** The filter form's fields: the URL's query parameters, named as GET /api/v1/posts names them (but `from`/`to` are days). */
export const POST_FILTERS = ['q', 'status', 'connectionId', 'labelId', 'from', 'to'] as const;
type PostFilter = (typeof POST_FILTERS)[number];
export type PostListParams = Record<PostFilter | 'sort', string>;

/** How the form labels each parameter, to name it in a message. */
const PARAM_LABELS: Record<PostFilter | 'sort' | 'cursor', string> = {
  q: 'Search',
  status: 'Status',
  connectionId: 'Account',
  labelId: 'Label',
  from: 'From',
  to: 'To',
  sort: 'Sort',
  cursor: 'The page link',
};

/** A message about one parameter in the words of the form ("q must …" → "Search must …"). */
function inFormWords(name: string, message: string): string {
  const label = PARAM_LABELS[name as keyof typeof PARAM_LABELS] ?? name;
  if (message.startsWith(`${name} `)) return `${label} ${message.slice(name.length + 1)}`;
  return /^[a-z]/.test(message) ? `${label} ${message}` : `${label}: ${message}`;
}

/** The URL's parameters, trimmed; '' for a blank one (a plain GET form sends every field, empty or not). */
function paramsOf(url: URL): PostListParams & { cursor: string } {
  const value = (name: string) => url.searchParams.get(name)?.trim() ?? '';
  return {
    q: value('q'),
    status: value('status'),
    connectionId: value('connectionId'),
    labelId: value('labelId'),
    from: value('from'),
    to: value('to'),
    sort: value('sort') || DEFAULT_POST_LIST_SORT,
    cursor: value('cursor'),
  };
}

/** The day after an ISO date (YYYY-MM-DD), in plain calendar arithmetic. */
function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The API query the page's parameters ask for, or what is wrong with them. `from` and `to`
 * are days in the user's zone, both included: from the start of `from` to the end of `to`.
 */
export function listQueryFromParams(
  params: PostListParams & { cursor: string },
  timeZone: string,
): { ok: true; query: ListPostsQuery } | { ok: false; errors: FieldErrors } {
  const dateErrors: FieldErrors = {};
  for (const name of ['from', 'to'] as const) {
    if (params[name] && !isIsoDate(params[name])) dateErrors[name] = [`${PARAM_LABELS[name]} must be a date such as 2026-12-31`];
  }
  if (!dateErrors.from && !dateErrors.to && params.from && params.to && params.to < params.from) {
    dateErrors.to = ['To must be on or after From'];
  }
  const day = (name: 'from' | 'to') => (params[name] && !dateErrors[name] ? params[name] : undefined);
  const from = day('from');
  const to = day('to');
  const present = (value: string) => value || undefined;
  const parsed = parseForm(ListPostsQuerySchema, {
    q: present(params.q),
    status: present(params.status),
    connectionId: present(params.connectionId),
    labelId: present(params.labelId),
    from: from ? instantFromLocal(`${from}T00:00`, timeZone) : undefined,
    to: to ? instantFromLocal(`${nextDay(to)}T00:00`, timeZone) : undefined,
    sort: params.sort,
    cursor: present(params.cursor),
    limit: PAGE_SIZE,
  });
  // every problem at once: the days' and the API's
  const errors = { ...dateErrors, ...(parsed.ok ? {} : describeAll(parsed.errors)) };
  if (!parsed.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, query: parsed.data };
}

function describeAll(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([name, messages]) => [name, messages?.map((message) => inFormWords(name, message))]),
  );
}

export async function loadPostsPage(context: AppLoadContext, actor: Actor, url: URL) {
  const params = paramsOf(url);
  const [connections, labels, profile] = await Promise.all([
    context.services.connections.list(actor),
    context.services.labels.list(actor),
    context.services.profile.get(actor.userId),
  ]);
  const timeZone = profile.timeZone ?? FALLBACK_TIME_ZONE;
  const request = listQueryFromParams(params, timeZone);
  const errors: FieldErrors = request.ok ? {} : request.errors;
  // a shared link can name an account or label that has gone since: say so rather than list nothing
  if (params.connectionId && !connections.some((connection) => connection.id === params.connectionId)) {
    errors.connectionId = [inFormWords('connectionId', 'is not one of this team’s accounts (it may have been disconnected)')];
  }
  if (params.labelId && !labels.some((label) => label.id === params.labelId)) {
    errors.labelId = [inFormWords('labelId', 'is not one of this team’s labels (it may have been deleted)')];
  }
  let page: Awaited<ReturnType<typeof context.services.posts.list>> = { data: [], nextCursor: null };
  if (request.ok && Object.keys(errors).length === 0) {
    try {
      page = await context.services.posts.list(actor, request.query);
    } catch (error) {
      // a cursor this list did not hand out (edited, or from another sort) is the link's fault, not the server's
      if (!isProblemError(error) || error.status !== 400) throw error;
      Object.assign(errors, describeAll(problemErrors(error)));
    }
  }
  const { temporalUiUrl, namespace } = context.settings;
  const { cursor, ...filters } = params;
  return {
    posts: page.data.map((post) => ({ ...post, targets: withAvatars(post.targets, connections) })),
    nextCursor: page.nextCursor,
    onLaterPage: Boolean(cursor),
    filters,
    filtered: POST_FILTERS.some((name) => filters[name] !== ''),
    errors: Object.keys(errors).length > 0 ? errors : null,
    timeZone,
    connections: connections.map(accountSummary),
    labels: labels.map(({ id, name, colour }) => ({ id, name, colour })),
    canSchedule: roleAllows(actor.role, 'posts:write'),
    teamWorkflowsUrl: `${temporalUiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows?${new URLSearchParams({
      query: `PlanrrrTeamId="${actor.teamId}"`,
    })}`,
  };
}

/**
 * The ISO 8601 time the post schemas expect, from a `datetime-local` value (no offset)
 * and the IANA zone its form names beside it; an unknown or missing zone reads as UTC,
 * as the form then says.
 */
export function publishAtFromForm(formData: FormData, name = 'publishAt'): string | undefined {
  return instantFromLocal(formText(formData, name), timeZoneFromForm(formData) ?? FALLBACK_TIME_ZONE);
}

/** The IANA zone a form's time was chosen in, when the form names a valid one. */
export function timeZoneFromForm(formData: FormData): string | undefined {
  const timeZone = formText(formData, 'timeZone');
  return isTimeZone(timeZone) ? timeZone : undefined;
}
