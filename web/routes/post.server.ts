import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { EditPostSchema, ReschedulePostSchema } from '../../api/posts/schemas';
import { roleAllows } from '../../domain/permissions';
import type { FieldErrors } from '../utils/forms';
import { formText, formTexts, isProblemError, parseForm, problemErrors, rethrowAsResponse } from '../utils/forms.server';
import { accountSummary, withAvatars } from '../utils/account-avatars.server';
import { overridesFromForm, violationErrors } from './compose.server';
import { publishAtFromForm, timeZoneFromForm } from './posts.server';

export async function loadPostPage(context: AppLoadContext, actor: Actor, postId: string) {
  const [post, connections] = await Promise.all([
    context.services.posts.get(actor, postId).catch(rethrowAsResponse),
    context.services.connections.list(actor),
  ]);
  return {
    post: { ...post, targets: withAvatars(post.targets, connections) },
    connections: connections.map(accountSummary),
    canChange: roleAllows(actor.role, 'posts:write'),
  };
}

type Intent = 'cancel' | 'reschedule' | 'edit' | 'retry';
interface Fields {
  publishAt?: string;
  content?: string;
  connectionIds?: string[];
  /** each account's own text, by connection id */
  overrides?: Record<string, string>;
}

/** A refusal beside the form it concerns; 409 (publishing already started) keeps its status for the page to say so. */
function refused(intent: Intent, errors: FieldErrors, fields: Fields, status: number) {
  return data({ intent, errors, fields, status }, { status });
}

/** Carries out a change through the post's workflow (the API's services), or shows its refusal. */
async function carryOut(intent: Intent, postId: string, fields: Fields, change: () => Promise<unknown>) {
  try {
    await change();
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return refused(
      intent,
      violationErrors(error, new Set(Object.keys(fields.overrides ?? {}))) ?? problemErrors(error),
      fields,
      error.status,
    );
  }
  return redirect(`/posts/${postId}`);
}

export async function changePost(context: AppLoadContext, actor: Actor, postId: string, formData: FormData) {
  const { posts } = context.services;
  const intent = formText(formData, 'intent');
  switch (intent) {
    case 'cancel':
      return carryOut(intent, postId, {}, () => posts.cancel(actor, postId));
    case 'retry':
      return carryOut(intent, postId, {}, () => posts.retry(actor, postId));
    case 'reschedule': {
      const fields = { publishAt: formText(formData, 'publishAt') };
      const submission = parseForm(ReschedulePostSchema, { publishAt: publishAtFromForm(formData), timeZone: timeZoneFromForm(formData) });
      if (!submission.ok) return refused(intent, submission.errors, fields, 400);
      return carryOut(intent, postId, fields, () => posts.reschedule(actor, postId, submission.data.publishAt, submission.data.timeZone));
    }
    case 'edit': {
      const connectionIds = formTexts(formData, 'connectionIds');
      // the form shows every account's own text, so what it sends replaces them all
      const overrides = overridesFromForm(formData, connectionIds);
      const fields = { content: formText(formData, 'content'), connectionIds, overrides: overrides.texts };
      const submission = parseForm(EditPostSchema, { content: fields.content, connectionIds, overrides: overrides.overrides });
      if (!submission.ok || Object.keys(overrides.errors).length > 0) {
        return refused(intent, { ...(submission.ok ? {} : submission.errors), ...overrides.errors }, fields, 400);
      }
      return carryOut(intent, postId, fields, () => posts.edit(actor, postId, submission.data));
    }
    default:
      throw data({ title: 'Unknown action', detail: `The post page cannot "${intent}".` }, { status: 400 });
  }
}
