import { redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { ContentSchema, CreatePostSchema, type OverridesInput } from '../../api/posts/schemas';
import type { PlatformViolation } from '../../domain/platform-rules';
import { platformName } from '../components/account';
import type { FieldErrors } from '../utils/forms';
import { formText, formTexts, invalid, isProblemError, parseForm, problemAsInvalid } from '../utils/forms.server';
import { overrideField } from '../utils/override-field';
import { publishAtFromForm, timeZoneFromForm } from './posts.server';
import { accountSummary } from '../utils/account-avatars.server';
import { parseNewPostTime } from '../utils/calendar';

export const COMPOSE_INTENTS = ['schedule', 'draft', 'publish-now'] as const;
export type ComposeIntent = (typeof COMPOSE_INTENTS)[number];

/** A connected account as the composer offers it, with its text limit. */
export type ComposerAccount = Awaited<ReturnType<typeof loadComposer>>['connections'][number];

/** What a refused form comes back with, for the composer to refill. */
export interface ComposeFields {
  content: string;
  publishAt: string;
  connectionIds: string[];
  overrides: Record<string, string>;
  media: Awaited<ReturnType<typeof mediaOf>>;
}

/** `url`'s `publishAt` (the calendar's link to compose for a day or hour) is the form's default time. */
export async function loadComposer(context: AppLoadContext, actor: Actor, url: URL) {
  const [connections, limits] = await Promise.all([
    context.services.connections.list(actor),
    context.services.connections.textLimits(actor),
  ]);
  const maxCharacters = new Map(limits.map((limit) => [limit.id, limit.maxCharacters]));
  return {
    connections: connections.map((connection) => ({
      ...accountSummary(connection),
      maxCharacters: maxCharacters.get(connection.id) ?? null,
    })),
    publishAt: parseNewPostTime(url.searchParams.get('publishAt')),
  };
}

/** The uploads a refused form carried, so that it comes back with its thumbnails and alt text. */
async function mediaOf(context: AppLoadContext, actor: Actor, ids: readonly string[]) {
  const found = await Promise.all(ids.map((id) => context.services.media.get(actor, id).catch(() => null)));
  return found.filter((media) => media !== null);
}

/**
 * The per-account texts the form carries for the chosen accounts: a field left empty means
 * the main text. Errors are keyed by each account's field.
 */
export function overridesFromForm(formData: FormData, connectionIds: readonly string[]) {
  const texts: Record<string, string> = {};
  const overrides: OverridesInput = [];
  const errors: FieldErrors = {};
  for (const connectionId of connectionIds) {
    const text = formText(formData, overrideField(connectionId));
    if (!text.trim()) continue;
    texts[connectionId] = text;
    const parsed = ContentSchema.safeParse(text);
    if (parsed.success) overrides.push({ connectionId, content: parsed.data });
    else errors[overrideField(connectionId)] = parsed.error.issues.map((issue) => issue.message);
  }
  return { texts, overrides, errors };
}

/** A platform-rules refusal, one message per account beside the text it concerns: its own, or the main text. */
export function violationErrors(error: unknown, overridden: ReadonlySet<string>): FieldErrors | undefined {
  if (!isProblemError(error) || error.slug !== 'platform-rules') return undefined;
  const violations = (error.extensions.violations as PlatformViolation[] | undefined) ?? [];
  const errors: FieldErrors = {};
  for (const violation of violations) {
    const field = violation.connectionId && overridden.has(violation.connectionId) ? overrideField(violation.connectionId) : 'content';
    (errors[field] ??= []).push(`${platformName(violation.platform)}: ${violation.message}`);
  }
  return errors;
}

export async function composePost(context: AppLoadContext, actor: Actor, formData: FormData) {
  const intent = (COMPOSE_INTENTS as readonly string[]).includes(formText(formData, 'intent'))
    ? (formText(formData, 'intent') as ComposeIntent)
    : 'schedule';
  const mediaIds = formTexts(formData, 'media');
  const connectionIds = formTexts(formData, 'connectionIds');
  const overrides = overridesFromForm(formData, connectionIds);
  const fields: ComposeFields = {
    content: formText(formData, 'content'),
    publishAt: formText(formData, 'publishAt'),
    connectionIds,
    overrides: overrides.texts,
    media: await mediaOf(context, actor, mediaIds),
  };
  if (intent !== 'publish-now' && !fields.publishAt) {
    return invalid(
      { publishAt: [intent === 'draft' ? 'Choose when the draft is planned to go out' : 'Choose when to publish, or publish now'] },
      fields,
    );
  }
  const submission = parseForm(CreatePostSchema, {
    content: fields.content,
    connectionIds: fields.connectionIds,
    overrides: overrides.overrides,
    media: mediaIds,
    draft: intent === 'draft',
    publishAt: intent === 'publish-now' ? new Date().toISOString() : publishAtFromForm(formData),
    timeZone: timeZoneFromForm(formData),
  });
  if (!submission.ok || Object.keys(overrides.errors).length > 0)
    return invalid({ ...(submission.ok ? {} : submission.errors), ...overrides.errors }, fields);
  let postId: string;
  try {
    for (const id of mediaIds) await context.services.media.setAltText(actor, id, formText(formData, `altText.${id}`) || null);
    postId = (await context.services.posts.create(actor, submission.data)).post.id;
  } catch (error) {
    const messages = violationErrors(error, new Set(Object.keys(overrides.texts)));
    if (messages) return invalid(messages, fields, 422);
    return problemAsInvalid(error, fields);
  }
  return redirect(`/posts/${postId}`);
}
