// The composer's templates and snippets: "Use a template" (`/compose?template=<id>` asks for
// its variables, `&fill=1&var.<name>=...` fills the composer with it, editable), "Save as
// template" (the post being written, with each account's own text as its platform's
// variant), and the snippets "Insert a snippet" offers. Plain GET and POST forms: they work
// without JavaScript.
import { redirect, type AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import { CreateTemplateSchema } from '../../api/templates/schemas';
import type { Platform } from '../../domain/post';
import { optionFormValues } from '../../domain/target-options';
import { variableField } from '../components/composer/template-picker';
import type { FieldErrors } from '../utils/forms';
import { formText, invalid, isProblemError, parseForm, problemErrors, type FieldOf } from '../utils/forms.server';
import type { ComposeFields, readComposeForm } from './compose.server';

/** A template chosen in the composer: its variables, the values given, and why they were refused. */
export interface TemplateUse {
  id: string;
  name: string;
  variables: Array<{ name: string; default?: string }>;
  values: Record<string, string>;
  errors: FieldErrors;
}

/** Errors of `body.variables.<name>` beside each variable's field; the rest for the form. */
const variableFieldOf: FieldOf = (path) => (path[0] === 'variables' && path[1] ? variableField(path[1]) : 'form');

/**
 * The team's templates and snippets for the composer, and, with `?template=<id>`, the template
 * chosen: with `fill`, the composer's fields made from it (`initial`), or why it could not be.
 */
export async function loadComposerTemplates(
  context: AppLoadContext,
  actor: Actor,
  url: URL,
  base: { initial: ComposeFields; connections: ReadonlyArray<{ id: string; platform: Platform }> },
) {
  const { templates, snippets, media } = context.services;
  const [templateList, snippetList] = await Promise.all([templates.list(actor), snippets.list(actor)]);
  const choices = {
    templates: templateList.map(({ id, name }) => ({ id, name })),
    snippets: snippetList.map(({ id, name, content }) => ({ id, name, content })),
  };
  const chosen = templateList.find((template) => template.id === url.searchParams.get('template'));
  if (!chosen) return { ...choices, templateUse: null, initial: base.initial };
  // a field left empty gives no value: the variable's default, or a refusal naming it
  const values = Object.fromEntries(
    chosen.variables.flatMap(({ name }) => {
      const value = url.searchParams.get(variableField(name));
      return value ? [[name, value]] : [];
    }),
  );
  const use: TemplateUse = { id: chosen.id, name: chosen.name, variables: chosen.variables, values, errors: {} };
  // a template without variables fills the composer at once
  if (!url.searchParams.has('fill') && chosen.variables.length > 0) return { ...choices, templateUse: use, initial: base.initial };
  try {
    const filled = await templates.fill(actor, chosen.id, values);
    const platforms = new Map(base.connections.map((connection) => [connection.id, connection.platform]));
    const variants = new Map(filled.variants.map((variant) => [variant.platform, variant.content]));
    const overrides = Object.fromEntries(
      filled.connectionIds.flatMap((connectionId) => {
        const variant = variants.get(platforms.get(connectionId)!);
        return variant === undefined ? [] : [[connectionId, variant]];
      }),
    );
    const attached = await Promise.all(filled.media.map((id) => media.get(actor, id).catch(() => null)));
    const initial: ComposeFields = {
      ...base.initial,
      content: filled.content,
      connectionIds: filled.connectionIds.filter((id) => platforms.has(id)),
      overrides,
      media: attached.filter((item) => item !== null),
      labelIds: filled.labelIds,
      thread: filled.thread.map((part) => part.content),
      firstComment: filled.firstComment ?? '',
      targetOptions: Object.fromEntries(
        filled.targetOptions.flatMap(({ connectionId, ...byPlatform }) => {
          const values = optionFormValues(byPlatform);
          return values && platforms.has(connectionId) ? [[connectionId, values]] : [];
        }),
      ),
    };
    return { ...choices, templateUse: null, initial };
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return { ...choices, templateUse: { ...use, errors: problemErrors(error, variableFieldOf) }, initial: base.initial };
  }
}

/**
 * "Save as template": the post being written, named; each account's own text becomes its
 * platform's variant (the first one per platform); its accounts' platform options are kept.
 */
export async function saveAsTemplate(
  context: AppLoadContext,
  actor: Actor,
  form: Pick<Awaited<ReturnType<typeof readComposeForm>>, 'fields' | 'overrides' | 'targetOptions' | 'mediaIds'>,
  formData: FormData,
) {
  const { fields } = form;
  const accounts = await context.services.connections.list(actor);
  const platforms = new Map(accounts.map((account) => [account.id, account.platform]));
  const variants = new Map<Platform, string>();
  for (const { connectionId, content } of form.overrides.overrides) {
    const platform = platforms.get(connectionId);
    if (platform && !variants.has(platform)) variants.set(platform, content);
  }
  const submission = parseForm(
    CreateTemplateSchema,
    {
      name: formText(formData, 'templateName'),
      content: fields.content,
      connectionIds: fields.connectionIds,
      variants: [...variants].map(([platform, content]) => ({ platform, content })),
      media: form.mediaIds,
      labelIds: fields.labelIds,
      firstComment: fields.firstComment.trim() ? fields.firstComment : null,
      thread: fields.thread.map((content) => ({ content })),
      targetOptions: form.targetOptions,
    },
    (path) => (path[0] === 'name' ? 'templateName' : (path[0] ?? 'form')),
  );
  if (!submission.ok) return invalid(submission.errors, fields);
  try {
    await context.services.templates.create(actor, submission.data);
  } catch (error) {
    if (!isProblemError(error)) throw error;
    const errors = problemErrors(error);
    return invalid(error.slug === 'template-name-taken' ? { templateName: errors.form } : errors, fields, error.status);
  }
  return redirect('/templates');
}
