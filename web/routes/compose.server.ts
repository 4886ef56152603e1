import { redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreatePostSchema } from '../../api/posts/schemas';
import type { PlatformViolation } from '../../domain/platform-rules';
import { platformName } from '../components/account';
import { formText, formTexts, invalid, isProblemError, parseForm, problemAsInvalid } from '../utils/forms.server';
import { publishAtFromForm } from './posts.server';

export const COMPOSE_INTENTS = ['schedule', 'draft', 'publish-now'] as const;
export type ComposeIntent = (typeof COMPOSE_INTENTS)[number];

export async function loadComposer(context: AppLoadContext, actor: Actor) {
  const [connections, limits] = await Promise.all([context.services.connections.list(actor), context.services.connections.textLimits(actor)]);
  const maxCharacters = new Map(limits.map((limit) => [limit.id, limit.maxCharacters]));
  return {
    connections: connections.map(({ id, platform, handle, displayName, status }) => ({
      id,
      platform,
      handle,
      displayName,
      status,
      maxCharacters: maxCharacters.get(id) ?? null,
    })),
  };
}

/** The uploads a refused form carried, so that it comes back with its thumbnails and alt text. */
async function mediaOf(context: AppLoadContext, actor: Actor, ids: readonly string[]) {
  const found = await Promise.all(ids.map((id) => context.services.media.get(actor, id).catch(() => null)));
  return found.filter((media) => media !== null);
}

/** A platform-rules refusal, one message per account beside the text. */
function violationMessages(error: unknown): string[] | undefined {
  if (!isProblemError(error) || error.slug !== 'platform-rules') return undefined;
  const violations = error.extensions.violations as PlatformViolation[] | undefined;
  return violations?.map((violation) => `${platformName(violation.platform)}: ${violation.message}`);
}

export async function composePost(context: AppLoadContext, actor: Actor, formData: FormData) {
  const intent = (COMPOSE_INTENTS as readonly string[]).includes(formText(formData, 'intent')) ? (formText(formData, 'intent') as ComposeIntent) : 'schedule';
  const mediaIds = formTexts(formData, 'media');
  const fields = {
    content: formText(formData, 'content'),
    publishAt: formText(formData, 'publishAt'),
    connectionIds: formTexts(formData, 'connectionIds'),
    media: await mediaOf(context, actor, mediaIds),
  };
  if (intent !== 'publish-now' && !fields.publishAt) {
    return invalid({ publishAt: [intent === 'draft' ? 'Choose when the draft is planned to go out' : 'Choose when to publish, or publish now'] }, fields);
  }
  const submission = parseForm(CreatePostSchema, {
    content: fields.content,
    connectionIds: fields.connectionIds,
    media: mediaIds,
    draft: intent === 'draft',
    publishAt: intent === 'publish-now' ? new Date().toISOString() : publishAtFromForm(formData),
  });
  if (!submission.ok) return invalid(submission.errors, fields);
  let postId: string;
  try {
    for (const id of mediaIds) await context.services.media.setAltText(actor, id, formText(formData, `altText.${id}`) || null);
    postId = (await context.services.posts.create(actor, submission.data)).post.id;
  } catch (error) {
    const messages = violationMessages(error);
    if (messages) return invalid({ content: messages }, fields, 422);
    return problemAsInvalid(error, fields);
  }
  return redirect(`/posts/${postId}`);
}
