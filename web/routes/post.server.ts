import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { roleAllows } from '../../domain/permissions';
import { isProblemError, rethrowAsResponse } from '../utils/forms.server';

export async function loadPostPage(context: AppLoadContext, actor: Actor, postId: string) {
  const post = await context.services.posts.get(actor, postId).catch(rethrowAsResponse);
  return { post, canChange: roleAllows(actor.role, 'posts:write') };
}

/** Cancels the post while it still sleeps; a refusal (already publishing, scheduler away) is shown on the page. */
export async function cancelPost(context: AppLoadContext, actor: Actor, postId: string) {
  try {
    await context.services.posts.cancel(actor, postId);
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return data({ error: error.detail ?? error.title }, { status: error.status });
  }
  return redirect(`/posts/${postId}`);
}
