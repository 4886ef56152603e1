import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreateSnippetSchema, EditSnippetSchema } from '../../api/snippets/schemas';
import { CreateTemplateSchema, EditTemplateSchema } from '../../api/templates/schemas';
import { roleAllows } from '../../domain/permissions';
import { accountSummary } from '../utils/account-avatars.server';
import type { FieldErrors } from '../utils/forms';
import { formText, formTexts, isProblemError, parseForm, problemErrors } from '../utils/forms.server';

/**
 * The team's templates and snippets, and its accounts to choose a template's from.
 * `?edit=<id>` / `?delete=<id>` open a template's form or deletion, `?editSnippet=` /
 * `?deleteSnippet=` a snippet's: plain links, so all of it works without JavaScript.
 */
export async function loadTemplatesPage(context: AppLoadContext, actor: Actor, url: URL) {
  const { templates, snippets, connections } = context.services;
  const [templateList, snippetList, accounts] = await Promise.all([templates.list(actor), snippets.list(actor), connections.list(actor)]);
  const canWrite = roleAllows(actor.role, 'posts:write');
  const chosen = (name: string, ids: ReadonlyArray<{ id: string }>) => {
    const id = url.searchParams.get(name);
    return canWrite && ids.some((item) => item.id === id) ? id : null;
  };
  return {
    templates: templateList,
    snippets: snippetList,
    connections: accounts.map(accountSummary),
    canWrite,
    editingId: chosen('edit', templateList),
    deletingId: chosen('delete', templateList),
    editingSnippetId: chosen('editSnippet', snippetList),
    deletingSnippetId: chosen('deleteSnippet', snippetList),
  };
}

type Intent = 'create' | 'edit' | 'delete' | 'create-snippet' | 'edit-snippet' | 'delete-snippet';

export interface TemplateFormFields {
  name: string;
  content: string;
  connectionIds: string[];
  firstComment: string;
}

/** The page has a form per template and snippet: the answer names the form (and item) its errors belong to. */
function refused(intent: Intent, errors: FieldErrors, status: number, fields: Partial<TemplateFormFields>, id?: string) {
  return data({ intent, id, errors, fields }, { status });
}

/** What the template form edits; variants, media and thread parts are kept as they are (the API and "Save as template" set them). */
function templateFields(formData: FormData): TemplateFormFields {
  return {
    name: formText(formData, 'name'),
    content: formText(formData, 'content'),
    connectionIds: formTexts(formData, 'connectionIds'),
    firstComment: formText(formData, 'firstComment'),
  };
}

export async function changeTemplates(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { templates, snippets } = context.services;
  const intent = formText(formData, 'intent') as Intent;
  const id = formText(formData, 'id') || undefined;
  const fields = templateFields(formData);
  const template = { ...fields, firstComment: fields.firstComment.trim() ? fields.firstComment : null };
  const snippet = { name: fields.name, content: fields.content };
  try {
    switch (intent) {
      case 'create': {
        const submission = parseForm(CreateTemplateSchema, template);
        if (!submission.ok) return refused(intent, submission.errors, 400, fields);
        await templates.create(actor, submission.data);
        return redirect('/templates');
      }
      case 'edit': {
        const submission = parseForm(EditTemplateSchema, template);
        if (!submission.ok) return refused(intent, submission.errors, 400, fields, id);
        await templates.edit(actor, id ?? '', submission.data);
        return redirect('/templates');
      }
      case 'delete':
        await templates.remove(actor, id ?? '');
        return redirect('/templates');
      case 'create-snippet': {
        const submission = parseForm(CreateSnippetSchema, snippet);
        if (!submission.ok) return refused(intent, submission.errors, 400, fields);
        await snippets.create(actor, submission.data);
        return redirect('/templates#snippets');
      }
      case 'edit-snippet': {
        const submission = parseForm(EditSnippetSchema, snippet);
        if (!submission.ok) return refused(intent, submission.errors, 400, fields, id);
        await snippets.edit(actor, id ?? '', submission.data);
        return redirect('/templates#snippets');
      }
      case 'delete-snippet':
        await snippets.remove(actor, id ?? '');
        return redirect('/templates#snippets');
      default:
        throw data({ title: 'Unknown action', detail: `The templates page cannot "${String(intent)}".` }, { status: 400 });
    }
  } catch (error) {
    if (!isProblemError(error)) throw error;
    const errors = problemErrors(error);
    // a taken name is the name field's problem, and a platform's refusal the text's
    const field = error.slug.endsWith('-name-taken') ? 'name' : error.slug === 'platform-rules' ? 'content' : undefined;
    return refused(intent, field ? { [field]: errors.form ?? [] } : errors, error.status, fields, id);
  }
}
