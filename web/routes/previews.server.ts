import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreatePreviewSchema, DEFAULT_PREVIEW_DAYS, MAX_PREVIEW_DAYS } from '../../api/previews/schemas';
import { roleAllows } from '../../domain/permissions';
import { gridDays, gridTitle, isIsoDate, shiftAnchor } from '../utils/calendar';
import type { FieldErrors } from '../utils/forms';
import { formText, isProblemError, parseForm, problemErrors } from '../utils/forms.server';
import { FALLBACK_TIME_ZONE, instantFromLocal } from '../utils/time';

/** What the "Share preview" form shares: one post, or a week of the calendar (optionally one account's). */
export type SharedItems = { kind: 'post'; postId: string } | { kind: 'week'; week: string; accountId: string | null };

/** The items a page's query (`?post=<id>` from a post's page, `?week=<date>&account=<id>` from the calendar) names, if any. */
function sharedItems(params: URLSearchParams): SharedItems | null {
  const postId = params.get('post');
  if (postId) return { kind: 'post', postId };
  const week = params.get('week');
  return isIsoDate(week) ? { kind: 'week', week, accountId: params.get('account') || null } : null;
}

/** The week's days from Monday 00:00 to the next Monday 00:00 on the user's wall clock, as instants. */
function weekRange(week: string, timeZone: string, accountId: string | null) {
  const monday = gridDays('week', week)[0]!;
  return {
    from: instantFromLocal(`${monday}T00:00`, timeZone),
    to: instantFromLocal(`${shiftAnchor('week', monday, 1)}T00:00`, timeZone),
    ...(accountId ? { connectionIds: [accountId] } : {}),
  };
}

async function describeShared(context: AppLoadContext, actor: Actor, items: SharedItems) {
  if (items.kind === 'week') {
    const days = gridDays('week', items.week);
    const account = items.accountId
      ? (await context.services.connections.list(actor)).find((candidate) => candidate.id === items.accountId)
      : undefined;
    const title = `the week of ${gridTitle('week', items.week, days)}${account ? `, ${account.displayName} only` : ''}`;
    return { ...items, title, label: `Week of ${gridTitle('week', items.week, days)}` };
  }
  const post = await context.services.posts.get(actor, items.postId);
  const excerpt = post.content.length > 60 ? `${post.content.slice(0, 59)}…` : post.content;
  return { ...items, title: `the post “${excerpt}”`, label: `Post “${post.content.slice(0, 40).trim()}”` };
}

export async function loadPreviewsPage(context: AppLoadContext, actor: Actor, url: URL) {
  const canWrite = roleAllows(actor.role, 'posts:write');
  const items = canWrite ? sharedItems(url.searchParams) : null;
  const [links, sharing] = await Promise.all([
    context.services.previews.list(actor),
    // a post deleted since its page was open: nothing to share
    items ? describeShared(context, actor, items).catch(() => null) : null,
  ]);
  return { links, canWrite, sharing, defaultDays: DEFAULT_PREVIEW_DAYS, maxDays: MAX_PREVIEW_DAYS };
}

interface Fields {
  label?: string;
  expiresInDays?: string;
}

function refused(intent: string, errors: FieldErrors, status: number, fields: Fields = {}) {
  return data({ intent, errors, fields, created: null }, { status });
}

export async function changePreviews(context: AppLoadContext, actor: Actor, formData: FormData) {
  const intent = formText(formData, 'intent');
  const fields = { label: formText(formData, 'label'), expiresInDays: formText(formData, 'expiresInDays') };
  try {
    switch (intent) {
      case 'create': {
        const items = sharedItems(
          new URLSearchParams({
            post: formText(formData, 'post'),
            week: formText(formData, 'week'),
            account: formText(formData, 'account'),
          }),
        );
        if (!items)
          return refused(intent, { form: ['Choose what to share: use "Share preview" on a post or on the calendar’s week.'] }, 400, fields);
        // the zone the page shows times in (the profile's, else the browser's), in which the week begins
        const timeZone =
          formText(formData, 'timeZone') || ((await context.services.profile.get(actor.userId)).timeZone ?? FALLBACK_TIME_ZONE);
        const submission = parseForm(CreatePreviewSchema, {
          label: fields.label,
          expiresInDays: fields.expiresInDays ? Number(fields.expiresInDays) : undefined,
          allowApprove: formData.has('allowApprove'),
          allowComment: formData.has('allowComment'),
          timeZone,
          ...(items.kind === 'post' ? { postIds: [items.postId] } : { range: weekRange(items.week, timeZone, items.accountId) }),
        });
        if (!submission.ok) return refused(intent, submission.errors, 400, fields);
        const link = await context.services.previews.create(actor, submission.data);
        // the URL is shown this once: an answer, not a redirect
        return data({ intent, errors: {} as FieldErrors, fields, created: { label: link.label, url: link.url } });
      }
      case 'revoke':
        await context.services.previews.revoke(actor, formText(formData, 'previewId'));
        return redirect('/previews');
      default:
        throw data({ title: 'Unknown action', detail: `The previews page cannot "${intent}".` }, { status: 400 });
    }
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return refused(intent, problemErrors(error), error.status, fields);
  }
}
