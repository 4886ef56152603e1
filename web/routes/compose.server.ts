import { redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import type { MediaView } from '../../api/media/view';
import { ContentSchema, CreatePostSchema, type OverridesInput, type TargetOptionsInput } from '../../api/posts/schemas';
import type { QUEUE_MODES, QUEUE_POSITIONS } from '../../api/queue/schemas';
import type { PlatformViolation } from '../../domain/platform-rules';
import { platformName } from '../components/account';
import { hasTargetOptions, optionFieldOf, optionsFromFields, optionsPlatformOf } from '../../domain/target-options';
import type { FieldErrors } from '../utils/forms';
import {
  formText,
  formTexts,
  invalid,
  isProblemError,
  parseForm,
  problemAsInvalid,
  topLevelField,
  type FieldOf,
} from '../utils/forms.server';
import { optionField, optionKeyField, overrideField } from '../utils/override-field';
import { publishAtFromForm, timeZoneFromForm } from './posts.server';
import { accountSummary } from '../utils/account-avatars.server';
import { bestTimesByAccount } from '../utils/best-times.server';
import { queuedLocation } from './queue.server';
import { loadComposerTemplates, saveAsTemplate } from './compose-template.server';

export const COMPOSE_INTENTS = ['schedule', 'queue', 'share-next', 'draft', 'publish-now', 'save', 'retry', 'save-template'] as const;
export type ComposeIntent = (typeof COMPOSE_INTENTS)[number];
/** "Add to queue" (the first free slot) and "Share next" (the very first, the queue moving one slot later) */
const QUEUE_INTENTS: Partial<Record<ComposeIntent, QueuePosition>> = { queue: 'next', 'share-next': 'first' };
const queues = (intent: ComposeIntent | undefined) => intent !== undefined && intent in QUEUE_INTENTS;

/** A connected account as the composer offers it, with its text limit. */
export type ComposerAccount = Awaited<ReturnType<typeof loadComposer>>['connections'][number];

/** What the composer starts from: a post being edited, or a refused form to refill. */
export interface ComposeFields {
  content: string;
  /** a `datetime-local` value, read in `timeZone` */
  publishAt: string;
  /** the post's own zone; without one, the user's */
  timeZone: string | undefined;
  connectionIds: string[];
  overrides: Record<string, string>;
  /** each account's platform options as the form shows them, by connection id and option name */
  targetOptions: Record<string, Record<string, string>>;
  media: Array<
    Pick<MediaView, 'id' | 'fileName' | 'kind' | 'mimeType' | 'sizeBytes' | 'width' | 'height' | 'durationMs' | 'altText' | 'contentUrl'>
  >;
  labelIds: string[];
  /** a thread's parts after the main text */
  thread: string[];
  /** empty: none */
  firstComment: string;
  /** a refused queueing's choice for several accounts */
  queueMode?: QueueMode;
}

type QueuePosition = (typeof QUEUE_POSITIONS)[number];
type QueueMode = (typeof QUEUE_MODES)[number];

/** `2026-12-24T09:00`, as a calendar's "compose for this time" link sends it */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The team's accounts (with their text limits and best times) and labels, for the composer. */
export async function loadComposerChoices(context: AppLoadContext, actor: Actor) {
  const [connections, limits, labels, policy] = await Promise.all([
    context.services.connections.list(actor),
    context.services.connections.textLimits(actor),
    context.services.labels.list(actor),
    context.services.approvals.getPolicy(actor),
  ]);
  const maxCharacters = new Map(limits.map((limit) => [limit.id, limit.maxCharacters]));
  const bestTimes = await bestTimesByAccount(
    context,
    actor,
    connections.map((connection) => connection.id),
  );
  return {
    connections: connections.map((connection) => ({
      ...accountSummary(connection),
      maxCharacters: maxCharacters.get(connection.id) ?? null,
      bestTimes: bestTimes[connection.id]!,
      signature: connection.signature,
    })),
    labels: labels.map(({ id, name, colour }) => ({ id, name, colour })),
    timeZones: Intl.supportedValuesOf('timeZone'),
    ai: { enabled: context.services.ai.enabled },
    // the accounts whose posts by this user need approval ([]: all), or null when none do
    approvalAccounts: policy.enabled && policy.authorRoles.includes(actor.role) ? policy.connectionIds : null,
  };
}

/**
 * A new post: empty, planned for the time a calendar link names (`?publishAt=2026-12-24T09:00`),
 * or made from a template (`?template=<id>`, ./compose-template.server.ts).
 */
export async function loadComposer(context: AppLoadContext, actor: Actor, url: URL) {
  const planned = url.searchParams.get('publishAt') ?? '';
  const initial: ComposeFields = {
    content: '',
    publishAt: LOCAL_TIME.test(planned) ? planned : '',
    timeZone: undefined,
    connectionIds: [],
    overrides: {},
    targetOptions: {},
    media: [],
    labelIds: [],
    thread: [],
    firstComment: '',
  };
  const choices = await loadComposerChoices(context, actor);
  return { ...choices, ...(await loadComposerTemplates(context, actor, url, { initial, connections: choices.connections })) };
}

/** The uploads a refused form carried, so that it comes back with its thumbnails and alt text. */
export async function mediaOf(context: AppLoadContext, actor: Actor, ids: readonly string[]) {
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

/**
 * The platform options the form carries for the chosen accounts (`option.<id>.<name>`, under
 * the key `optionKey.<id>` names), empty ones left out: the API says what is missing.
 */
export function targetOptionsFromForm(formData: FormData, connectionIds: readonly string[]) {
  const values: Record<string, Record<string, string>> = {};
  const entries: TargetOptionsInput = [];
  for (const connectionId of connectionIds) {
    const key = formText(formData, optionKeyField(connectionId));
    const platform = optionsPlatformOf(key);
    if (!platform) continue;
    const prefix = optionField(connectionId, '');
    const fields = Object.fromEntries(
      [...formData.keys()]
        .filter((name) => name.startsWith(prefix))
        .map((name) => [name.slice(prefix.length), formText(formData, name).trim()] as const)
        .filter(([, value]) => value !== ''),
    );
    values[connectionId] = fields;
    const options = optionsFromFields(platform, fields);
    if (Object.keys(options).length > 0) entries.push({ connectionId, [key]: options } as TargetOptionsInput[number]);
  }
  return { values, entries };
}

export const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, index) => item === b[index]);

