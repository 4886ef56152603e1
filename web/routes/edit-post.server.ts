import { optionFormValues } from '../../domain/target-options';
import { redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreatePostSchema, RetryPostSchema, type EditPostInput } from '../../api/posts/schemas';
import type { PostView } from '../../api/posts/view';
import { POST_STATUSES } from '../../domain/post';
import { isRetry, noLongerEditable } from '../utils/post-editing';
import { invalid, isProblemError, parseForm, rethrowAsResponse } from '../utils/forms.server';
import {
  composeFieldOf,
  type ComposeFields,
  loadComposerChoices,
  postBodyOf,
  readComposeForm,
  refusedCompose,
  saveAltTexts,
  sameList,
  threadEditOf,
} from './compose.server';

export async function loadEditor(context: AppLoadContext, actor: Actor, postId: string) {
  const post = await context.services.posts.get(actor, postId).catch(rethrowAsResponse);
  const initial: ComposeFields = {
    content: post.content,
    // shown in the chosen zone by the composer (plannedAt), which the server cannot know for a user without one
    publishAt: '',
    timeZone: post.timeZone ?? undefined,
    connectionIds: post.targets.map((target) => target.connectionId),
    overrides: Object.fromEntries(
      post.targets.flatMap((target) => (target.content === null ? [] : [[target.connectionId, target.content]])),
    ),
    targetOptions: Object.fromEntries(
      post.targets.flatMap((target) => {
        const values = optionFormValues(target.options);
        return values ? [[target.connectionId, values]] : [];
      }),
    ),
    media: post.media,
    labelIds: post.labels.map((label) => label.id),
    thread: post.thread.map((part) => part.content),
    firstComment: post.firstComment ?? '',
  };
  return {
    ...(await loadComposerChoices(context, actor)),
    post: { id: post.id, status: post.status, publishAt: post.publishAt, stateVersion: post.stateVersion },
    initial,
  };
}

/** What the form changes of the post, as a PATCH would send it; undefined when nothing. */
function editOf(
  post: PostView,
  next: {
    content: string;
    connectionIds: string[];
    overrides: EditPostInput['overrides'];
    targetOptions: EditPostInput['targetOptions'];
    media: string[];
    thread: Array<{ content: string }>;
    firstComment: string | undefined;
  },
) {
  // the options as the post answers them and as the form sends them, by account
  const optionsOf = (entries: ReadonlyArray<{ connectionId: string; options: unknown }>) =>
    JSON.stringify(
      entries
        .filter((entry) => entry.options)
        .map((entry) => [entry.connectionId, entry.options])
        .sort(),
    );
  const currentOptions = optionsOf(post.targets.map((target) => ({ connectionId: target.connectionId, options: target.options })));
  const nextOptions = optionsOf((next.targetOptions ?? []).map(({ connectionId, ...options }) => ({ connectionId, options })));
  const currentOverrides = post.targets.flatMap((target) => (target.content === null ? [] : [`${target.connectionId}\n${target.content}`]));
  const nextOverrides = (next.overrides ?? []).map((override) => `${override.connectionId}\n${override.content}`);
  // the composer edits the parts' texts; each part keeps its media
  const thread = threadEditOf(
    next.thread.map((part) => part.content),
    post.thread.map((part) => ({ content: part.content, mediaIds: part.media.map((media) => media.id) })),
  );
  const edit: EditPostInput = {
    ...(next.content !== post.content ? { content: next.content } : {}),
    ...(!sameList(
      next.connectionIds,
      post.targets.map((target) => target.connectionId),
    ) || !sameList([...nextOverrides].sort(), [...currentOverrides].sort())
      ? { connectionIds: next.connectionIds, overrides: next.overrides ?? [] }
      : {}),
    ...(nextOptions !== currentOptions ? { targetOptions: next.targetOptions ?? [] } : {}),
    ...(!sameList(
      next.media,
      post.media.map((media) => media.id),
    )
      ? { media: next.media }
      : {}),
    ...(thread ? { thread } : {}),
    ...((next.firstComment ?? null) !== post.firstComment ? { firstComment: next.firstComment ?? null } : {}),
  };
  return Object.keys(edit).length > 0 ? edit : undefined;
}

/**
 * Saves the composer's form over a draft or a scheduled post, then carries out its intent:
 * a draft is saved, scheduled or published now; a scheduled post's changes go to its
 * workflow (text, accounts and media as one edit, then the time). `stateVersion` is the
 * version the editor was opened at: a post changed meanwhile is not overwritten (412).
 */
