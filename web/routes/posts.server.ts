import { redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreatePostSchema } from '../../api/posts/schemas';
import { roleAllows } from '../../domain/permissions';
import { isTimeZone } from '../../domain/time-zone';
import { formText, formTexts, invalid, parseForm, problemAsInvalid, rethrowAsResponse } from '../utils/forms.server';
import { accountSummary, withAvatars } from '../utils/account-avatars.server';
import { FALLBACK_TIME_ZONE, instantFromLocal } from '../utils/time';

/** The list starts this far back, so that recent outcomes stay in view above what is coming. */
const LIST_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;
const PAGE_SIZE = 50;

export async function loadPostsPage(context: AppLoadContext, actor: Actor, url: URL) {
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const [posts, connections] = await Promise.all([
    context.services.posts
      .list(actor, { from: new Date(Date.now() - LIST_LOOKBACK_MS), cursor, limit: PAGE_SIZE })
      .catch(rethrowAsResponse),
    context.services.connections.list(actor),
  ]);
  const { temporalUiUrl, namespace } = context.settings;
  return {
    posts: posts.data.map((post) => ({ ...post, targets: withAvatars(post.targets, connections) })),
    nextCursor: posts.nextCursor,
    connections: connections.map(accountSummary),
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

export async function schedulePost(context: AppLoadContext, actor: Actor, formData: FormData) {
  const fields = {
    content: formText(formData, 'content'),
    publishAt: formText(formData, 'publishAt'),
    connectionIds: formTexts(formData, 'connectionIds'),
  };
  const submission = parseForm(CreatePostSchema, {
    ...fields,
    publishAt: publishAtFromForm(formData),
    timeZone: timeZoneFromForm(formData),
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
