import { data, redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreateSnippetSchema, EditSnippetSchema } from '../../api/snippets/schemas';
import { CreateTemplateSchema, EditTemplateSchema } from '../../api/templates/schemas';
import { roleAllows } from '../../domain/permissions';
import { PLATFORMS, type Platform } from '../../domain/post';
import type { PlatformViolation } from '../../domain/platform-rules';
import type { FieldErrors } from '../utils/forms';
import { variantField } from '../utils/override-field';
import { formText, formTexts, isProblemError, parseForm, problemErrors, topLevelField, type FieldOf } from '../utils/forms.server';
import { loadComposerChoices, mediaOf, saveAltTexts, threadEditOf, type ComposeFields } from './compose.server';

/**
 * The team's templates and snippets, and its accounts to choose a template's from (as the
 * composer offers them: the template form counts and checks its thread parts as the composer
 * does). `?edit=<id>` / `?delete=<id>` open a template's form or deletion, `?editSnippet=` /
 * `?deleteSnippet=` a snippet's: plain links, so all of it works without JavaScript.
 */
export async function loadTemplatesPage(context: AppLoadContext, actor: Actor, url: URL) {
  const { templates, snippets } = context.services;
  const [templateList, snippetList, { connections, labels }] = await Promise.all([
    templates.list(actor),
    snippets.list(actor),
    loadComposerChoices(context, actor),
  ]);
  const canWrite = roleAllows(actor.role, 'posts:write');
  const chosen = (name: string, ids: ReadonlyArray<{ id: string }>) => {
    const id = url.searchParams.get(name);
    return canWrite && ids.some((item) => item.id === id) ? id : null;
  };
  const editingId = chosen('edit', templateList);
  const editing = templateList.find((template) => template.id === editingId);
  return {
    templates: templateList,
    snippets: snippetList,
    connections,
    labels,
    // a variant per platform the team publishes to
    platforms: PLATFORMS.filter((platform) => connections.some((account) => account.platform === platform)),
    canWrite,
    editingId,
    /** the media of the template being edited, with their thumbnails and alt text */
    editingMedia: editing ? await mediaOf(context, actor, editing.media) : [],
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
  labelIds: string[];
  /** each platform's own text, by platform; an empty one is no variant */
  variants: Partial<Record<Platform, string>>;
  /** the uploads, in order, with their thumbnails and alt text */
  media: ComposeFields['media'];
  /** the thread's parts after the first, their texts */
  thread: string[];
  firstComment: string;
}

/** The page has a form per template and snippet: the answer names the form (and item) its errors belong to. */
function refused(intent: Intent, errors: FieldErrors, status: number, fields: Partial<TemplateFormFields>, id?: string) {
  return data({ intent, id, errors, fields }, { status });
}

/** What the template form edits, as the composer's fields send it (media by id, the thread's parts by text). */
async function templateFields(context: AppLoadContext, actor: Actor, formData: FormData): Promise<TemplateFormFields> {
  return {
    name: formText(formData, 'name'),
    content: formText(formData, 'content'),
    connectionIds: formTexts(formData, 'connectionIds'),
    labelIds: formTexts(formData, 'labelIds'),
    variants: Object.fromEntries(
      PLATFORMS.flatMap((platform) =>
        formData.has(variantField(platform)) ? [[platform, formText(formData, variantField(platform))]] : [],
      ),
    ),
    media: await mediaOf(context, actor, formTexts(formData, 'media')),
    // an emptied part is a part removed
    thread: formTexts(formData, 'thread').filter((part) => part.trim()),
    firstComment: formText(formData, 'firstComment'),
  };
}

/** The variants the form sends, as the API takes them: the platforms with a text. */
function variantsOf(fields: TemplateFormFields) {
  return PLATFORMS.flatMap((platform) => (fields.variants[platform]?.trim() ? [{ platform, content: fields.variants[platform]! }] : []));
}

/** A platform's refusal beside the text that broke it: the platform's variant, else the template's text. */
function violationFields(violations: readonly PlatformViolation[], fields: TemplateFormFields): FieldErrors {
  const errors: FieldErrors = {};
  for (const violation of violations) {
    const field = fields.variants[violation.platform]?.trim() ? variantField(violation.platform) : 'content';
    (errors[field] ??= []).push(violation.message);
  }
  return errors;
}

export async function changeTemplates(context: AppLoadContext, actor: Actor, formData: FormData) {
  const { templates, snippets } = context.services;
  const intent = formText(formData, 'intent') as Intent;
  const id = formText(formData, 'id') || undefined;
  const fields = await templateFields(context, actor, formData);
  const variants = variantsOf(fields);
  const mediaIds = fields.media.map((media) => media.id);
  const template = {
    ...fields,
    variants,
    media: mediaIds,
    thread: fields.thread.map((content) => ({ content })),
    firstComment: fields.firstComment.trim() ? fields.firstComment : null,
  };
  // a variant's error (`variants.<i>.content`) beside its platform's text
  const fieldOf: FieldOf = (path) => (path[0] === 'variants' ? variantField(variants[Number(path[1])]!.platform) : topLevelField(path));
  const snippet = { name: fields.name, content: fields.content };
  try {
    switch (intent) {
      case 'create': {
        const submission = parseForm(CreateTemplateSchema, template, fieldOf);
        if (!submission.ok) return refused(intent, submission.errors, 400, fields);
        await saveAltTexts(context, actor, formData, mediaIds);
        await templates.create(actor, submission.data);
        return redirect('/templates');
      }
      case 'edit': {
        // a part whose text is unchanged keeps the media the API gave it; the form shows the parts' texts only
        const current = await templates.get(actor, id ?? '');
        const thread = threadEditOf(
          fields.thread,
          current.thread.map((part) => ({ content: part.content, mediaIds: part.media ?? [] })),
        );
        const submission = parseForm(EditTemplateSchema, { ...template, thread: thread ?? current.thread }, fieldOf);
        if (!submission.ok) return refused(intent, submission.errors, 400, fields, id);
        await saveAltTexts(context, actor, formData, mediaIds);
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
    const violations = error.extensions.violations as PlatformViolation[] | undefined;
    if (error.slug === 'platform-rules' && violations)
      return refused(intent, violationFields(violations, fields), error.status, fields, id);
    // a taken name is the name field's problem
    return refused(intent, error.slug.endsWith('-name-taken') ? { name: errors.form ?? [] } : errors, error.status, fields, id);
  }
}
