import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { ApprovePostSchema, RejectPostSchema } from '../../api/approvals/schemas';
import { CreateCommentSchema } from '../../api/comments/schemas';
import { RestorePostSchema } from '../../api/posts/schemas';
import { whyCannotDecide } from '../../domain/approvals';
import { roleAllows } from '../../domain/permissions';
import type { FieldErrors } from '../utils/forms';
import { formText, isProblemError, parseForm, problemErrors, rethrowAsResponse } from '../utils/forms.server';
import { accountSummary, withAvatars } from '../utils/account-avatars.server';
import { publishAtFromForm, timeZoneFromForm } from './posts.server';

export async function loadPostPage(context: AppLoadContext, actor: Actor, postId: string) {
  const [post, connections, metrics, comments, policy, history] = await Promise.all([
    context.services.posts.get(actor, postId).catch(rethrowAsResponse),
    context.services.connections.list(actor),
    context.services.posts.metrics(actor, postId).catch(rethrowAsResponse),
    context.services.comments.list(actor, postId).catch(rethrowAsResponse),
    context.services.approvals.getPolicy(actor),
    context.services.audit.postHistory(actor, postId),
  ]);
  const canChange = roleAllows(actor.role, 'posts:write');
  return {
    post: { ...post, targets: withAvatars(post.targets, connections) },
    metrics,
    connections: connections.map(accountSummary),
    comments,
    history: history.map((entry) => ({
      id: entry.id,
      action: entry.action,
      actorName: entry.actor?.name ?? null,
      at: entry.createdAt.toISOString(),
    })),
    canChange,
    // the page offers a decision only to whom the API would take it from
    canDecide: post.status === 'PENDING_APPROVAL' && canChange && !whyCannotDecide(policy, actor, post.authorId),
    userId: actor.userId,
  };
}

type Intent = 'cancel' | 'retry' | 'duplicate' | 'delete' | 'restore' | 'approve' | 'reject' | 'comment' | 'delete-comment';
interface Fields {
  publishAt?: string;
  comment?: string;
  body?: string;
}

/** A refusal beside the form it concerns; 409 (publishing already started) keeps its status for the page to say so. */
function refused(intent: Intent, errors: FieldErrors, fields: Fields, status: number) {
  return data({ intent, errors, fields, status }, { status });
}

/** Carries out a change through the API's services, then goes where it leads (the post's page by default), or shows its refusal. */
async function carryOut(intent: Intent, fields: Fields, change: () => Promise<string>) {
  let next: string;
  try {
    next = await change();
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return refused(intent, problemErrors(error), fields, error.status);
  }
  return redirect(next);
}

export async function changePost(context: AppLoadContext, actor: Actor, postId: string, formData: FormData) {
  const { posts, approvals, comments } = context.services;
  const intent = formText(formData, 'intent');
  const postPage = `/posts/${postId}`;
  switch (intent) {
    case 'cancel':
      return carryOut(intent, {}, async () => (await posts.cancel(actor, postId), postPage));
    case 'retry':
      return carryOut(intent, {}, async () => (await posts.retry(actor, postId), postPage));
    case 'duplicate':
      // the copy opens in the composer, to be changed before it is scheduled
      return carryOut(intent, {}, async () => `/posts/${(await posts.duplicate(actor, postId)).id}/edit`);
    case 'delete':
      return carryOut(intent, {}, async () => (await posts.remove(actor, postId), '/posts?status=DRAFT'));
    case 'restore': {
      const fields = { publishAt: formText(formData, 'publishAt') };
      const submission = parseForm(RestorePostSchema, {
        publishAt: fields.publishAt ? publishAtFromForm(formData) : undefined,
        timeZone: timeZoneFromForm(formData),
      });
      if (!submission.ok) return refused(intent, submission.errors, fields, 400);
      const { publishAt, timeZone } = submission.data;
      return carryOut(intent, fields, async () => (await posts.restore(actor, postId, publishAt, timeZone), postPage));
    }
    case 'approve': {
      const fields = { publishAt: formText(formData, 'publishAt') };
      const submission = parseForm(ApprovePostSchema, { publishAt: fields.publishAt ? publishAtFromForm(formData) : undefined });
      if (!submission.ok) return refused(intent, submission.errors, fields, 400);
      return carryOut(intent, fields, async () => (await approvals.approve(actor, postId, submission.data), postPage));
    }
    case 'reject': {
      const fields = { comment: formText(formData, 'comment') };
      const submission = parseForm(RejectPostSchema, fields);
      if (!submission.ok) return refused(intent, submission.errors, fields, 400);
      return carryOut(intent, fields, async () => (await approvals.reject(actor, postId, submission.data), postPage));
    }
    case 'comment': {
      const fields = { body: formText(formData, 'body') };
      const submission = parseForm(CreateCommentSchema, fields);
      if (!submission.ok) return refused(intent, submission.errors, fields, 400);
      return carryOut(intent, {}, async () => (await comments.create(actor, postId, submission.data.body), `${postPage}#comments`));
    }
    case 'delete-comment':
      return carryOut(
        intent,
        {},
        async () => (await comments.remove(actor, postId, formText(formData, 'commentId')), `${postPage}#comments`),
      );
    default:
      throw data({ title: 'Unknown action', detail: `The post page cannot "${intent}".` }, { status: 400 });
  }
}
