import { data, redirect, type AppLoadContext } from 'react-router';
import { bestTimesByAccount } from '../utils/best-times.server';
import type { Actor } from '../../api/auth/actor';
import type { QueueChanges } from '../../api/queue/service';
import { PutQueueSchema } from '../../api/queue/schemas';
import { roleAllows } from '../../domain/permissions';
import { formText, formTexts, isProblemError, problemErrors } from '../utils/forms.server';
import type { FieldErrors } from '../utils/forms';
import { DAY_NAMES, slotErrorKey, slotFromText, type SlotFields } from '../utils/queue-slots';

const UPCOMING_SHOWN = 20;
/** GET …/queue/upcoming's largest limit */
const MAX_SLOTS_LISTED = 200;
/** How many posts a notice after "Add to queue" names (the URL carries their ids). */
const NOTICE_POSTS = 20;

/** The team's accounts, and the queue of the one chosen (`?account=`, else the first): its slots and coming slots. */
export async function loadQueuePage(context: AppLoadContext, actor: Actor, url: URL) {
  const { connections, queue } = context.services;
  const accounts = (await connections.list(actor)).map(({ id, displayName, handle, platform }) => ({ id, displayName, handle, platform }));
  const chosen = accounts.find((account) => account.id === url.searchParams.get('account')) ?? accounts[0];
  const upcoming = chosen ? await queue.upcoming(actor, chosen.id, UPCOMING_SHOWN) : null;
  // in the queue's zone, as its slots are
  const bestTimes = chosen && upcoming ? (await bestTimesByAccount(context, actor, [chosen.id], upcoming.timeZone))[chosen.id]! : null;
  return {
    bestTimes,
    accounts,
    account: chosen ?? null,
    // times as ISO text: the page shows them in the queue's zone, the same on the server and in the browser
    queue: upcoming && { ...upcoming, upcoming: upcoming.upcoming.map((slot) => ({ ...slot, at: slot.at.toISOString() })) },
    queued: await queuedNotice(context, actor, url),
    timeZones: Intl.supportedValuesOf('timeZone'),
    canWrite: roleAllows(actor.role, 'posts:write'),
  };
}

/** The web app's link to the Queue page after the composer queued `posts` (and Share next moved `moved` later). */
export function queuedLocation(connectionId: string, posts: ReadonlyArray<{ id: string }>, moved: ReadonlyArray<{ postId: string }>) {
  const params = new URLSearchParams({ account: connectionId, added: posts.map((post) => post.id).join(',') });
  const movedIds = [...new Set(moved.map((move) => move.postId))];
  if (movedIds.length > 0) params.set('moved', movedIds.slice(0, NOTICE_POSTS).join(','));
  return `/queue?${params}`;
}

/**
 * After the composer queued posts (`?added=…&moved=…`): each post with the time every
 * account got, and the posts Share next moved later, at their new times.
 */
async function queuedNotice(context: AppLoadContext, actor: Actor, url: URL) {
  const ids = (name: string) => (url.searchParams.get(name) ?? '').split(',').filter(Boolean).slice(0, NOTICE_POSTS);
  const read = (postIds: string[]) =>
    Promise.all(
      postIds.map((id) =>
        context.services.posts.get(actor, id).catch((error: unknown) => {
          if (isProblemError(error)) return null; // deleted since, or another team's
          throw error;
        }),
      ),
    );
  const [added, moved] = await Promise.all([read(ids('added')), read(ids('moved'))]);
  const shown = (post: (typeof added)[number]) =>
    post && post.publishAt
      ? [
          {
            id: post.id,
            content: post.content,
            publishAt: post.publishAt,
            timeZone: post.timeZone ?? 'UTC',
            accounts: post.targets.map(({ connectionId, displayName, handle, platform }) => ({
              connectionId,
              displayName,
              handle,
              platform,
            })),
          },
        ]
      : [];
  // the moved posts in their new order, as the queue now lists them
  const notice = { added: added.flatMap(shown), moved: moved.flatMap(shown).sort((a, b) => a.publishAt.localeCompare(b.publishAt)) };
  return notice.added.length > 0 ? notice : null;
}

export type QueueIntent = 'save' | 'swap' | 'shuffle';

/** The slots form as sent, to refill it when it is refused. */
export interface SlotsForm {
  slots: SlotFields[];
  newTime: string;
  newDays: string[];
  timeZone: string;
  paused: boolean;
}

/** A change's moved and not moved posts, named for the page. */
export interface ChangeList {
  moved: Array<{ postId: string; content: string; from: string; to: string }>;
  notMoved: Array<{ postId: string; content: string; at: string; message: string }>;
}

/** What the page shows after a change: what it did (`changes`), or the errors of the form that asked. */
interface QueueAnswer {
  intent: QueueIntent;
  errors: FieldErrors;
  form?: SlotsForm;
  changes?: ChangeList;
}

function refused(intent: QueueIntent, errors: FieldErrors, status: number, form?: SlotsForm) {
  return data<QueueAnswer>({ intent, errors, ...(form && { form }) }, { status });
}

