import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreateEvergreenSchema } from '../../api/evergreen/schemas';
import { roleAllows } from '../../domain/permissions';
import { FALLBACK_TIME_ZONE } from '../utils/time';
import type { FieldErrors } from '../utils/forms';
import { formText, formTexts, isProblemError, parseForm, problemErrors } from '../utils/forms.server';

/** Posts offered as a set's posts: the team's latest that a set may share. */
const POSTS_OFFERED = 50;

/**
 * The team's evergreen sets, and what the form to make one offers: accounts, labels and
 * recent posts. `?delete=<id>` asks to confirm a set's deletion (a plain link, so it works without JavaScript).
 */
export async function loadEvergreenPage(context: AppLoadContext, actor: Actor, url: URL) {
  const { evergreen, connections, labels, posts, profile } = context.services;
  const [sets, accounts, labelList, recent, user] = await Promise.all([
    evergreen.list(actor),
    connections.list(actor),
    labels.list(actor),
    posts.list(actor, { sort: '-createdAt', limit: POSTS_OFFERED }),
    profile.get(actor.userId),
  ]);
  const canWrite = roleAllows(actor.role, 'posts:write');
  const deletingId = url.searchParams.get('delete');
  return {
    sets,
    accounts: accounts.map(({ id, handle, platform }) => ({ id, handle, platform })),
    labels: labelList.map(({ id, name }) => ({ id, name })),
    posts: recent.data
      .filter((post) => post.status !== 'CANCELLED' && post.evergreenSourceId === null)
      .map((post) => ({ id: post.id, content: post.content, status: post.status })),
    timeZone: user.timeZone ?? FALLBACK_TIME_ZONE,
    canWrite,
    deletingId: canWrite && sets.some((set) => set.id === deletingId) ? deletingId : null,
  };
}

export interface EvergreenFields {
  name: string;
  connectionIds: string[];
  source: string;
  labelId: string;
  postIds: string[];
  minGapDays: string;
  horizonDays: string;
}

type Intent = 'create' | 'pause' | 'resume' | 'refill' | 'delete';

function refused(intent: Intent, errors: FieldErrors, status: number, fields?: EvergreenFields, setId?: string) {
  return data({ intent, setId, errors, fields, refilled: undefined }, { status });
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export async function changeEvergreen(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { evergreen } = context.services;
  const intent = formText(formData, 'intent') as Intent;
  const setId = formText(formData, 'setId');
  const fields: EvergreenFields = {
    name: formText(formData, 'name'),
    connectionIds: formTexts(formData, 'connectionIds'),
    source: formText(formData, 'source'),
    labelId: formText(formData, 'labelId'),
    postIds: formTexts(formData, 'postIds'),
    minGapDays: formText(formData, 'minGapDays'),
    horizonDays: formText(formData, 'horizonDays'),
  };
  try {
    switch (intent) {
      case 'create': {
        const submission = parseForm(CreateEvergreenSchema, {
          name: fields.name,
          connectionIds: fields.connectionIds,
          ...(fields.source === 'label' ? { labelId: fields.labelId || undefined } : { postIds: fields.postIds }),
          minGapDays: fields.minGapDays === '' ? undefined : Number(fields.minGapDays),
          horizonDays: fields.horizonDays === '' ? undefined : Number(fields.horizonDays),
        });
        if (!submission.ok) return refused(intent, submission.errors, 400, fields);
        await evergreen.create(actor, submission.data);
        return redirect('/evergreen');
      }
      case 'pause':
        await evergreen.pause(actor, setId);
        return redirect('/evergreen');
      case 'resume':
        await evergreen.resume(actor, setId);
        return redirect('/evergreen');
      case 'delete':
        await evergreen.remove(actor, setId);
        return redirect('/evergreen');
      case 'refill': {
        const result = await evergreen.refill(actor, setId);
        const refilled =
          'summary' in result
            ? [
                `${plural(result.summary.created.length, 'post')} booked; ${plural(result.summary.emptySlotsLeft, 'slot')} left empty.`,
                ...new Set(result.summary.reasons.map((reason) => reason.message)),
              ]
            : ['The set is refilling: reload in a moment to see its posts.'];
        return data({ intent, setId, errors: {} as FieldErrors, fields: undefined, refilled });
      }
      default:
        throw data({ title: 'Unknown action', detail: `The evergreen page cannot "${intent}".` }, { status: 400 });
    }
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return refused(intent, problemErrors(error), error.status, intent === 'create' ? fields : undefined, setId);
  }
}
