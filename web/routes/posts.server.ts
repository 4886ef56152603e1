import { redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreatePostSchema } from '../../api/posts/schemas';
import { roleAllows } from '../../domain/permissions';
import { formText, formTexts, invalid, parseForm, problemAsInvalid, rethrowAsResponse } from '../utils/forms.server';
import { SERVER_UTC_OFFSET } from '../utils/time';

/** The list starts this far back, so that recent outcomes stay in view above what is coming. */
const LIST_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;
const PAGE_SIZE = 50;

export async function loadPostsPage(context: AppLoadContext, actor: Actor, url: URL) {
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const [posts, connections] = await Promise.all([
    context.services.posts.list(actor, { from: new Date(Date.now() - LIST_LOOKBACK_MS), cursor, limit: PAGE_SIZE }).catch(rethrowAsResponse),
    context.services.connections.list(actor),
  ]);
  const { temporalUiUrl, namespace } = context.settings;
  return {
    posts: posts.data,
    nextCursor: posts.nextCursor,
    connections: connections.map(({ id, platform, handle, displayName, status }) => ({ id, platform, handle, displayName, status })),
    canSchedule: roleAllows(actor.role, 'posts:write'),
    teamWorkflowsUrl: `${temporalUiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows?${new URLSearchParams({
      query: `PlanrrrTeamId="${actor.teamId}"`,
    })}`,
  };
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
const UTC_OFFSET = /^[+-]\d{2}:\d{2}$/;

/**
 * The ISO 8601 time CreatePostSchema expects, from a `datetime-local` value (no offset)
 * and the browser's UTC offset beside it. Without JavaScript no offset is sent and the
 * time is read as UTC, as the form says. Malformed values pass through for the schema
 * to name.
 */
export function publishAtFromForm(localDateTime: string, utcOffset: string): string | undefined {
  if (!localDateTime) return undefined;
  if (!LOCAL_DATE_TIME.test(localDateTime)) return localDateTime;
  const withSeconds = localDateTime.length === 'YYYY-MM-DDTHH:MM'.length ? `${localDateTime}:00` : localDateTime;
  return `${withSeconds}${UTC_OFFSET.test(utcOffset) ? utcOffset : SERVER_UTC_OFFSET}`;
}

export async function schedulePost(context: AppLoadContext, actor: Actor, formData: FormData) {
  const fields = {
    content: formText(formData, 'content'),
    publishAt: formText(formData, 'publishAt'),
    connectionIds: formTexts(formData, 'connectionIds'),
  };
  const submission = parseForm(CreatePostSchema, {
    ...fields,
    publishAt: publishAtFromForm(fields.publishAt, formText(formData, 'utcOffset')),
  });
  if (!submission.ok) return invalid(submission.errors, fields);
  let postId: string;
  try {
    postId = (await context.services.posts.create(actor, submission.data)).post.id;
  } catch (error) {
    return problemAsInvalid(error, fields);
  }
  return redirect(`/posts/${postId}`);
}