export async function saveEditedPost(context: AppLoadContext, actor: Actor, postId: string, formData: FormData) {
  const { posts, labels } = context.services;
  const { intent, fields, overrides, targetOptions, mediaIds, publishAt } = await readComposeForm(context, actor, formData);
  const post = await posts.get(actor, postId).catch(rethrowAsResponse);
  // a post that went out (or was cancelled) while the editor was open: that is the news, not the form's details
  const openedAs = POST_STATUSES.find((status) => status === formData.get('status')) ?? post.status;
  const tooLate = noLongerEditable(post.status, openedAs);
  if (tooLate) return invalid({ form: [tooLate] }, fields, 409);
  if (isRetry(post.status)) return fixAndRetry(context, actor, post, formData, { fields, overrides, targetOptions, mediaIds });
  const openedAt = Number(formData.get('stateVersion'));
  const submission = parseForm(
    CreatePostSchema,
    {
      ...postBodyOf({ fields, overrides, targetOptions, mediaIds }),
      // a scheduled post's form is checked as a post to publish, whatever button sent it
      draft: formData.get('status') === 'DRAFT' && (intent === 'draft' || intent === 'save'),
      publishAt,
      timeZone: fields.timeZone,
    },
    composeFieldOf(targetOptions),
  );
  if (!submission.ok || Object.keys(overrides.errors).length > 0)
    return invalid({ ...(submission.ok ? {} : submission.errors), ...overrides.errors }, fields);
  const next = submission.data;
  try {
    const options = { ifStateVersion: Number.isInteger(openedAt) ? openedAt : undefined };
    await saveAltTexts(context, actor, formData, mediaIds);
    await labels.resolve(actor, next.labelIds ?? [], 'labelIds');
    const edit = editOf(post, {
      content: next.content,
      connectionIds: next.connectionIds,
      overrides: next.overrides,
      targetOptions: next.targetOptions,
      media: mediaIds,
      thread: next.thread ?? [],
      firstComment: next.firstComment,
    });
    const edited = edit ? await posts.edit(actor, postId, edit, options) : undefined;
    // the time's change is made on the version the edit made, or else on the one the editor was opened at
    const afterEdit = { ifStateVersion: edited ? edited.stateVersion : options.ifStateVersion };
    const movedTo = next.publishAt && next.publishAt.toISOString() !== post.publishAt ? next.publishAt : undefined;
    const zoneChanged = next.timeZone !== undefined && next.timeZone !== post.timeZone;
    if (post.status === 'SCHEDULED' || post.status === 'PENDING_APPROVAL') {
      // the form of a post to publish always carries a time (the schema above requires it)
      if (next.publishAt && (movedTo || zoneChanged)) {
        await posts.reschedule(actor, postId, next.publishAt, next.timeZone, afterEdit);
      }
    } else if (intent === 'draft' || intent === 'save') {
      // an emptied time takes the draft's time away: it is an idea again
      const cleared = !next.publishAt && post.publishAt !== null;
      if ((next.publishAt && (movedTo || zoneChanged)) || cleared)
        await posts.reschedule(actor, postId, next.publishAt ?? null, next.timeZone, afterEdit);
    } else {
      await posts.schedule(actor, postId, next.publishAt, next.timeZone, afterEdit);
    }
    await posts.setLabels(actor, postId, next.labelIds ?? []);
  } catch (error) {
    if (isProblemError(error) && error.status === 412) {
      return invalid(
        { form: ['Someone changed this post after you opened it, so nothing was saved. Open it again to see their change, then edit.'] },
        fields,
        412,
      );
    }
    return refusedCompose(error, fields);
  }
  return redirect(`/posts/${postId}`);
}

/**
 * A failed (or partly published) post's fixes, then a retry, now: the form's text,
 * accounts, per-account texts and media are what the retry publishes to the accounts that
 * have not published (the service keeps what the others published, and says what they cannot lose).
 */
async function fixAndRetry(
  context: AppLoadContext,
  actor: Actor,
  post: PostView,
  formData: FormData,
  form: Pick<Awaited<ReturnType<typeof readComposeForm>>, 'fields' | 'overrides' | 'targetOptions' | 'mediaIds'>,
) {
  const { fields, overrides, targetOptions, mediaIds } = form;
  const submission = parseForm(
    RetryPostSchema,
    {
      content: fields.content,
      connectionIds: fields.connectionIds,
      overrides: overrides.overrides ?? [],
      targetOptions,
      media: mediaIds,
    },
    composeFieldOf(targetOptions),
  );
  if (!submission.ok || Object.keys(overrides.errors).length > 0)
    return invalid({ ...(submission.ok ? {} : submission.errors), ...overrides.errors }, fields);
  try {
    await saveAltTexts(context, actor, formData, mediaIds);
    await context.services.labels.resolve(actor, fields.labelIds, 'labelIds');
    await context.services.posts.retry(actor, post.id, submission.data);
    await context.services.posts.setLabels(actor, post.id, fields.labelIds);
  } catch (error) {
    return refusedCompose(error, fields);
  }
  return redirect(`/posts/${post.id}`);
}