/**
 * A thread edited in a form that shows only the parts' texts, as an edit would send it:
 * undefined while no text changed; otherwise each part keeps the media of the part at its place.
 */
export function threadEditOf(texts: readonly string[], current: ReadonlyArray<{ content: string; mediaIds: readonly string[] }>) {
  if (
    sameList(
      texts,
      current.map((part) => part.content),
    )
  )
    return undefined;
  return texts.map((content, index) => ({ content, media: [...(current[index]?.mediaIds ?? [])] }));
}

/** Where the form shows an error of the request's `targetOptions.<i>.<key>.<name>`: beside that account's option. */
export function composeFieldOf(entries: TargetOptionsInput): FieldOf {
  return (path) => {
    const entry = path[0] === 'targetOptions' ? entries[Number(path[1])] : undefined;
    const platform = optionsPlatformOf(path[2] ?? '');
    return entry && platform && path[3]
      ? optionField(entry.connectionId, optionFieldOf(platform, path.slice(3).join('.')))
      : topLevelField(path);
  };
}

/** A platform-rules refusal, one message per account beside the text or the option it concerns: its own text, or the main text. */
export function violationErrors(error: unknown, overridden: ReadonlySet<string>): FieldErrors | undefined {
  if (!isProblemError(error) || error.slug !== 'platform-rules') return undefined;
  const violations = (error.extensions.violations as PlatformViolation[] | undefined) ?? [];
  const errors: FieldErrors = {};
  for (const violation of violations) {
    const path = violation.field?.split('.').slice(2).join('.');
    const option =
      violation.rule === 'target-options' && violation.connectionId && path && hasTargetOptions(violation.platform)
        ? optionFieldOf(violation.platform, path)
        : undefined;
    if (option) {
      (errors[optionField(violation.connectionId!, option)] ??= []).push(violation.message);
      continue;
    }
    const field = violation.connectionId && overridden.has(violation.connectionId) ? overrideField(violation.connectionId) : 'content';
    (errors[field] ??= []).push(`${platformName(violation.platform)}: ${violation.message}`);
  }
  return errors;
}

