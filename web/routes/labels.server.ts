import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreateLabelSchema, EditLabelSchema } from '../../api/labels/schemas';
import { roleAllows } from '../../domain/permissions';
import type { FieldErrors } from '../utils/forms';
import { formText, isProblemError, parseForm, problemErrors } from '../utils/forms.server';

/** New labels take the next of these colours, so that labels made one after another differ. */
const PALETTE = ['#1e90ff', '#e4572e', '#17a34a', '#a855f7', '#f59e0b', '#0d9488', '#db2777', '#64748b'] as const;

/**
 * The team's labels with how many posts wear each; `?edit=<id>` opens one label's form and
 * `?delete=<id>` asks to confirm its deletion: plain links, so both work without JavaScript.
 */
export async function loadLabelsPage(context: AppLoadContext, actor: Actor, url: URL) {
  const { labels } = context.services;
  const [list, postCounts] = await Promise.all([labels.list(actor), labels.postCounts(actor)]);
  const canWrite = roleAllows(actor.role, 'posts:write');
  const chosen = (name: string) => {
    const id = url.searchParams.get(name);
    return canWrite && list.some((label) => label.id === id) ? id : null;
  };
  return {
    labels: list.map(({ id, name, colour }) => ({ id, name, colour, posts: postCounts.get(id) ?? 0 })),
    canWrite,
    editingId: chosen('edit'),
    deletingId: chosen('delete'),
    newColour: PALETTE[list.length % PALETTE.length]!,
  };
}

type Intent = 'create' | 'edit' | 'delete';
interface Fields {
  name?: string;
  colour?: string;
}

/** The page has a form per label: the answer names the form (and label) its errors belong to. */
function refused(intent: Intent, errors: FieldErrors, status: number, fields: Fields = {}, labelId?: string) {
  return data({ intent, labelId, errors, fields }, { status });
}

export async function changeLabels(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { labels } = context.services;
  const intent = formText(formData, 'intent') as Intent;
  const labelId = formText(formData, 'labelId') || undefined;
  const fields = { name: formText(formData, 'name'), colour: formText(formData, 'colour') };
  try {
    switch (intent) {
      case 'create': {
        const submission = parseForm(CreateLabelSchema, fields);
        if (!submission.ok) return refused(intent, submission.errors, 400, fields);
        await labels.create(actor, submission.data);
        return redirect('/labels');
      }
      case 'edit': {
        const submission = parseForm(EditLabelSchema, fields);
        if (!submission.ok) return refused(intent, submission.errors, 400, fields, labelId);
        await labels.edit(actor, labelId ?? '', submission.data);
        return redirect('/labels');
      }
      case 'delete':
        await labels.remove(actor, labelId ?? '');
        return redirect('/labels');
      default:
        throw data({ title: 'Unknown action', detail: `The labels page cannot "${intent}".` }, { status: 400 });
    }
  } catch (error) {
    if (!isProblemError(error)) throw error;
    const errors = problemErrors(error);
    // a taken name is the name field's problem, not the form's
    return refused(intent, error.slug === 'label-name-taken' ? { name: errors.form } : errors, error.status, fields, labelId);
  }
}
