import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { PutQueueSchema } from '../../api/queue/schemas';
import { roleAllows } from '../../domain/permissions';
import { formText, isProblemError, parseForm, problemErrors } from '../utils/forms.server';
import type { FieldErrors } from '../utils/forms';

const UPCOMING_SHOWN = 20;
/** GET …/queue/upcoming's largest limit */
const MAX_SLOTS_LISTED = 200;

/** The team's accounts, and the queue of the one chosen (`?account=`, else the first): its slots and coming slots. */
export async function loadQueuePage(context: AppLoadContext, actor: Actor, url: URL) {
  const { connections, queue } = context.services;
  const accounts = (await connections.list(actor)).map(({ id, displayName, handle, platform }) => ({ id, displayName, handle, platform }));
  const chosen = accounts.find((account) => account.id === url.searchParams.get('account')) ?? accounts[0];
  const upcoming = chosen ? await queue.upcoming(actor, chosen.id, UPCOMING_SHOWN) : null;
  return {
    accounts,
    account: chosen ?? null,
    // times as ISO text: the page shows them in the queue's zone, the same on the server and in the browser
    queue: upcoming && { ...upcoming, upcoming: upcoming.upcoming.map((slot) => ({ ...slot, at: slot.at.toISOString() })) },
    canWrite: roleAllows(actor.role, 'posts:write'),
  };
}

/** One slot a line, `mon 09:00`; lines that are not two words go to the schema as they are, for it to name. */
export function slotsFromText(text: string) {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [day = '', time = ''] = line.toLowerCase().split(/\s+/);
      return { day, time };
    });
}

export type QueueIntent = 'save' | 'move-up' | 'shuffle';
type Changes = { moved: Array<{ postId: string }>; notMoved: Array<{ postId: string; message: string }> };

function summary(changes: Changes): string {
  const moved = changes.moved.length === 1 ? '1 queued post moved' : `${changes.moved.length} queued posts moved`;
  return [moved, ...changes.notMoved.map((left) => `${left.postId} not moved: ${left.message}`)].join('. ');
}

/** What the page shows after a change: what it did (`done`), or the errors of the form that asked. */
interface QueueAnswer {
  intent: QueueIntent;
  errors: FieldErrors;
  fields: { slots?: string };
  done?: string;
}

function refused(intent: QueueIntent, errors: FieldErrors, status: number, fields: QueueAnswer['fields'] = {}) {
  return data<QueueAnswer>({ intent, errors, fields }, { status });
}

function carriedOut(intent: QueueIntent, changes: Changes): QueueAnswer {
  return { intent, errors: {}, fields: {}, done: summary(changes) };
}

/** A change to the queue of the account the form names. */
export async function changeQueue(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { queue } = context.services;
  const connectionId = formText(formData, 'account');
  const intent = formText(formData, 'intent') as QueueIntent;
  try {
    switch (intent) {
      case 'save': {
        const fields = { slots: formText(formData, 'slots') };
        const submission = parseForm(PutQueueSchema, {
          timeZone: formText(formData, 'timeZone'),
          paused: formData.get('paused') === 'on',
          slots: slotsFromText(fields.slots),
        });
        if (!submission.ok) return refused(intent, submission.errors, 400, fields);
        return carriedOut(intent, await queue.put(actor, connectionId, submission.data));
      }
      case 'move-up': {
        // every post this queue moves (queued in it alone), as reordering takes them
        const { upcoming } = await queue.upcoming(actor, connectionId, MAX_SLOTS_LISTED);
        const order = upcoming.flatMap((slot) => (slot.post && slot.post.queuedIn === 1 ? [slot.post.id] : []));
        const index = order.indexOf(formText(formData, 'postId'));
        if (index > 0) [order[index - 1], order[index]] = [order[index]!, order[index - 1]!];
        return carriedOut(intent, await queue.reorder(actor, connectionId, order));
      }
      case 'shuffle':
        return carriedOut(intent, await queue.shuffle(actor, connectionId));
      default:
        throw redirect(`/queue?account=${connectionId}`);
    }
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return refused(intent, problemErrors(error), error.status);
  }
}