/** What a composer form publishes, and where: the part of a post's body the new-post and edit forms share. */
export function postBodyOf(form: Pick<Awaited<ReturnType<typeof readComposeForm>>, 'fields' | 'overrides' | 'targetOptions' | 'mediaIds'>) {
  const { fields } = form;
  return {
    content: fields.content,
    connectionIds: fields.connectionIds,
    overrides: form.overrides.overrides,
    targetOptions: form.targetOptions,
    media: form.mediaIds,
    labelIds: fields.labelIds,
    ...(fields.thread.length > 0 && { thread: fields.thread.map((content) => ({ content })) }),
    ...(fields.firstComment.trim() && { firstComment: fields.firstComment }),
  };
}

/** What a composer form sends, read and checked the way every intent needs it. */
export async function readComposeForm(context: AppLoadContext, actor: Actor, formData: FormData) {
  const intent = (COMPOSE_INTENTS as readonly string[]).includes(formText(formData, 'intent'))
    ? (formText(formData, 'intent') as ComposeIntent)
    : 'schedule';
  const mediaIds = formTexts(formData, 'media');
  const connectionIds = formTexts(formData, 'connectionIds');
  const overrides = overridesFromForm(formData, connectionIds);
  const targetOptions = targetOptionsFromForm(formData, connectionIds);
  const fields: ComposeFields = {
    content: formText(formData, 'content'),
    publishAt: formText(formData, 'publishAt'),
    timeZone: timeZoneFromForm(formData),
    connectionIds,
    overrides: overrides.texts,
    targetOptions: targetOptions.values,
    media: await mediaOf(context, actor, mediaIds),
    labelIds: formTexts(formData, 'labelIds'),
    // an emptied part is a part removed
    thread: formTexts(formData, 'thread').filter((part) => part.trim()),
    firstComment: formText(formData, 'firstComment'),
    queueMode: formText(formData, 'queueMode') === 'together' ? 'together' : 'each',
  };
  /** the time the form names, as the schemas expect it; now, to publish now; none, for the queue to choose */
  const publishAt =
    intent === 'publish-now' ? new Date().toISOString() : fields.publishAt && !queues(intent) ? publishAtFromForm(formData) : undefined;
  return { intent, fields, overrides, targetOptions: targetOptions.entries, mediaIds, publishAt };
}

/** Saves each attachment's alt text, as the form last showed it. */
export async function saveAltTexts(context: AppLoadContext, actor: Actor, formData: FormData, mediaIds: readonly string[]) {
  for (const id of mediaIds) await context.services.media.setAltText(actor, id, formText(formData, `altText.${id}`) || null);
}

/** A service's refusal beside the fields it concerns: platform rules beside each text, the rest as the problem says. */
export function refusedCompose(error: unknown, fields: ComposeFields) {
  const messages = violationErrors(error, new Set(Object.keys(fields.overrides)));
  if (messages) return invalid(messages, fields, 422);
  return problemAsInvalid(error, fields);
}

export async function composePost(context: AppLoadContext, actor: Actor, formData: FormData) {
  const form = await readComposeForm(context, actor, formData);
  if (form.intent === 'save-template') return saveAsTemplate(context, actor, form, formData);
  const { intent, fields, overrides, targetOptions, mediaIds, publishAt } = form;
  // a draft may be an idea: text alone, with no time and no account yet
  const submission = parseForm(
    CreatePostSchema,
    {
      ...postBodyOf(form),
      draft: intent === 'draft',
      publishAt,
      // the queue chooses the time: one post per account at its own slot, or one at a slot free in all of them
      ...(queues(intent) && { queue: QUEUE_INTENTS[intent], queueMode: fields.queueMode }),
      timeZone: fields.timeZone,
      // the box is offered whenever an account has a signature, ticked at first
      signatures: formData.has('signatures'),
    },
    composeFieldOf(targetOptions),
  );
  if (!submission.ok || Object.keys(overrides.errors).length > 0)
    return invalid({ ...(submission.ok ? {} : submission.errors), ...overrides.errors }, fields);
  let postId: string;
  try {
    await saveAltTexts(context, actor, formData, mediaIds);
    if (submission.data.queue) {
      const queued = await context.services.queue.add(actor, { ...submission.data, queue: submission.data.queue });
      return redirect(queuedLocation(submission.data.connectionIds[0]!, queued.posts, queued.moved));
    }
    postId = (await context.services.posts.create(actor, submission.data)).post.id;
  } catch (error) {
    return refusedCompose(error, fields);
  }
  return redirect(`/posts/${postId}`);
}