/** The moved and not moved posts with their texts: those still queued from the queue, the others from their own pages. */
async function describeChanges(context: AppLoadContext, actor: Actor, connectionId: string, changes: QueueChanges): Promise<ChangeList> {
  const { upcoming } = await context.services.queue.upcoming(actor, connectionId, MAX_SLOTS_LISTED);
  const texts = new Map(upcoming.flatMap((slot) => (slot.post ? [[slot.post.id, slot.post.excerpt] as const] : [])));
  const missing = changes.notMoved.map((left) => left.postId).filter((id) => !texts.has(id));
  for (const id of missing) texts.set(id, (await context.services.posts.get(actor, id)).content);
  return {
    moved: changes.moved.map((move) => ({
      postId: move.postId,
      content: texts.get(move.postId) ?? '',
      from: move.from.toISOString(),
      to: move.to.toISOString(),
    })),
    notMoved: changes.notMoved.map((left) => ({
      postId: left.postId,
      content: texts.get(left.postId) ?? '',
      at: left.at.toISOString(),
      message: left.message,
    })),
  };
}

/** The slots the form keeps (its hidden inputs, less the one a no-script ✕ removes) and those "Add a time" adds. */
function readSlotsForm(formData: FormData) {
  const removed = formText(formData, 'removeSlot');
  const form: SlotsForm = {
    slots: formTexts(formData, 'slot')
      .filter((text) => text !== removed)
      .map(slotFromText),
    newTime: formText(formData, 'newTime').trim(),
    newDays: formTexts(formData, 'newDays'),
    timeZone: formText(formData, 'timeZone'),
    paused: formData.get('paused') === 'on',
  };
  const added = form.newTime ? form.newDays.map((day) => ({ day, time: form.newTime })) : [];
  const errors: FieldErrors = {};
  // days ticked without a time add nothing: they are ticked from the start
  if (form.newTime && form.newDays.length === 0) errors.newDays = ['Tick the days this time is for'];
  return { form, added, errors };
}

/**
 * The schema's issues beside what they name: a kept slot's beside its chip, an added
 * one's beside "Add a time" (the days that have the time already in one message), the
 * zone's beside the zone.
 */
function slotsErrors(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
  kept: SlotFields[],
  added: SlotFields[],
): FieldErrors {
  const errors: FieldErrors = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  const repeated: SlotFields[] = [];
  for (const { path, message } of issues) {
    const [field, index, part] = path;
    if (field !== 'slots') add(String(field ?? 'form'), message);
    else if (typeof index !== 'number') add('slots', message);
    else if (index < kept.length) add(slotErrorKey(kept[index]!), message);
    // a slot twice is named at its index alone; a bad day or time at its field
    else if (part === undefined) repeated.push(added[index - kept.length]!);
    else add('newTime', message);
  }
  if (repeated.length > 0) {
    add('newTime', `${repeated[0]!.time} is already a slot on ${repeated.map((slot) => DAY_NAMES[slot.day] ?? slot.day).join(', ')}`);
  }
  return errors;
}

/** The schedule as the form sends it, checked by the API's schema, with its errors beside the fields they name. */
export function parseSlotsForm(formData: FormData) {
  const { form, added, errors } = readSlotsForm(formData);
  const parsed = PutQueueSchema.safeParse({ timeZone: form.timeZone, paused: form.paused, slots: [...form.slots, ...added] });
  if (!parsed.success) Object.assign(errors, slotsErrors(parsed.error.issues, form.slots, added));
  return parsed.success && Object.keys(errors).length === 0
    ? { ok: true as const, form, data: parsed.data }
    : { ok: false as const, form, errors };
}

/** A change to the queue of the account the form names. */
export async function changeQueue(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { queue } = context.services;
  const connectionId = formText(formData, 'account');
  const intent = formText(formData, 'intent') as QueueIntent;
  const carriedOut = async (changes: QueueChanges): Promise<QueueAnswer> => ({
    intent,
    errors: {},
    changes: await describeChanges(context, actor, connectionId, changes),
  });
  let form: SlotsForm | undefined;
  try {
    switch (intent) {
      case 'save': {
        const submission = parseSlotsForm(formData);
        form = submission.form;
        if (!submission.ok) return refused(intent, submission.errors, 400, form);
        return carriedOut(await queue.put(actor, connectionId, submission.data));
      }
      case 'swap': {
        // the whole queue's new order (every post queued in this account alone), as reordering takes it
        const { upcoming } = await queue.upcoming(actor, connectionId, MAX_SLOTS_LISTED);
        const order = upcoming.flatMap((slot) => (slot.post && slot.post.queuedIn === 1 ? [slot.post.id] : []));
        const [from, onto] = [order.indexOf(formText(formData, 'postId')), order.indexOf(formText(formData, 'ontoPostId'))];
        if (from < 0 || onto < 0)
          return refused(intent, { form: ['That post is no longer in this queue: the page now shows the queue as it is.'] }, 409);
        [order[from], order[onto]] = [order[onto]!, order[from]!];
        const changes = await queue.reorder(actor, connectionId, order);
        // posts queued in several accounts were not asked to move: a swap names only what it tried
        return carriedOut({ ...changes, notMoved: changes.notMoved.filter((left) => left.reason !== 'queued-in-several-accounts') });
      }
      case 'shuffle':
        return carriedOut(await queue.shuffle(actor, connectionId));
      default:
        throw redirect(`/queue?account=${connectionId}`);
    }
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return refused(intent, problemErrors(error), error.status, form);
  }
}
